package dev.casefile.connect.zendesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.LinkMethod;
import dev.casefile.schema.LinkedComplaint;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** What the sink writes to a ticket, and when it writes nothing. */
class TicketLinkTest {

    private static final String OTLP = "5b8efff798038103d269b633813f9021";

    private static LinkSinkConfig config(boolean withStatusField) {
        Map<String, String> props = new HashMap<>(Map.of("zendesk.url", "https://acme.zendesk.com", "zendesk.email",
                "bot@acme.example", "zendesk.api.token", "t0k3n", "link.trace.field.id", "900", "console.public.url",
                "https://casefile.acme.example/"));
        if (withStatusField) {
            props.put("link.status.field.id", "901");
        }
        return new LinkSinkConfig(props);
    }

    private static LinkedComplaint complaint(ComplaintStatus status) {
        return LinkedComplaint.newBuilder().setComplaintId("cmp-acme_eu-sess_918-07").setStatus(status)
                .setLinkMethod(status == ComplaintStatus.LINKED ? LinkMethod.BUSINESS_KEY : LinkMethod.NONE)
                .setWorkspaceId("acme_eu").setTraceId(status == ComplaintStatus.LINKED ? "tr_9021" : null)
                .setOtlpTraceId(status == ComplaintStatus.LINKED ? OTLP : null).setTicketIds(List.of("zd-441", "cs_9"))
                .setComplaintText("pat@acme.example says it was wrong")
                .setEvidenceTags(List.of(EvidenceTag.newBuilder().setKey("doc_version").setValue("v17").build(),
                        EvidenceTag.newBuilder().setKey("prompt_version").setValue("refund-v4").build()))
                .setFirstReportedAt(Instant.parse("2026-05-21T09:14:33Z")).build();
    }

    private static JsonObject ticketWith(String fields) {
        return JsonParser.parseString("{\"id\": 441, \"custom_fields\": [" + fields + "]}").getAsJsonObject();
    }

    @Test
    void aLinkedComplaintWritesItsTraceStatusAndAPrivateNote() {
        LinkSinkConfig config = config(true);
        TicketLink wanted = TicketLink.wanted(complaint(ComplaintStatus.LINKED), config).orElseThrow();
        assertEquals(new TicketLink(OTLP, "LINKED"), wanted);
        JsonObject update = wanted.update(complaint(ComplaintStatus.LINKED), config, "2026-05-24T10:02:45Z");
        assertTrue(update.get("safe_update").getAsBoolean(), "an edit made since the ticket was read makes it fail");
        assertEquals("2026-05-24T10:02:45Z", update.get("updated_stamp").getAsString());
        assertEquals("[{\"id\":900,\"value\":\"" + OTLP + "\"},{\"id\":901,\"value\":\"LINKED\"}]",
                update.get("custom_fields").toString());
        assertFalse(update.getAsJsonObject("comment").get("public").getAsBoolean());
        String note = update.getAsJsonObject("comment").get("body").getAsString();
        assertTrue(note.contains("Case file: https://casefile.acme.example/#/trace/" + OTLP), note);
        assertTrue(note.contains("Status: LINKED (link method BUSINESS_KEY)"), note);
        assertTrue(note.contains("Evidence: doc_version=v17, prompt_version=refund-v4"), note);
        assertFalse(note.contains("pat@acme.example"), "the complaint text stays out of the note");
    }

    @Test
    void aTicketThatAlreadyShowsTheLinkNeedsNoWrite() {
        LinkSinkConfig config = config(true);
        TicketLink shown = TicketLink.shownOn(ticketWith("{\"id\":900,\"value\":\"" + OTLP + "\"},{\"id\":901,\"value\":\"LINKED\"}"),
                config);
        assertEquals(TicketLink.wanted(complaint(ComplaintStatus.LINKED), config).orElseThrow(), shown);
        assertEquals(new TicketLink(null, null), TicketLink.shownOn(ticketWith("{\"id\":900,\"value\":\"\"}"), config));
    }

    @Test
    void awaitingAndAmbiguousShowTheirStatusOnlyWithAStatusFieldAndUnresolvedNothing() {
        assertEquals(Optional.of(new TicketLink(null, "AWAITING_TRACE")),
                TicketLink.wanted(complaint(ComplaintStatus.AWAITING_TRACE), config(true)));
        assertEquals(Optional.of(new TicketLink(null, null)), TicketLink.wanted(complaint(ComplaintStatus.AMBIGUOUS), config(false)),
                "without a status field the ticket shows nothing until the complaint links, so nothing is written");
        assertEquals(Optional.empty(), TicketLink.wanted(complaint(ComplaintStatus.UNRESOLVED), config(true)));
        String note = TicketLink.note(complaint(ComplaintStatus.AWAITING_TRACE), "https://casefile.acme.example");
        assertTrue(note.contains("Complaint: https://casefile.acme.example/#/complaint/cmp-acme_eu-sess_918-07"), note);
    }

    @Test
    void onlyTicketsWithThePrefixAreZendesks() {
        LinkSinkConfig config = config(false);
        assertEquals(441L, config.zendeskId("zd-441").getAsLong());
        assertTrue(config.zendeskId("cs_9").isEmpty());
        assertTrue(config.zendeskId("zd-0").isEmpty());
        assertTrue(config.zendeskId("zd-12x").isEmpty());
    }

    @Test
    void theStatusFieldMustBeAnotherFieldThanTheTraceField() {
        Map<String, String> props = new HashMap<>(Map.of("zendesk.url", "https://acme.zendesk.com", "zendesk.email",
                "bot@acme.example", "zendesk.api.token", "t0k3n", "link.trace.field.id", "900", "link.status.field.id", "900",
                "console.public.url", "https://casefile.acme.example"));
        ConfigException e = assertThrows(ConfigException.class, () -> new LinkSinkConfig(props));
        assertTrue(e.getMessage().contains("link.status.field.id"), e.getMessage());
    }
}
