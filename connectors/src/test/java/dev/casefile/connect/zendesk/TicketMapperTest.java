package dev.casefile.connect.zendesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.casefile.schema.SupportTicket;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The source's mapping from a ticket of Zendesk's export (as its API documentation shows one) to the contract. */
class TicketMapperTest {

    private static final String TICKET = """
            {"id": 35436, "url": "https://acme.zendesk.com/api/v2/tickets/35436.json",
             "created_at": "2026-05-24T09:20:11Z", "updated_at": "2026-05-24T10:02:45Z",
             "status": "open", "subject": "Refund answer was wrong",
             "description": "Your bot said annual contracts are refundable anytime. Ref resp_5b8efff79803, see https://app.acme.example/c/sess_918#turn-07",
             "requester_id": 20978392, "organization_id": 509974, "via": {"channel": "web", "source": {}},
             "tags": ["refund"],
             "custom_fields": [{"id": 27642, "value": "acme_eu"}, {"id": 27643, "value": "sess_918"},
                               {"id": 27644, "value": 7}, {"id": 27645, "value": null},
                               {"id": 27646, "value": ["multi", "select"]}, {"id": 27647, "value": "ct_annual_77"}]}
            """;
    private static final Map<Long, String> USERS = Map.of(20978392L, "pat@acme.example");

    private static ZendeskSourceConfig config(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of(
                "zendesk.url", "https://acme.zendesk.com", "zendesk.email", "bot@acme.example", "zendesk.api.token", "t0k3n",
                "mapping.workspace", "field:27642", "mapping.session_id.field", "27643", "mapping.turn_id.field", "27644",
                "mapping.trace_id.field", "27645", "mapping.category.field", "27646"));
        props.put("mapping.business.key.contract_id", "27647");
        props.put("text.pattern.response_id", "\\b(resp_[0-9a-f]{12})\\b");
        props.put("text.pattern.conversation_url", "https://app\\.acme\\.example/c/\\S+");
        props.putAll(extra);
        return new ZendeskSourceConfig(props);
    }

    private static JsonObject ticket() {
        return JsonParser.parseString(TICKET).getAsJsonObject();
    }

    @Test
    void everyMappedFieldReachesTheContract() {
        SupportTicket t = assertInstanceOf(MappedTicket.Ticket.class, config(Map.of()).mapper().map(ticket(), USERS)).ticket();
        assertEquals("zd-35436", t.getTicketId());
        assertEquals(Instant.parse("2026-05-24T09:20:11Z"), t.getOpenedAt());
        assertEquals(Instant.parse("2026-05-24T10:02:45Z"), t.getUpdatedAt());
        assertEquals("open", t.getStatus());
        assertEquals("web", t.getChannel());
        assertEquals("acme_eu", t.getWorkspaceId());
        assertEquals("pat@acme.example", t.getRequesterEmail(), "the side-loaded requester's email");
        assertEquals("sess_918", t.getSessionId());
        assertEquals("7", t.getTurnId(), "a number field's value as text");
        assertNull(t.getTraceId(), "a null field value is not set");
        assertNull(t.getCategory(), "a multi-select value is not an id");
        assertEquals(Map.of("contract_id", "ct_annual_77", "response_id", "resp_5b8efff79803"), t.getBusinessKeys());
        assertEquals("https://app.acme.example/c/sess_918#turn-07", t.getConversationUrl());
        assertEquals("Refund answer was wrong", t.getSubject());
        assertTrue(t.getBody().startsWith("Your bot said"));
    }

    @Test
    void theWorkspaceCanBeTheOrganizationOrAConstant() {
        assertEquals("509974", assertInstanceOf(MappedTicket.Ticket.class,
                config(Map.of("mapping.workspace", "organization")).mapper().map(ticket(), USERS)).ticket().getWorkspaceId());
        assertEquals("acme_us", assertInstanceOf(MappedTicket.Ticket.class,
                config(Map.of("mapping.workspace", "const:acme_us")).mapper().map(ticket(), USERS)).ticket().getWorkspaceId());
    }

    @Test
    void aDeletedTicketIsATombstone() {
        JsonObject deleted = ticket();
        deleted.addProperty("status", "deleted");
        assertEquals(new MappedTicket.Deleted("zd-35436"), config(Map.of()).mapper().map(deleted, USERS));
    }

    @Test
    void anUnmappableTicketGetsAReasonThatNamesTheFieldAndTheRuleAndNoContent() {
        JsonObject noWorkspace = ticket();
        noWorkspace.remove("custom_fields");
        MappedTicket.Unmappable u = assertInstanceOf(MappedTicket.Unmappable.class, config(Map.of()).mapper().map(noWorkspace, USERS));
        assertEquals("zd-35436", u.key());
        assertEquals("workspace_id: required, but mapping.workspace=field:27642 gives nothing for Zendesk ticket 35436", u.reason());

        JsonObject badTime = ticket();
        badTime.addProperty("created_at", "yesterday");
        u = assertInstanceOf(MappedTicket.Unmappable.class, config(Map.of()).mapper().map(badTime, USERS));
        assertTrue(u.reason().startsWith("opened_at: Zendesk ticket 35436's created_at is not an ISO-8601"), u.reason());
        assertFalse(u.reason().contains("yesterday"), "no ticket content in a reason");

        JsonObject noId = ticket();
        noId.remove("id");
        assertNull(config(Map.of()).mapper().map(noId, USERS).key());
    }

    @Test
    void badMappingSettingsAreRefusedWithTheSettingNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> config(Map.of("mapping.workspace", "org")));
        assertTrue(e.getMessage().contains("mapping.workspace"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> config(Map.of("text.pattern.response_id", "(unclosed")));
        assertTrue(e.getMessage().contains("text.pattern.response_id"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> config(Map.of("mapping.business.key.Order-Id", "1")));
        assertTrue(e.getMessage().contains("mapping.business.key.Order-Id"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> config(Map.of("export.start.time",
                Long.toString(System.currentTimeMillis() / 1000))));
        assertTrue(e.getMessage().contains("at least a minute in the past"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> config(Map.of("zendesk.url", "acme.zendesk.com")));
        assertTrue(e.getMessage().contains("zendesk.url"), e.getMessage());
    }
}
