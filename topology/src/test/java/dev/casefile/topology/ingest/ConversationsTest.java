package dev.casefile.topology.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.config.SpanFormat;
import dev.casefile.demo.OtlpTraceBuilder;
import dev.casefile.schema.SpanRecord;
import dev.casefile.testing.GenAiForms;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The user's message and the model's answer, read from every form of the GenAI conventions, bounded. */
class ConversationsTest {

    private static final Instant AT = Instant.parse("2026-05-21T09:14:21Z");
    private static final CasefileConfig CONFIG = new CasefileConfig(Map.of());

    static Stream<GenAiForms.Form> forms() {
        return GenAiForms.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void readsEachForm(GenAiForms.Form form) throws InvalidSpanRecordException {
        SpanRecord span = decode(form.otlp(AT), CONFIG.spanFormat());
        assertEquals(form.input(), span.getInputText(), "input");
        assertEquals(form.output(), span.getOutputText(), "answer");
        assertTrue(span.getAttributes().keySet().stream().noneMatch(Conversations::isMessageAttribute),
                "the raw message attributes are not kept: " + span.getAttributes().keySet());
    }

    @Test
    void longTextsAreCutToTheLimitAndMarked() throws InvalidSpanRecordException {
        String answer = "x".repeat(50);
        SpanRecord span = decode(span(Map.of("gen_ai.completion", answer, "gen_ai.prompt", "short")),
                new SpanFormat(false, 1 << 20, 10));
        assertEquals("x".repeat(10) + "…", span.getOutputText());
        assertEquals("short", span.getInputText());
    }

    @Test
    void aLimitOfZeroKeepsNoTextAndStillDropsTheRawAttributes() throws InvalidSpanRecordException {
        SpanRecord span = decode(span(Map.of("gen_ai.completion", "an answer", "gen_ai.prompt", "a question")),
                new SpanFormat(false, 1 << 20, 0));
        assertNull(span.getInputText());
        assertNull(span.getOutputText());
        assertEquals(Map.of("workspace.id", "ws"), span.getAttributes());
    }

    @Test
    void textThatOnlyLooksLikeJsonIsText() throws InvalidSpanRecordException {
        SpanRecord span = decode(span(Map.of("gen_ai.completion", "[citation needed] the answer")), CONFIG.spanFormat());
        assertEquals("[citation needed] the answer", span.getOutputText());
    }

    @Test
    void aSpanWithoutMessagesHasNone() throws InvalidSpanRecordException {
        SpanRecord span = decode(span(Map.of("gen_ai.request.model", "m1")), CONFIG.spanFormat());
        assertNull(span.getInputText());
        assertNull(span.getOutputText());
    }

    private static byte[] span(Map<String, String> attributes) {
        Map<String, String> all = new HashMap<>(attributes);
        all.put("workspace.id", "ws");
        return new OtlpTraceBuilder().span("0af7651916cd43dd8448eb211c80a001", "0af7651916cd43dd", null, "llm", AT,
                AT.plusMillis(5), false, all).toBytes();
    }

    private static SpanRecord decode(byte[] otlp, SpanFormat format) throws InvalidSpanRecordException {
        return new OtlpSpanDecoder(CONFIG.spanMapping(), format, new EventTimes(Clock.systemUTC())).decode(otlp).get(0)
                .getSpans().get(0);
    }
}
