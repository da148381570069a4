package dev.casefile.topology.ingest;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.casefile.config.SpanMapping;
import dev.casefile.demo.OtlpTraceBuilder;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.SpanStatus;
import dev.casefile.schema.internal.TraceFragment;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OtlpSpanDecoderTest {

    private static final String TRACE_A = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACE_B = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACE_C = "5b8efff798038103d269b633813fc60c";
    private static final String SPAN_1 = "b7ad6b7169203331";
    private static final String SPAN_2 = "00f067aa0ba902b7";
    private static final String SPAN_3 = "53995c3f42cd8ad8";
    private static final String SPAN_4 = "eee19b7ec3c1b174";

    /** 2023-11-14T22:13:20.123456789Z in nanoseconds since the epoch. */
    private static final long START_NANOS = 1_700_000_000_123_456_789L;
    private static final long END_NANOS = 1_700_000_002_987_654_321L;

    private static final SpanMapping MAPPING = new SpanMapping(List.of("workspace.id", "tenant.id"),
            List.of("session.id"), List.of("turn.id"), List.of("app.trace_id"), List.of("order_id"),
            List.of("prompt_version"));

    private final OtlpSpanDecoder decoder = new OtlpSpanDecoder(MAPPING);

    // --- decoding ---------------------------------------------------------------------------

    @Test
    void decodesABatchHoldingSpansOfSeveralTracesIntoOneFragmentPerTraceInOrderOfFirstAppearance() throws Exception {
        byte[] bytes = tracesData(
                resourceSpans(resource(),
                        span(TRACE_B, SPAN_1).setName("b.root"),
                        span(TRACE_A, SPAN_2).setName("a.root"),
                        span(TRACE_B, SPAN_3).setName("b.child").setParentSpanId(id(SPAN_1))),
                resourceSpans(resource(),
                        span(TRACE_C, SPAN_4).setName("c.root"),
                        span(TRACE_A, SPAN_1).setName("a.child").setParentSpanId(id(SPAN_2))))
                .toByteArray();

        List<TraceFragment> fragments = decoder.decode(bytes);

        assertEquals(List.of(TRACE_B, TRACE_A, TRACE_C), traceIds(fragments));
        assertEquals(List.of("b.root", "b.child"), spanNames(fragments.get(0)));
        assertEquals(List.of("a.root", "a.child"), spanNames(fragments.get(1)),
                "spans of one trace from different resources join one fragment, in record order");
        assertEquals(List.of("c.root"), spanNames(fragments.get(2)));
    }

    @Test
    void keepsTheSpansOfEveryScopeOfAResource() throws Exception {
        byte[] bytes = tracesData(ResourceSpans.newBuilder()
                .addScopeSpans(scopeSpans("http", span(TRACE_A, SPAN_1).setName("GET /chat")))
                .addScopeSpans(scopeSpans("llm", span(TRACE_A, SPAN_2).setName("llm.call")))
                .build())
                .toByteArray();

        List<TraceFragment> fragments = decoder.decode(bytes);

        assertEquals(1, fragments.size());
        assertEquals(List.of("GET /chat", "llm.call"), spanNames(fragments.get(0)));
    }

    @Test
    void rendersTraceSpanAndParentIdsAsLowercaseHex() throws Exception {
        String upperTrace = "ABCDEF0123456789ABCDEF0123456789";
        String upperSpan = "FEDCBA9876543210";
        byte[] bytes = tracesData(resourceSpans(resource(),
                span(upperTrace, upperSpan).setParentSpanId(id("0123456789ABCDEF"))))
                .toByteArray();

        TraceFragment fragment = decoder.decode(bytes).get(0);
        SpanRecord span = fragment.getSpans().get(0);

        assertEquals("abcdef0123456789abcdef0123456789", fragment.getTraceId());
        assertEquals("fedcba9876543210", span.getSpanId());
        assertEquals("0123456789abcdef", span.getParentSpanId());
    }

    @Test
    void givesARootSpanNoParentId() throws Exception {
        byte[] bytes = tracesData(resourceSpans(resource(), span(TRACE_A, SPAN_1))).toByteArray();

        assertNull(decoder.decode(bytes).get(0).getSpans().get(0).getParentSpanId());
    }

    @Test
    void mapsTheStatusCodesOkErrorAndUnsetAndKeepsTheStatusMessage() throws Exception {
        byte[] bytes = tracesData(resourceSpans(resource(),
                span(TRACE_A, SPAN_1).setStatus(status(Status.StatusCode.STATUS_CODE_OK, "")),
                span(TRACE_A, SPAN_2).setStatus(status(Status.StatusCode.STATUS_CODE_ERROR, "policy index timed out")),
                span(TRACE_A, SPAN_3).setStatus(status(Status.StatusCode.STATUS_CODE_UNSET, "")),
                span(TRACE_A, SPAN_4).clearStatus()))
                .toByteArray();

        List<SpanRecord> spans = decoder.decode(bytes).get(0).getSpans();

        assertEquals(List.of(SpanStatus.OK, SpanStatus.ERROR, SpanStatus.UNSET, SpanStatus.UNSET),
                spans.stream().map(SpanRecord::getStatus).collect(Collectors.toList()));
        assertNull(spans.get(0).getStatusMessage(), "an empty status message is no message");
        assertEquals("policy index timed out", spans.get(1).getStatusMessage());
    }

    @Test
    void convertsStartAndEndTimesToInstantsTruncatedToMicroseconds() throws Exception {
        byte[] bytes = tracesData(resourceSpans(resource(),
                span(TRACE_A, SPAN_1).setStartTimeUnixNano(START_NANOS).setEndTimeUnixNano(END_NANOS)))
                .toByteArray();

        SpanRecord span = decoder.decode(bytes).get(0).getSpans().get(0);

        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_456_000L), span.getStartAt());
        assertEquals(Instant.ofEpochSecond(1_700_000_002L, 987_654_000L), span.getEndAt());
    }

    @Test
    void decodesTheBytesOfAnExportTraceServiceRequestLikeTheSameTracesData() throws Exception {
        List<ResourceSpans> batch = List.of(
                resourceSpans(resource(kv("service.name", str("chat-api"))),
                        span(TRACE_A, SPAN_1).setName("chat.turn")
                                .addAttributes(kv("session.id", str("sess_918"))),
                        span(TRACE_B, SPAN_2).setName("other.turn")),
                resourceSpans(resource(kv("service.name", str("retriever"))),
                        span(TRACE_A, SPAN_3).setName("retrieve.policy_docs").setParentSpanId(id(SPAN_1))
                                .setStatus(status(Status.StatusCode.STATUS_CODE_ERROR, "no docs"))));
        byte[] asRequest = ExportTraceServiceRequest.newBuilder().addAllResourceSpans(batch).build().toByteArray();
        byte[] asTracesData = TracesData.newBuilder().addAllResourceSpans(batch).build().toByteArray();

        List<TraceFragment> fromRequest = decoder.decode(asRequest);

        assertEquals(decoder.decode(asTracesData), fromRequest);
        assertEquals(List.of(TRACE_A, TRACE_B), traceIds(fromRequest));
        assertEquals(List.of("chat.turn", "retrieve.policy_docs"), spanNames(fromRequest.get(0)));
    }

    @Test
    void decodesTheBytesOfOtlpTraceBuilder() throws Exception {
        Instant start = Instant.parse("2025-03-01T09:30:00.000250Z");
        byte[] bytes = new OtlpTraceBuilder()
                .resource("service.name", "chat-api")
                .span(TRACE_A, SPAN_1, null, "chat.turn", start, start.plusMillis(2300), false,
                        Map.of("turn.id", "07"))
                .span(TRACE_A, SPAN_2, SPAN_1, "llm.call", start.plusMillis(10), start.plusMillis(2200), true,
                        Map.of())
                .toBytes();

        List<SpanRecord> spans = decoder.decode(bytes).get(0).getSpans();

        assertEquals(2, spans.size());
        assertEquals(start, spans.get(0).getStartAt());
        assertEquals(start.plusMillis(2300), spans.get(0).getEndAt());
        assertEquals(Map.of("turn.id", "07", "service.name", "chat-api"), spans.get(0).getAttributes());
        assertEquals(SpanStatus.OK, spans.get(0).getStatus());
        assertEquals(SPAN_1, spans.get(1).getParentSpanId());
        assertEquals(SpanStatus.ERROR, spans.get(1).getStatus());
    }

    // --- attributes -------------------------------------------------------------------------

    @Test
    void mergesResourceAttributesUnderSpanAttributesWithTheSpanWinningOnTheSameKey() throws Exception {
        byte[] bytes = tracesData(resourceSpans(
                resource(kv("service.name", str("chat-api")), kv("workspace.id", str("from_resource"))),
                span(TRACE_A, SPAN_1)
                        .addAttributes(kv("workspace.id", str("acme_eu")))
                        .addAttributes(kv("turn.id", str("07"))),
                span(TRACE_A, SPAN_2)))
                .toByteArray();

        List<SpanRecord> spans = decoder.decode(bytes).get(0).getSpans();

        assertEquals(Map.of("service.name", "chat-api", "workspace.id", "acme_eu", "turn.id", "07"),
                spans.get(0).getAttributes());
        assertEquals(Map.of("service.name", "chat-api", "workspace.id", "from_resource"),
                spans.get(1).getAttributes(), "a span without the key inherits the resource's value");
    }

    @Test
    void appliesEachResourcesAttributesOnlyToItsOwnSpans() throws Exception {
        byte[] bytes = tracesData(
                resourceSpans(resource(kv("service.name", str("chat-api"))), span(TRACE_A, SPAN_1)),
                resourceSpans(resource(kv("service.name", str("retriever"))), span(TRACE_A, SPAN_2)))
                .toByteArray();

        List<SpanRecord> spans = decoder.decode(bytes).get(0).getSpans();

        assertEquals("chat-api", spans.get(0).getAttributes().get("service.name"));
        assertEquals("retriever", spans.get(1).getAttributes().get("service.name"));
    }

    @Test
    void rendersAttributeValuesOfEveryKindAsText() throws Exception {
        AnyValue array = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                .addValues(str("a")).addValues(AnyValue.newBuilder().setIntValue(1))
                .addValues(AnyValue.newBuilder().setBoolValue(false))).build();
        AnyValue kvlist = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                .addValues(kv("model", str("gpt")))
                .addValues(kv("tries", AnyValue.newBuilder().setIntValue(2).build()))
                .addValues(kv("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(str("x")).addValues(str("y"))).build()))).build();
        byte[] bytes = tracesData(resourceSpans(resource(), span(TRACE_A, SPAN_1)
                .addAttributes(kv("a.string", str("hello")))
                .addAttributes(kv("a.bool", AnyValue.newBuilder().setBoolValue(true).build()))
                .addAttributes(kv("a.int", AnyValue.newBuilder().setIntValue(-42).build()))
                .addAttributes(kv("a.double", AnyValue.newBuilder().setDoubleValue(0.25).build()))
                .addAttributes(kv("a.bytes", AnyValue.newBuilder()
                        .setBytesValue(ByteString.copyFrom(new byte[] {0x0a, (byte) 0xff, 0x00})).build()))
                .addAttributes(kv("a.array", array))
                .addAttributes(kv("a.kvlist", kvlist))
                .addAttributes(kv("a.empty", AnyValue.getDefaultInstance()))))
                .toByteArray();

        Map<String, String> attributes = decoder.decode(bytes).get(0).getSpans().get(0).getAttributes();

        assertAll(
                () -> assertEquals("hello", attributes.get("a.string")),
                () -> assertEquals("true", attributes.get("a.bool")),
                () -> assertEquals("-42", attributes.get("a.int")),
                () -> assertEquals("0.25", attributes.get("a.double")),
                () -> assertEquals("0aff00", attributes.get("a.bytes")),
                () -> assertEquals("[a,1,false]", attributes.get("a.array")),
                () -> assertEquals("{model=gpt,tries=2,tags=[x,y]}", attributes.get("a.kvlist")),
                () -> assertEquals("", attributes.get("a.empty"), "a value of no kind is empty text"));
    }

    @Test
    void capsTheAttributesOfASpanKeepingTheMappedKeysFirst() throws Exception {
        Span.Builder span = span(TRACE_A, SPAN_1);
        int unmapped = OtlpSpanDecoder.MAX_ATTRIBUTES_PER_SPAN + 8;
        for (int i = unmapped - 1; i >= 0; i--) {
            span.addAttributes(kv(String.format("attr.%02d", i), str("v" + i)));
        }
        // Mapped keys sort after every attr.* key, so a plain key-order cap would drop them all.
        span.addAttributes(kv("turn.id", str("07")));
        span.addAttributes(kv("prompt_version", str("pv-12")));
        byte[] bytes = tracesData(resourceSpans(resource(kv("workspace.id", str("acme_eu"))), span)).toByteArray();

        Map<String, String> attributes = decoder.decode(bytes).get(0).getSpans().get(0).getAttributes();

        List<String> expectedKeys = new ArrayList<>(List.of("workspace.id", "turn.id", "prompt_version"));
        IntStream.range(0, OtlpSpanDecoder.MAX_ATTRIBUTES_PER_SPAN - 3)
                .forEach(i -> expectedKeys.add(String.format("attr.%02d", i)));
        assertEquals(OtlpSpanDecoder.MAX_ATTRIBUTES_PER_SPAN, attributes.size());
        assertEquals(expectedKeys, List.copyOf(attributes.keySet()),
                "mapped keys in mapping order, then the others in key order up to the cap");
        assertEquals("acme_eu", attributes.get("workspace.id"));
        assertEquals("07", attributes.get("turn.id"));
        assertEquals("pv-12", attributes.get("prompt_version"));
    }

    @Test
    void keepsEveryAttributeOfASpanWithinTheCap() throws Exception {
        Span.Builder span = span(TRACE_A, SPAN_1);
        for (int i = 0; i < OtlpSpanDecoder.MAX_ATTRIBUTES_PER_SPAN; i++) {
            span.addAttributes(kv("attr." + i, str("v")));
        }
        byte[] bytes = tracesData(resourceSpans(resource(), span)).toByteArray();

        assertEquals(OtlpSpanDecoder.MAX_ATTRIBUTES_PER_SPAN,
                decoder.decode(bytes).get(0).getSpans().get(0).getAttributes().size());
    }

    @Test
    void cutsLongAttributeValuesToTheMaximumLength() throws Exception {
        int max = OtlpSpanDecoder.MAX_ATTRIBUTE_LENGTH;
        String atMax = "m".repeat(max);
        String tooLong = "abcdefghij".repeat(max / 10 + 10);
        byte[] bytes = tracesData(resourceSpans(resource(kv("resource.long", str(tooLong))),
                span(TRACE_A, SPAN_1)
                        .addAttributes(kv("span.long", str(tooLong)))
                        .addAttributes(kv("span.at.max", str(atMax)))
                        .addAttributes(kv("span.long.bytes", AnyValue.newBuilder()
                                .setBytesValue(ByteString.copyFrom(new byte[max])).build()))))
                .toByteArray();

        Map<String, String> attributes = decoder.decode(bytes).get(0).getSpans().get(0).getAttributes();

        assertEquals(tooLong.substring(0, max), attributes.get("span.long"));
        assertEquals(tooLong.substring(0, max), attributes.get("resource.long"));
        assertEquals(atMax, attributes.get("span.at.max"), "a value of exactly the maximum length is kept whole");
        assertEquals("00".repeat(max / 2), attributes.get("span.long.bytes"),
                "the cut applies to the rendered text, here the hex of the bytes");
    }

    @Test
    void neverKeepsMoreThanTheCapEvenWhenMoreMappedKeysArePresent() throws Exception {
        List<String> manyTags = IntStream.range(0, OtlpSpanDecoder.MAX_ATTRIBUTES_PER_SPAN + 5)
                .mapToObj(i -> String.format("tag.%02d", i)).toList();
        OtlpSpanDecoder wide = new OtlpSpanDecoder(new SpanMapping(List.of(), List.of(), List.of(), List.of(),
                List.of(), manyTags));
        Span.Builder span = span(TRACE_A, SPAN_1);
        manyTags.forEach(k -> span.addAttributes(kv(k, str("v"))));

        Map<String, String> attributes = wide.decode(tracesData(resourceSpans(resource(), span)).toByteArray())
                .get(0).getSpans().get(0).getAttributes();

        assertEquals(manyTags.subList(0, OtlpSpanDecoder.MAX_ATTRIBUTES_PER_SPAN), List.copyOf(attributes.keySet()));
    }

    @Test
    void cutsALongValueWithoutSplittingACharacterMadeOfTwoCodeUnits() throws Exception {
        int max = OtlpSpanDecoder.MAX_ATTRIBUTE_LENGTH;
        String emojiAcrossTheCut = "a".repeat(max - 1) + "\uD83D\uDE00" + "tail";
        byte[] bytes = tracesData(resourceSpans(resource(),
                span(TRACE_A, SPAN_1).addAttributes(kv("text", str(emojiAcrossTheCut))))).toByteArray();

        String kept = decoder.decode(bytes).get(0).getSpans().get(0).getAttributes().get("text");

        assertEquals("a".repeat(max - 1), kept, "the pair that straddles the cut is left out whole");
    }

    // --- rejections -------------------------------------------------------------------------

    @Test
    void rejectsRandomBytesAsNotOtlpProtobuf() {
        byte[] random = new byte[64];
        new Random(42).nextBytes(random);

        InvalidSpanRecordException e = assertThrows(InvalidSpanRecordException.class, () -> decoder.decode(random));

        assertTrue(e.getMessage().startsWith("not OTLP protobuf (64 bytes): "), e.getMessage());
    }

    @Test
    void rejectsAValidRecordCutInTheMiddle() {
        byte[] whole = tracesData(resourceSpans(resource(kv("service.name", str("chat-api"))),
                span(TRACE_A, SPAN_1).setName("chat.turn"), span(TRACE_A, SPAN_2).setName("llm.call")))
                .toByteArray();
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);

        InvalidSpanRecordException e = assertThrows(InvalidSpanRecordException.class, () -> decoder.decode(cut));

        assertTrue(e.getMessage().startsWith("not OTLP protobuf (" + cut.length + " bytes): "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsEveryCutOfARecordHoldingOneResource() {
        byte[] whole = tracesData(resourceSpans(resource(kv("service.name", str("chat-api"))),
                span(TRACE_A, SPAN_1), span(TRACE_B, SPAN_2))).toByteArray();

        List<Integer> accepted = IntStream.range(1, whole.length)
                .filter(length -> {
                    try {
                        decoder.decode(Arrays.copyOf(whole, length));
                        return true;
                    } catch (InvalidSpanRecordException e) {
                        return false;
                    }
                })
                .boxed().collect(Collectors.toList());

        assertEquals(List.of(), accepted, "lengths of the record's prefixes that were accepted");
    }

    @Test
    void rejectsJsonText() {
        byte[] json = ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + TRACE_A
                + "\",\"spanId\":\"" + SPAN_1 + "\",\"name\":\"chat.turn\"}]}]}]}").getBytes(StandardCharsets.UTF_8);

        InvalidSpanRecordException e = assertThrows(InvalidSpanRecordException.class, () -> decoder.decode(json));

        assertTrue(e.getMessage().startsWith("not OTLP protobuf (" + json.length + " bytes): "), e.getMessage());
    }

    @Test
    void rejectsAnEmptyRecordAsHoldingNoSpans() {
        InvalidSpanRecordException e = assertThrows(InvalidSpanRecordException.class,
                () -> decoder.decode(new byte[0]));

        assertEquals("OTLP record holds no spans (0 bytes)", e.getMessage());
    }

    @Test
    void rejectsARecordWhoseResourcesHoldNoSpans() {
        byte[] bytes = tracesData(resourceSpans(resource(kv("service.name", str("chat-api"))))).toByteArray();

        InvalidSpanRecordException e = assertThrows(InvalidSpanRecordException.class, () -> decoder.decode(bytes));

        assertEquals("OTLP record holds no spans (" + bytes.length + " bytes)", e.getMessage());
    }

    @Test
    void rejectsANullRecord() {
        InvalidSpanRecordException e = assertThrows(InvalidSpanRecordException.class, () -> decoder.decode(null));

        assertEquals("empty record: no OTLP payload", e.getMessage());
    }

    @Test
    void rejectsProtobufOfAnotherMessageThroughItsUnknownFields() {
        // A field number TracesData does not declare (here 2, varint 1): valid protobuf, but not OTLP traces.
        byte[] bytes = {0x10, 0x01};

        InvalidSpanRecordException e = assertThrows(InvalidSpanRecordException.class, () -> decoder.decode(bytes));

        assertEquals("not an OTLP ExportTraceServiceRequest/TracesData: unknown fields [2]", e.getMessage());
    }

    @Test
    void rejectsATraceIdOfTheWrongLength() {
        byte[] bytes = tracesData(resourceSpans(resource(),
                span(TRACE_A, SPAN_1),
                span(TRACE_A, SPAN_2).setTraceId(id("0af7651916cd43dd")))).toByteArray();

        InvalidSpanRecordException e = assertThrows(InvalidSpanRecordException.class, () -> decoder.decode(bytes));

        assertEquals("span #1 has a trace id of 8 bytes; OTLP requires 16", e.getMessage());
    }

    @Test
    void rejectsAMissingTraceId() {
        byte[] bytes = tracesData(resourceSpans(resource(), span(TRACE_A, SPAN_1).clearTraceId())).toByteArray();

        InvalidSpanRecordException e = assertThrows(InvalidSpanRecordException.class, () -> decoder.decode(bytes));

        assertEquals("span #0 has a trace id of 0 bytes; OTLP requires 16", e.getMessage());
    }

    @Test
    void rejectsAnAllZeroTraceId() {
        byte[] bytes = tracesData(resourceSpans(resource(), span("0".repeat(32), SPAN_1))).toByteArray();

        InvalidSpanRecordException e = assertThrows(InvalidSpanRecordException.class, () -> decoder.decode(bytes));

        assertEquals("span #0 has an all-zero (invalid) trace id", e.getMessage());
    }

    @Test
    void rejectsASpanIdOfTheWrongLengthNamingTheSpanByItsPositionInTheRecord() {
        byte[] bytes = tracesData(
                resourceSpans(resource(), span(TRACE_A, SPAN_1), span(TRACE_B, SPAN_2)),
                resourceSpans(resource(), span(TRACE_A, SPAN_3).setSpanId(id(TRACE_C)))).toByteArray();

        InvalidSpanRecordException e = assertThrows(InvalidSpanRecordException.class, () -> decoder.decode(bytes));

        assertEquals("span #2 has a span id of 16 bytes; OTLP requires 8", e.getMessage());
    }

    @Test
    void rejectsAnAllZeroSpanId() {
        byte[] bytes = tracesData(resourceSpans(resource(), span(TRACE_A, "0".repeat(16)))).toByteArray();

        InvalidSpanRecordException e = assertThrows(InvalidSpanRecordException.class, () -> decoder.decode(bytes));

        assertEquals("span #0 has an all-zero (invalid) span id", e.getMessage());
    }

    @Test
    void rejectsAParentSpanIdOfTheWrongLength() {
        byte[] bytes = tracesData(resourceSpans(resource(),
                span(TRACE_A, SPAN_1).setParentSpanId(id("b7ad6b71")))).toByteArray();

        InvalidSpanRecordException e = assertThrows(InvalidSpanRecordException.class, () -> decoder.decode(bytes));

        assertEquals("span #0 has a parent span id of 4 bytes; OTLP requires 8", e.getMessage());
    }

    // --- test data ----------------------------------------------------------------------------

    /** A valid span of the given ids with a name, times and no status: tests change what they need. */
    private static Span.Builder span(String traceIdHex, String spanIdHex) {
        return Span.newBuilder()
                .setTraceId(id(traceIdHex))
                .setSpanId(id(spanIdHex))
                .setName("span." + spanIdHex)
                .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(START_NANOS)
                .setEndTimeUnixNano(END_NANOS);
    }

    private static TracesData tracesData(ResourceSpans... resourceSpans) {
        return TracesData.newBuilder().addAllResourceSpans(List.of(resourceSpans)).build();
    }

    private static ResourceSpans resourceSpans(Resource resource, Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("casefile-test"));
        for (Span.Builder span : spans) {
            scope.addSpans(span);
        }
        return ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope).build();
    }

    private static ScopeSpans scopeSpans(String scopeName, Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName(scopeName));
        for (Span.Builder span : spans) {
            scope.addSpans(span);
        }
        return scope.build();
    }

    private static Resource resource(KeyValue... attributes) {
        return Resource.newBuilder().addAllAttributes(List.of(attributes)).build();
    }

    private static Status status(Status.StatusCode code, String message) {
        return Status.newBuilder().setCode(code).setMessage(message).build();
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static AnyValue str(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }

    private static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static List<String> traceIds(List<TraceFragment> fragments) {
        return fragments.stream().map(TraceFragment::getTraceId).collect(Collectors.toList());
    }

    private static List<String> spanNames(TraceFragment fragment) {
        return fragment.getSpans().stream().map(SpanRecord::getName).collect(Collectors.toList());
    }
}
