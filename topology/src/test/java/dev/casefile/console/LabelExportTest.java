package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casefile.config.TraceLink;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.LinkMethod;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.serde.TrustedRecords;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Export lines: the question and answer from the spans, the tree in brief, strata, and no email addresses. */
class LabelExportTest {

    static {
        TrustedRecords.install();
    }

    private static final String TRACE = "5b8efff798038103d269b633813f9021";

    @Test
    void aCaseCarriesTheTurnsQuestionAndAnswerAndTheTreeInBriefWithEmailsRedacted() {
        Views.Complaint complaint = complaint("cmp-1", "Wrong! Write to kim.lee@acme.example or KIM@ACME.EXAMPLE.",
                List.of(new EvidenceTag("doc_version", "v17", "retrieve", "s2")));
        Views.TraceSpans spans = new Views.TraceSpans(TRACE, List.of(
                new Views.Span("s1", null, "chat.turn", "OK", null, 0, 2_000_000, Map.of(), null, null),
                new Views.Span("s2", "s1", "llm.answer", "OK", null, 100_000, 1_900_000, Map.of(),
                        "My email is pat@acme.example, refund?", "Refundable anytime.")), 0);
        LabelExport.Result result = LabelExport.build(request(Map.of()), List.of(complaint), id -> Optional.of(spans));

        Views.ExportCase line = result.cases().get(0);
        assertEquals("Wrong! Write to [email] or [email].", line.complaintText());
        assertEquals("My email is [email], refund?", line.input());
        assertEquals("Refundable anytime.", line.answer());
        assertEquals(List.of(new Views.BriefSpan(0, "chat.turn", "ok", 2000.0, false, false),
                new Views.BriefSpan(1, "llm.answer", "ok", 1800.0, false, false)), line.spans());
        assertNull(line.stratum());
        assertEquals(Map.of("all", 1), result.strata());
    }

    @Test
    void aComplaintWithoutTheStratifyingTagIsInTheNoneStratum() {
        List<Views.Complaint> complaints = List.of(
                complaint("cmp-1", null, List.of(new EvidenceTag("doc_version", "v17", null, null))),
                complaint("cmp-2", null, List.of()));
        LabelExport.Result result = LabelExport.build(request(Map.of("sample", "5", "stratify_by", "doc_version")),
                complaints, id -> Optional.empty());
        assertEquals(Map.of("(none)", 1, "v17", 1), result.strata());
        assertEquals(List.of("(none)", "v17"), result.cases().stream().map(Views.ExportCase::stratum).toList());
    }

    @Test
    void requestsAreCheckedBeforeAnythingIsRead() {
        assertThrows(ApiException.class, () -> ExportRequest.parse(Map.of("stratify_by", "doc_version")));
        assertThrows(ApiException.class, () -> ExportRequest.parse(Map.of("sample", "0")));
        assertThrows(ApiException.class, () -> ExportRequest.parse(Map.of("status", "DONE")));
        assertThrows(ApiException.class, () -> ExportRequest.parse(Map.of("from", "2026-05-02T00:00:00Z",
                "to", "2026-05-01T00:00:00Z")));
        assertThrows(ApiException.class, () -> ExportRequest.parse(Map.of("tag", "no-equals")));
    }

    private static ExportRequest request(Map<String, String> query) {
        return ExportRequest.parse(query);
    }

    private static Views.Complaint complaint(String id, String text, List<EvidenceTag> tags) {
        return Views.Complaint.of(LinkedComplaint.newBuilder().setComplaintId(id).setStatus(ComplaintStatus.LINKED)
                .setLinkMethod(LinkMethod.SESSION_TURN_JOIN).setWorkspaceId("acme_eu").setOtlpTraceId(TRACE)
                .setComplaintText(text).setEvidenceTags(tags).setBusinessKeys(Map.of("email_hash", "abc"))
                .setFirstReportedAt(Instant.parse("2026-05-21T09:14:33Z")).setRevision(1).build(), new TraceLink(""));
    }
}
