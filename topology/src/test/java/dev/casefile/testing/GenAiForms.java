package dev.casefile.testing;

import dev.casefile.demo.OtlpTraceBuilder;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One small trace per way an instrumentation records the user's message and the model's answer on a
 * span (the OpenTelemetry GenAI conventions, old and new), each with the texts Casefile should read.
 * Each trace is one llm.chat span in workspace {@code forms_ws}, with no evidence tags.
 */
public final class GenAiForms {

    public static final String WORKSPACE = "forms_ws";
    /** An answer with markup in it, which the console must show as text. */
    public static final String HTML_ANSWER = "Hi! <b>How</b> can I <img src=x onerror=alert(1)> help?";

    /** A form: its name, its trace's OTLP id, and the texts expected from it. */
    public record Form(String name, String traceId, String input, String output, Consumer<OtlpTraceBuilder> decorate) {

        /** The trace's one span, as an OTLP record. */
        public byte[] otlp(Instant at) {
            OtlpTraceBuilder builder = new OtlpTraceBuilder().span(traceId, traceId.substring(16), null, "llm.chat", at,
                    at.plusMillis(800), false, Map.of("workspace.id", WORKSPACE, "session.id", "sess_" + name, "turn.id", "01"));
            decorate.accept(builder);
            return builder.toBytes();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private GenAiForms() {
    }

    public static List<Form> all() {
        return List.of(
                new Form("input_output_messages_json", id(1), "Where is my order?", "It shipped on Monday.", b -> b
                        .attribute("gen_ai.input.messages", text("[{\"role\":\"system\",\"parts\":[{\"type\":\"text\","
                                + "\"content\":\"Be brief.\"}]},{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
                                + "\"content\":\"Where is my order?\"}]}]"))
                        .attribute("gen_ai.output.messages", text("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
                                + "\"content\":\"It shipped on Monday.\"}],\"finish_reason\":\"stop\"}]"))),
                new Form("input_output_messages_structured", id(2), "Cancel my plan", "Your plan is cancelled.", b -> b
                        .attribute("gen_ai.input.messages", array(message("user", part("text", "Cancel my plan"))))
                        .attribute("gen_ai.output.messages", array(message("assistant",
                                part("tool_call", null), part("text", "Your plan is cancelled."))))),
                new Form("user_message_and_choice_events", id(3), "Is the store open today?", "Yes, until 8 pm.", b -> b
                        .event("gen_ai.user.message", Instant.EPOCH, Map.of("gen_ai.event.content",
                                "{\"role\":\"user\",\"content\":\"Is the store open today?\"}"))
                        .event("gen_ai.choice", Instant.EPOCH, Map.of("gen_ai.event.content",
                                "{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                                        + "\"content\":\"Yes, until 8 pm.\"}}"))),
                new Form("events_with_plain_content", id(4), "Second question", "First choice", b -> b
                        .event("gen_ai.user.message", Instant.EPOCH, Map.of("content", "First question"))
                        .event("gen_ai.user.message", Instant.EPOCH, Map.of("content", "Second question"))
                        .event("gen_ai.choice", Instant.EPOCH, Map.of("message", "{\"content\":\"First choice\"}"))
                        .event("gen_ai.choice", Instant.EPOCH, Map.of("message", "{\"content\":\"Second choice\"}"))),
                new Form("prompt_completion_json", id(5), "What is the refund window?", "Thirty days.", b -> b
                        .attribute("gen_ai.prompt", text("[{\"role\":\"system\",\"content\":\"Be kind.\"},"
                                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is the refund window?\"}]}]"))
                        .attribute("gen_ai.completion", text("[{\"role\":\"assistant\",\"content\":\"Thirty days.\"}]"))),
                new Form("prompt_completion_text", id(6), "Hello there", HTML_ANSWER, b -> b
                        .attribute("gen_ai.prompt", text("Hello there"))
                        .attribute("gen_ai.completion", text(HTML_ANSWER))),
                new Form("prompt_completion_indexed", id(7), "And in euros?", "About 92 euros.", b -> b
                        .attribute("gen_ai.prompt.0.role", text("user"))
                        .attribute("gen_ai.prompt.0.content", text("How much is 100 dollars?"))
                        .attribute("gen_ai.prompt.1.role", text("assistant"))
                        .attribute("gen_ai.prompt.1.content", text("100 dollars."))
                        .attribute("gen_ai.prompt.2.role", text("user"))
                        .attribute("gen_ai.prompt.2.content", text("And in euros?"))
                        .attribute("gen_ai.completion.0.role", text("assistant"))
                        .attribute("gen_ai.completion.0.content", text("About 92 euros."))),
                new Form("content_prompt_completion_events", id(8), "Reset my password", "A reset link is on its way.", b -> b
                        .event("gen_ai.content.prompt", Instant.EPOCH, Map.of("gen_ai.prompt",
                                "[{\"role\":\"user\",\"content\":\"Reset my password\"}]"))
                        .event("gen_ai.content.completion", Instant.EPOCH, Map.of("gen_ai.completion",
                                "[{\"role\":\"assistant\",\"content\":\"A reset link is on its way.\"}]"))));
    }

    private static String id(int n) {
        return String.format("f0f0f0f0f0f0f0f0f0f0f0f0f0f0%04x", n);
    }

    private static AnyValue text(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }

    private static AnyValue array(AnyValue... values) {
        return AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(List.of(values))).build();
    }

    private static AnyValue message(String role, AnyValue... parts) {
        return kvlist(Map.of("role", text(role), "parts", array(parts)));
    }

    private static AnyValue part(String type, String content) {
        return content == null ? kvlist(Map.of("type", text(type), "name", text("lookup")))
                : kvlist(Map.of("type", text(type), "content", text(content)));
    }

    private static AnyValue kvlist(Map<String, AnyValue> fields) {
        KeyValueList.Builder list = KeyValueList.newBuilder();
        fields.forEach((k, v) -> list.addValues(KeyValue.newBuilder().setKey(k).setValue(v)));
        return AnyValue.newBuilder().setKvlistValue(list).build();
    }
}
