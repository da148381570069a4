package dev.casefile.connect.zendesk;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.casefile.contract.Identifiers;
import dev.casefile.schema.SupportTicket;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a ticket of Zendesk's export to Casefile's {@code SupportTicket}, as the source connector's
 * {@code mapping.*} and {@code text.pattern.*} settings say:
 * <ul>
 *   <li>{@code ticket_id}: the prefix and Zendesk's id; {@code opened_at}, {@code updated_at}: {@code created_at},
 *   {@code updated_at}; {@code status}; {@code channel}: {@code via.channel}; {@code subject}; {@code body}:
 *   {@code description}; {@code requester_email}: the side-loaded requester's email;</li>
 *   <li>{@code workspace_id}: the organization, a custom field or a constant;</li>
 *   <li>session, turn, trace, feedback id, conversation URL, category and any business key: custom fields;</li>
 *   <li>then, for what no field gave, the first match of each text pattern in the description (its first group if
 *   it has one), e.g. {@code text.pattern.response_id=\b(resp_[A-Za-z0-9]+)}; the pattern named
 *   {@code conversation_url} fills {@code conversation_url}, every other name a business key.</li>
 * </ul>
 * Reasons for an unmappable ticket name the contract field and the rule, and never the ticket's content.
 */
final class TicketMapper {

    /** Contract fields a custom field may fill, besides business keys. */
    enum Field {
        SESSION_ID, TURN_ID, TRACE_ID, FEEDBACK_ID, CONVERSATION_URL, CATEGORY;

        String contractName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String CONVERSATION_URL_PATTERN = "conversation_url";

    private final String idPrefix;
    private final WorkspaceSource workspace;
    private final Map<Field, Long> fields;
    private final Map<String, Long> businessKeyFields;
    private final Map<String, Pattern> textPatterns;

    TicketMapper(String idPrefix, WorkspaceSource workspace, Map<Field, Long> fields, Map<String, Long> businessKeyFields,
                 Map<String, Pattern> textPatterns) {
        this.idPrefix = Objects.requireNonNull(idPrefix, "idPrefix");
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.fields = Map.copyOf(fields);
        this.businessKeyFields = new TreeMap<>(businessKeyFields);
        this.textPatterns = new TreeMap<>(textPatterns);
    }

    MappedTicket map(JsonObject ticket, Map<Long, String> userEmails) {
        if (!Json.isNumber(ticket, "id")) {
            return new MappedTicket.Unmappable(null, "ticket_id: required, but the Zendesk ticket has no numeric id");
        }
        long id = ticket.get("id").getAsLong();
        String key = idPrefix + id;
        String status = Json.text(ticket, "status");
        if (Identifiers.blank(status)) {
            return new MappedTicket.Unmappable(key, "status: required, but Zendesk ticket " + id + " has no status");
        }
        if (status.equals("deleted")) {
            return new MappedTicket.Deleted(key);
        }
        Instant opened;
        Instant updated;
        try {
            opened = time(ticket, "created_at", "opened_at", id);
            updated = time(ticket, "updated_at", "updated_at", id);
        } catch (IllegalArgumentException e) {
            return new MappedTicket.Unmappable(key, e.getMessage());
        }
        Map<Long, String> custom = customFields(ticket);
        String workspaceId = workspace.of(ticket, custom);
        if (!Identifiers.usable(workspaceId)) {
            return new MappedTicket.Unmappable(key, "workspace_id: required, but mapping.workspace=" + workspace.describe()
                    + " gives " + (workspaceId == null ? "nothing" : "an unusable id") + " for Zendesk ticket " + id);
        }
        String description = Json.text(ticket, "description");
        Map<String, String> businessKeys = new TreeMap<>();
        businessKeyFields.forEach((name, fieldId) -> {
            String value = custom.get(fieldId);
            if (!Identifiers.blank(value)) {
                businessKeys.put(name, value.strip());
            }
        });
        String conversationUrl = field(custom, Field.CONVERSATION_URL);
        for (Map.Entry<String, Pattern> pattern : textPatterns.entrySet()) {
            boolean isUrl = pattern.getKey().equals(CONVERSATION_URL_PATTERN);
            if ((isUrl ? conversationUrl != null : businessKeys.containsKey(pattern.getKey())) || description == null) {
                continue;
            }
            String found = firstMatch(pattern.getValue(), description);
            if (found != null && isUrl) {
                conversationUrl = found;
            } else if (found != null) {
                businessKeys.put(pattern.getKey(), found);
            }
        }
        JsonObject via = Json.object(ticket, "via");
        Long requester = Json.isNumber(ticket, "requester_id") ? ticket.get("requester_id").getAsLong() : null;
        return new MappedTicket.Ticket(key, SupportTicket.newBuilder()
                .setTicketId(key)
                .setOpenedAt(opened)
                .setUpdatedAt(updated)
                .setStatus(status)
                .setChannel(via == null ? null : Json.text(via, "channel"))
                .setWorkspaceId(workspaceId.strip())
                .setRequesterEmail(requester == null ? null : userEmails.get(requester))
                .setSessionId(field(custom, Field.SESSION_ID))
                .setTurnId(field(custom, Field.TURN_ID))
                .setTraceId(field(custom, Field.TRACE_ID))
                .setFeedbackId(field(custom, Field.FEEDBACK_ID))
                .setConversationUrl(conversationUrl)
                .setBusinessKeys(new HashMap<>(businessKeys))
                .setSubject(Json.text(ticket, "subject"))
                .setBody(description)
                .setCategory(field(custom, Field.CATEGORY))
                .build());
    }

    private String field(Map<Long, String> custom, Field field) {
        Long id = fields.get(field);
        String value = id == null ? null : custom.get(id);
        return Identifiers.blank(value) ? null : value.strip();
    }

    /** Custom field values by field id; a value that is not a string, number or boolean counts as unset. */
    private static Map<Long, String> customFields(JsonObject ticket) {
        Map<Long, String> values = new HashMap<>();
        JsonElement list = ticket.get("custom_fields");
        if (list == null || !list.isJsonArray()) {
            return values;
        }
        for (JsonElement element : list.getAsJsonArray()) {
            if (element.isJsonObject() && Json.isNumber(element.getAsJsonObject(), "id")) {
                String value = Json.text(element.getAsJsonObject(), "value");
                if (value != null) {
                    values.put(element.getAsJsonObject().get("id").getAsLong(), value);
                }
            }
        }
        return values;
    }

    private static Instant time(JsonObject ticket, String zendeskField, String contractField, long id) {
        String text = Json.text(ticket, zendeskField);
        if (text == null) {
            throw new IllegalArgumentException(contractField + ": required, but Zendesk ticket " + id + " has no " + zendeskField);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(contractField + ": Zendesk ticket " + id + "'s " + zendeskField
                    + " is not an ISO-8601 UTC time such as 2026-05-12T09:30:00Z");
        }
    }

    private static String firstMatch(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return null;
        }
        String value = m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group();
        return Identifiers.blank(value) ? null : value.strip();
    }
}
