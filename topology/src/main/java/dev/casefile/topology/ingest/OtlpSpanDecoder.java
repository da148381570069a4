package dev.casefile.topology.ingest;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.casefile.config.SpanFormat;
import dev.casefile.config.SpanMapping;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.SpanStatus;
import dev.casefile.schema.internal.TraceFragment;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decodes one record as the OpenTelemetry Collector's Kafka exporter writes it: with
 * {@code encoding: otlp_proto} the bytes of an {@code ExportTraceServiceRequest} (which share their
 * wire format with {@code TracesData}), with {@code otlp_json} its OTLP/JSON form (ids in hex). The
 * record key (none, hex trace id, raw trace id) is not needed. One record may hold spans of many
 * traces; the result has one {@link TraceFragment} per trace, in order of first appearance. The
 * GenAI message attributes and events become each span's input and output text ({@link Conversations}).
 */
public final class OtlpSpanDecoder {

    /** Attributes kept per span: the mapped keys first (in mapping order), then the others in key order. */
    public static final int MAX_ATTRIBUTES_PER_SPAN = 32;
    /** Longer attribute values are cut to this many characters. */
    public static final int MAX_ATTRIBUTE_LENGTH = 512;

    private static final HexFormat HEX = HexFormat.of();

    private final Set<String> mappedKeys;
    private final SpanFormat format;
    private final EventTimes eventTimes;

    /** OTLP protobuf, span start times judged against the system clock. */
    public OtlpSpanDecoder(SpanMapping mapping) {
        this(mapping, SpanFormat.defaults());
    }

    /** Span start times judged against the system clock. */
    public OtlpSpanDecoder(SpanMapping mapping, SpanFormat format) {
        this(mapping, format, new EventTimes(Clock.systemUTC()));
    }

    public OtlpSpanDecoder(SpanMapping mapping, SpanFormat format, EventTimes eventTimes) {
        this.mappedKeys = mapping.mappedKeys();
        this.format = format;
        this.eventTimes = eventTimes;
    }

    /** The spans of the record grouped by trace; throws with the reason when the record is not usable OTLP. */
    public List<TraceFragment> decode(byte[] bytes) throws InvalidSpanRecordException {
        if (bytes == null) {
            throw new InvalidSpanRecordException(DeadLetterCause.NOT_OTLP, "empty record: no OTLP payload");
        }
        if (bytes.length > format.maxRecordBytes()) {
            throw new InvalidSpanRecordException(DeadLetterCause.TOO_LARGE, "record of " + bytes.length + " bytes is larger than span.max.record.bytes="
                    + format.maxRecordBytes());
        }
        TracesData data = format.json() ? OtlpJson.parse(bytes) : parseProto(bytes);
        if (!data.getUnknownFields().asMap().isEmpty()) {
            throw new InvalidSpanRecordException(DeadLetterCause.NOT_OTLP, "not an OTLP ExportTraceServiceRequest/TracesData: unknown fields "
                    + data.getUnknownFields().asMap().keySet());
        }
        Map<String, List<SpanRecord>> byTrace = new LinkedHashMap<>();
        int index = 0;
        for (ResourceSpans resourceSpans : data.getResourceSpansList()) {
            Map<String, String> resource = render(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    String traceId = id(span.getTraceId(), 16, "trace id", index);
                    byTrace.computeIfAbsent(traceId, t -> new ArrayList<>()).add(toRecord(span, resource, index));
                    index++;
                }
            }
        }
        if (byTrace.isEmpty()) {
            throw new InvalidSpanRecordException(DeadLetterCause.NO_SPANS, "OTLP record holds no spans (" + bytes.length + " bytes)");
        }
        return byTrace.entrySet().stream()
                .map(e -> new TraceFragment(e.getKey(), e.getValue(), -1, -1L))
                .collect(Collectors.toUnmodifiableList());
    }

    private static TracesData parseProto(byte[] bytes) throws InvalidSpanRecordException {
        try {
            return TracesData.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            String hint = OtlpJson.looksLikeJson(bytes) ? " (it looks like JSON: is span.encoding otlp_json?)" : "";
            throw new InvalidSpanRecordException(DeadLetterCause.NOT_OTLP, "not OTLP protobuf (" + bytes.length + " bytes): " + e.getMessage() + hint);
        }
    }

    private SpanRecord toRecord(Span span, Map<String, String> resource, int index) throws InvalidSpanRecordException {
        String spanId = id(span.getSpanId(), 8, "span id", index);
        Instant start = nanosToInstant(span.getStartTimeUnixNano());
        Optional<String> implausible = eventTimes.implausible(start);
        if (implausible.isPresent()) {
            throw new InvalidSpanRecordException(DeadLetterCause.IMPLAUSIBLE_TIME, "span #" + index + " starts at " + start + ", " + implausible.get());
        }
        String parent = span.getParentSpanId().isEmpty() ? null : id(span.getParentSpanId(), 8, "parent span id", index);
        Map<String, String> merged = new TreeMap<>(resource);
        merged.putAll(render(span.getAttributesList()));
        merged.keySet().removeIf(Conversations::isMessageAttribute);
        Conversations.Texts said = Conversations.of(span, format.conversationMaxChars());
        return SpanRecord.newBuilder()
                .setSpanId(spanId)
                .setParentSpanId(parent)
                .setName(span.getName())
                .setStatus(status(span.getStatus()))
                .setStatusMessage(span.getStatus().getMessage().isEmpty() ? null : span.getStatus().getMessage())
                .setStartAt(start)
                .setEndAt(nanosToInstant(span.getEndTimeUnixNano()))
                .setAttributes(keep(merged))
                .setInputText(said.input())
                .setOutputText(said.output())
                .build();
    }

    private Map<String, String> keep(Map<String, String> attributes) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String key : mappedKeys) {
            String value = attributes.get(key);
            if (value != null && kept.size() < MAX_ATTRIBUTES_PER_SPAN) {
                kept.put(key, value);
            }
        }
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (kept.size() >= MAX_ATTRIBUTES_PER_SPAN) {
                break;
            }
            kept.putIfAbsent(e.getKey(), e.getValue());
        }
        return kept;
    }

    private static String id(ByteString bytes, int length, String what, int index) throws InvalidSpanRecordException {
        if (bytes.size() != length) {
            throw new InvalidSpanRecordException(DeadLetterCause.INVALID_ID, "span #" + index + " has a " + what + " of " + bytes.size()
                    + " bytes; OTLP requires " + length);
        }
        if (allZero(bytes)) {
            throw new InvalidSpanRecordException(DeadLetterCause.INVALID_ID, "span #" + index + " has an all-zero (invalid) " + what);
        }
        return HEX.formatHex(bytes.toByteArray());
    }

    private static boolean allZero(ByteString bytes) {
        for (int i = 0; i < bytes.size(); i++) {
            if (bytes.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static SpanStatus status(Status status) {
        return switch (status.getCode()) {
            case STATUS_CODE_OK -> SpanStatus.OK;
            case STATUS_CODE_ERROR -> SpanStatus.ERROR;
            default -> SpanStatus.UNSET;
        };
    }

    private static Instant nanosToInstant(long nanos) {
        return Instant.ofEpochSecond(0, nanos).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static Map<String, String> render(List<KeyValue> attributes) {
        Map<String, String> rendered = new TreeMap<>();
        for (KeyValue kv : attributes) {
            String value = render(kv.getValue());
            rendered.put(kv.getKey(), cut(value));
        }
        return rendered;
    }

    /** At most {@link #MAX_ATTRIBUTE_LENGTH} characters, never splitting a surrogate pair. */
    private static String cut(String value) {
        if (value.length() <= MAX_ATTRIBUTE_LENGTH) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(MAX_ATTRIBUTE_LENGTH - 1)) ? MAX_ATTRIBUTE_LENGTH - 1 : MAX_ATTRIBUTE_LENGTH;
        return value.substring(0, end);
    }

    private static String render(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BYTES_VALUE -> HEX.formatHex(value.getBytesValue().toByteArray());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpSpanDecoder::render)
                    .collect(Collectors.joining(",", "[", "]"));
            case KVLIST_VALUE -> value.getKvlistValue().getValuesList().stream()
                    .map(kv -> kv.getKey() + "=" + render(kv.getValue())).collect(Collectors.joining(",", "{", "}"));
            default -> "";
        };
    }
}
