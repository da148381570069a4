package dev.casefile.connect.zendesk;

import com.google.gson.JsonObject;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where a ticket's {@code workspace_id} comes from ({@code mapping.workspace}): the ticket's
 * {@code organization} id, a custom field ({@code field:<id>}) or one fixed workspace
 * ({@code const:<workspace>}).
 */
sealed interface WorkspaceSource {

    record Organization() implements WorkspaceSource {
        @Override
        public String describe() {
            return "organization";
        }

        @Override
        public String of(JsonObject ticket, Map<Long, String> customFields) {
            return Json.isNumber(ticket, "organization_id") ? ticket.get("organization_id").getAsString() : null;
        }
    }

    record CustomField(long fieldId) implements WorkspaceSource {
        @Override
        public String describe() {
            return "field:" + fieldId;
        }

        @Override
        public String of(JsonObject ticket, Map<Long, String> customFields) {
            return customFields.get(fieldId);
        }
    }

    record Constant(String workspace) implements WorkspaceSource {
        @Override
        public String describe() {
            return "const:" + workspace;
        }

        @Override
        public String of(JsonObject ticket, Map<Long, String> customFields) {
            return workspace;
        }
    }

    static WorkspaceSource parse(String setting, String value) {
        String v = value == null ? "" : value.strip();
        if (v.equals("organization")) {
            return new Organization();
        }
        if (v.startsWith("field:")) {
            try {
                return new CustomField(Long.parseLong(v.substring("field:".length()).strip()));
            } catch (NumberFormatException e) {
                throw new ConfigException(setting, value, "field: must be followed by a Zendesk custom field id, e.g. field:360001234");
            }
        }
        if (v.startsWith("const:") && v.length() > "const:".length()) {
            return new Constant(v.substring("const:".length()).strip());
        }
        throw new ConfigException(setting, value, "must be organization, field:<custom field id> or const:<workspace id>");
    }

    /** The setting's value as it was written, for reasons. */
    String describe();

    /** The ticket's workspace id, or null if it has none; {@code customFields}: its custom field values by field id. */
    String of(JsonObject ticket, Map<Long, String> customFields);
}
