package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.TraceLink;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.LinkMethod;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.serde.TrustedRecords;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The worked example's trace: the tree, which span is the suspect and why, and the span the user reacted to. */
class CaseFilesTest {

    static {
        TrustedRecords.install();
    }

    private static final TraceLink NO_LINK = new TraceLink("");

    private static Views.Span span(String id, String parent, String name, String status, long startMs, long endMs) {
        return new Views.Span(id, parent, name, status, null, startMs * 1000, endMs * 1000, Map.of(), null, null);
    }

    private static final List<Views.Span> SPANS = List.of(
            span("s2", "s1", "retrieve.policy_docs", "OK", 10, 330),
            span("s1", null, "chat.turn", "OK", 0, 2300),
            span("s4", "s1", "llm.answer", "OK", 600, 2180),
            span("s3", "s1", "tool.contract_lookup", "OK", 340, 600));

    private static final List<Views.SharedTag> SHARED = List.of(
            new Views.SharedTag("doc_version", "v17", "retrieve.policy_docs", "s2", 15, 0.291, 0.119),
            new Views.SharedTag("prompt_version", "refund-v3", "llm.answer", "s4", 22, 0.064, 0.119));

    @Test
    void theTreeHangsEveryChildUnderItsParentInStartOrder() {
        Views.CaseFile file = CaseFiles.build("5b8efff798038103d269b633813f9021",
                Optional.of(new Views.TraceSpans("5b8efff798038103d269b633813f9021", SPANS, 0)), List.of(), SHARED, List.of(), NO_LINK);
        assertEquals(1, file.roots().size());
        Views.SpanNode root = file.roots().get(0);
        assertEquals("chat.turn", root.name());
        assertEquals(List.of("retrieve.policy_docs", "tool.contract_lookup", "llm.answer"),
                root.children().stream().map(Views.SpanNode::name).toList());
        assertEquals(2300L, file.durationMs());
    }

    @Test
    void theSuspectIsTheTagValueThatStandsOutNotTheMostShared() {
        Views.Suspect suspect = CaseFiles.suspect(SPANS, SHARED).orElseThrow();
        assertEquals("retrieve.policy_docs", suspect.spanName());
        assertEquals("doc_version=v17", suspect.tag());
        assertTrue(suspect.reason().contains("29.1%"), suspect.reason());
    }

    @Test
    void anErrorSpanIsTheSuspectBeforeAnyTag() {
        List<Views.Span> withError = List.of(SPANS.get(0), SPANS.get(1), SPANS.get(2),
                new Views.Span("s3", "s1", "tool.contract_lookup", "ERROR", "timeout", 340_000, 600_000, Map.of(), null, null));
        Views.Suspect suspect = CaseFiles.suspect(withError, SHARED).orElseThrow();
        assertEquals("tool.contract_lookup", suspect.spanName());
        assertEquals("error status: timeout", suspect.reason());
    }

    @Test
    void spansInAParentCycleAreShownRatherThanLost() {
        List<Views.Span> cycle = List.of(span("a", "b", "a", "OK", 0, 1), span("b", "a", "b", "OK", 1, 2));
        Views.CaseFile file = CaseFiles.build("0".repeat(31) + "1", Optional.of(new Views.TraceSpans("0".repeat(31) + "1", cycle, 0)),
                List.of(), List.of(), List.of(), NO_LINK);
        assertEquals(2, countNodes(file.roots()));
    }

    @Test
    void theSpanTheUserReactedToIsMarked() {
        LinkedComplaint complaint = LinkedComplaint.newBuilder().setComplaintId("cmp-1").setStatus(ComplaintStatus.LINKED)
                .setLinkMethod(LinkMethod.CAPTURED_TRACE_ID).setWorkspaceId("acme_eu").setSpanId("s4")
                .setFirstReportedAt(Instant.EPOCH).setRevision(1).build();
        Views.CaseFile file = CaseFiles.build("5b8efff798038103d269b633813f9021",
                Optional.of(new Views.TraceSpans("5b8efff798038103d269b633813f9021", SPANS, 0)), List.of(), List.of(),
                List.of(Views.Complaint.of(complaint, NO_LINK)), NO_LINK);
        Views.SpanNode root = file.roots().get(0);
        assertFalse(root.reacted());
        assertEquals(List.of("llm.answer"), root.children().stream().filter(Views.SpanNode::reacted).map(Views.SpanNode::name)
                .toList());
    }

    @Test
    void theConversationIsTheFirstQuestionAndTheLastAnswer() {
        List<Views.Span> agent = List.of(
                new Views.Span("a", null, "agent", "OK", null, 0, 9_000, Map.of(), null, null),
                new Views.Span("b", "a", "llm.plan", "OK", null, 1_000, 2_000, Map.of(), "Where is my parcel?", "call track()"),
                new Views.Span("c", "a", "llm.answer", "OK", null, 3_000, 8_000, Map.of(), "tool said: in transit", "It is on its way."));
        Views.Conversation said = CaseFiles.conversation(agent);
        assertEquals(new Views.Conversation("Where is my parcel?", "b", "It is on its way.", "c"), said);
        assertEquals(null, CaseFiles.conversation(SPANS));
    }

    @Test
    void theTraceLinksToTheTeamsBackendWhenATemplateIsSet() {
        TraceLink tempo = new TraceLink("https://grafana.example/explore?traceId={trace_id}");
        Views.CaseFile file = CaseFiles.build("5B8EFFF798038103D269B633813F9021", Optional.empty(), List.of(), List.of(),
                List.of(), tempo);
        assertEquals("https://grafana.example/explore?traceId=5b8efff798038103d269b633813f9021", file.traceLink());
        assertEquals(null, CaseFiles.build("5b8efff798038103d269b633813f9021", Optional.empty(), List.of(), List.of(),
                List.of(), NO_LINK).traceLink());
    }

    private static int countNodes(List<Views.SpanNode> nodes) {
        return nodes.stream().mapToInt(n -> 1 + countNodes(n.children())).sum();
    }
}
