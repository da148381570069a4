package dev.casefile.topology;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * A toy support assistant instrumented with the OpenTelemetry API the way a real LLM app is: a turn
 * span naming the session (GenAI conventions and session.id), retrieval, a tool call, and the model
 * call with gen_ai.* attributes. It answers the worked example's refund question from the stale
 * policy page doc_version=v17.
 */
final class ToyAssistant {

    /** What the app knows after answering: what its UI captures and what a customer may paste. */
    record Answer(String traceId, String responseId) {
    }

    private final Tracer tracer;

    ToyAssistant(Tracer tracer) {
        this.tracer = tracer;
    }

    Answer answer(String workspace, String session, String turn) {
        Span root = tracer.spanBuilder("chat.turn").setSpanKind(SpanKind.SERVER).setNoParent()
                .setAttribute("workspace.id", workspace)
                .setAttribute("session.id", session)
                .setAttribute("gen_ai.conversation.id", session)
                .setAttribute("turn.id", turn)
                .startSpan();
        String responseId = "chatcmpl-" + root.getSpanContext().getSpanId();
        try (Scope ignored = root.makeCurrent()) {
            tracer.spanBuilder("retrieve.policy_docs").startSpan()
                    .setAttribute("doc_version", "v17")
                    .setAttribute("retrieval.source", "policy_docs")
                    .end();
            tracer.spanBuilder("tool.contract_lookup").startSpan()
                    .setAttribute("contract_type", "annual")
                    .setAttribute(AttributeKey.longKey("tool.latency_ms"), 260L)
                    .end();
            tracer.spanBuilder("llm.answer").setSpanKind(SpanKind.CLIENT).startSpan()
                    .setAttribute("gen_ai.operation.name", "chat")
                    .setAttribute("gen_ai.provider.name", "anthropic")
                    .setAttribute("gen_ai.request.model", "claude-2025-04-01")
                    .setAttribute("gen_ai.response.id", responseId)
                    .setAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), 212L)
                    .setAttribute("prompt_version", "refund-v3")
                    .end();
        } finally {
            root.end();
        }
        return new Answer(root.getSpanContext().getTraceId(), responseId);
    }
}
