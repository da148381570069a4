package dev.casefile.demo;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds OTLP {@code TracesData} bytes with the protobuf classes, the way an instrumented service
 * exported through the Collector would: used by the demo traffic and by tests.
 */
public final class OtlpTraceBuilder {

    private final Map<String, String> resourceAttributes = new LinkedHashMap<>();
    private final List<Span> spans = new ArrayList<>();

    /** A resource attribute (e.g. service.name) on every span of the batch. */
    public OtlpTraceBuilder resource(String key, String value) {
        resourceAttributes.put(key, value);
        return this;
    }

    /** Adds one span; ids are hex (32 digits for the trace, 16 for spans), parent may be null. */
    public OtlpTraceBuilder span(String traceIdHex, String spanIdHex, String parentSpanIdHex, String name,
                                 Instant start, Instant end, boolean error, Map<String, String> attributes) {
        Span.Builder span = Span.newBuilder()
                .setTraceId(hex(traceIdHex))
                .setSpanId(hex(spanIdHex))
                .setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(nanos(start))
                .setEndTimeUnixNano(nanos(end))
                .setStatus(Status.newBuilder()
                        .setCode(error ? Status.StatusCode.STATUS_CODE_ERROR : Status.StatusCode.STATUS_CODE_OK));
        if (parentSpanIdHex != null) {
            span.setParentSpanId(hex(parentSpanIdHex));
        }
        attributes.forEach((k, v) -> span.addAttributes(attribute(k, v)));
        spans.add(span.build());
        return this;
    }

    /** Adds an event (e.g. {@code gen_ai.choice}) with string attributes to the span added last. */
    public OtlpTraceBuilder event(String name, Instant at, Map<String, String> attributes) {
        Span.Event.Builder event = Span.Event.newBuilder().setName(name).setTimeUnixNano(nanos(at));
        attributes.forEach((k, v) -> event.addAttributes(attribute(k, v)));
        return replaceLast(spans.get(spans.size() - 1).toBuilder().addEvents(event).build());
    }

    /** Adds a structured attribute (an OTLP array or key-value list) to the span added last. */
    public OtlpTraceBuilder attribute(String key, AnyValue value) {
        return replaceLast(spans.get(spans.size() - 1).toBuilder()
                .addAttributes(KeyValue.newBuilder().setKey(key).setValue(value)).build());
    }

    private OtlpTraceBuilder replaceLast(Span span) {
        spans.set(spans.size() - 1, span);
        return this;
    }

    /** The batch as one {@code TracesData} message. */
    public TracesData build() {
        Resource.Builder resource = Resource.newBuilder();
        resourceAttributes.forEach((k, v) -> resource.addAttributes(attribute(k, v)));
        return TracesData.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(resource)
                        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans)))
                .build();
    }

    /** The batch's bytes, as the Collector's Kafka exporter writes them with {@code encoding: otlp_proto}. */
    public byte[] toBytes() {
        return build().toByteArray();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
