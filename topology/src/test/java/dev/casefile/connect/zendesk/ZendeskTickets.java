package dev.casefile.connect.zendesk;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.casefile.schema.SupportTicket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Zendesk tickets as the export returns them, and the connector settings that map them to
 * Casefile's contract: the custom fields a helpdesk admin would create for the chat's ids.
 */
final class ZendeskTickets {

    static final long WORKSPACE_FIELD = 360_000_001L;
    static final long SESSION_FIELD = 360_000_002L;
    static final long TURN_FIELD = 360_000_003L;
    static final long TRACE_FIELD = 360_000_004L;
    static final long FEEDBACK_FIELD = 360_000_005L;
    static final long CATEGORY_FIELD = 360_000_006L;
    static final long CONTRACT_FIELD = 360_000_007L;
    /** Where the sink writes the linked trace and the complaint's status. */
    static final long LINKED_TRACE_FIELD = 360_000_010L;
    static final long LINK_STATUS_FIELD = 360_000_011L;
    static final String CONSOLE_URL = "https://casefile.acme.example";

    private ZendeskTickets() {
    }

    /** A ticket with the given custom field values; times to Zendesk's precision (seconds). */
    static JsonObject ticket(long id, Instant created, String status, Long requesterId, String description,
                             Map<Long, String> customFields) {
        JsonObject ticket = new JsonObject();
        ticket.addProperty("id", id);
        ticket.addProperty("url", "https://acme.zendesk.com/api/v2/tickets/" + id + ".json");
        ticket.addProperty("created_at", created.truncatedTo(ChronoUnit.SECONDS).toString());
        ticket.addProperty("updated_at", created.truncatedTo(ChronoUnit.SECONDS).toString());
        ticket.addProperty("status", status);
        ticket.addProperty("subject", "The assistant gave a wrong answer");
        ticket.addProperty("description", description);
        ticket.addProperty("requester_id", requesterId);
        ticket.add("organization_id", null);
        JsonObject via = new JsonObject();
        via.addProperty("channel", "web");
        ticket.add("via", via);
        JsonArray fields = new JsonArray();
        customFields.forEach((fieldId, value) -> {
            JsonObject field = new JsonObject();
            field.addProperty("id", fieldId);
            field.addProperty("value", value);
            fields.add(field);
        });
        ticket.add("custom_fields", fields);
        ticket.add("tags", new JsonArray());
        return ticket;
    }

    /**
     * The Zendesk ticket an agent would see for one of the demo's tickets: its ids in custom fields,
     * a pasted response id in the description, the requester as a side-loaded user.
     */
    static JsonObject fromDemo(SupportTicket demo, long id, Long requesterId) {
        Map<Long, String> fields = new LinkedHashMap<>();
        fields.put(WORKSPACE_FIELD, demo.getWorkspaceId());
        put(fields, SESSION_FIELD, demo.getSessionId());
        put(fields, TURN_FIELD, demo.getTurnId());
        put(fields, TRACE_FIELD, demo.getTraceId());
        put(fields, FEEDBACK_FIELD, demo.getFeedbackId());
        put(fields, CATEGORY_FIELD, demo.getCategory());
        put(fields, CONTRACT_FIELD, demo.getBusinessKeys().get("contract_id"));
        String responseId = demo.getBusinessKeys().get("response_id");
        String description = responseId == null ? "The answer was wrong."
                : "The answer was wrong. It showed response id " + responseId + " at the bottom.";
        JsonObject ticket = ticket(id, demo.getOpenedAt(), demo.getStatus(), requesterId, description, fields);
        ticket.getAsJsonObject("via").addProperty("channel", demo.getChannel());
        return ticket;
    }

    private static void put(Map<Long, String> fields, long id, String value) {
        if (value != null) {
            fields.put(id, value);
        }
    }

    /** The source connector's JSON config for the stand-in, with these mappings. */
    static String sourceConfig(ZendeskStandIn zendesk, int pageSize) {
        return json(Map.ofEntries(
                Map.entry("connector.class", ZendeskTicketSourceConnector.class.getName()),
                Map.entry("tasks.max", "1"),
                Map.entry("zendesk.url", zendesk.url()),
                Map.entry("zendesk.email", ZendeskStandIn.EMAIL),
                Map.entry("zendesk.api.token", ZendeskStandIn.TOKEN),
                Map.entry("export.page.size", Integer.toString(pageSize)),
                Map.entry("export.request.interval.ms", "100"),
                Map.entry("export.poll.interval.ms", "500"),
                Map.entry("export.retry.budget.ms", "30000"),
                Map.entry("mapping.workspace", "field:" + WORKSPACE_FIELD),
                Map.entry("mapping.session_id.field", Long.toString(SESSION_FIELD)),
                Map.entry("mapping.turn_id.field", Long.toString(TURN_FIELD)),
                Map.entry("mapping.trace_id.field", Long.toString(TRACE_FIELD)),
                Map.entry("mapping.feedback_id.field", Long.toString(FEEDBACK_FIELD)),
                Map.entry("mapping.category.field", Long.toString(CATEGORY_FIELD)),
                Map.entry("mapping.business.key.contract_id", Long.toString(CONTRACT_FIELD)),
                Map.entry("text.pattern.response_id", "\\b(resp_[0-9a-f]{12})\\b"),
                Map.entry("key.converter", "org.apache.kafka.connect.storage.StringConverter"),
                Map.entry("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter")));
    }

    /** The link sink's JSON config for the stand-in. */
    static String sinkConfig(ZendeskStandIn zendesk) {
        return json(Map.ofEntries(
                Map.entry("connector.class", CaseFileLinkSinkConnector.class.getName()),
                Map.entry("tasks.max", "1"),
                Map.entry("topics", "linked-complaints"),
                Map.entry("zendesk.url", zendesk.url()),
                Map.entry("zendesk.email", ZendeskStandIn.EMAIL),
                Map.entry("zendesk.api.token", ZendeskStandIn.TOKEN),
                Map.entry("link.trace.field.id", Long.toString(LINKED_TRACE_FIELD)),
                Map.entry("link.status.field.id", Long.toString(LINK_STATUS_FIELD)),
                Map.entry("console.public.url", CONSOLE_URL),
                Map.entry("errors.tolerance", "all"),
                Map.entry("errors.log.enable", "true"),
                Map.entry("key.converter", "org.apache.kafka.connect.storage.StringConverter"),
                Map.entry("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter")));
    }

    /** The source's settings as a map, for mapping tickets in the test as the connector does. */
    static ZendeskSourceConfig sourceSettings(ZendeskStandIn zendesk, int pageSize) {
        JsonObject json = JsonParser.parseString(sourceConfig(zendesk, pageSize)).getAsJsonObject();
        Map<String, String> props = new LinkedHashMap<>();
        json.entrySet().forEach(e -> props.put(e.getKey(), e.getValue().getAsString()));
        return new ZendeskSourceConfig(props);
    }

    private static String json(Map<String, String> config) {
        JsonObject json = new JsonObject();
        config.forEach(json::addProperty);
        return json.toString();
    }
}
