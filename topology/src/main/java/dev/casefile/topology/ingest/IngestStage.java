package dev.casefile.topology.ingest;

import dev.casefile.config.SpanFormat;
import dev.casefile.config.SpanMapping;
import dev.casefile.contract.KeyedHash;
import dev.casefile.contract.TraceIds;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.internal.FeedbackChange;
import dev.casefile.schema.internal.TicketChange;
import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.serde.ContractSerde;
import dev.casefile.serde.JsonRecordCodec;
import dev.casefile.serde.RecordSerdes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;

/**
 * Stage 1, ingest: the gates every input record passes. Each reads raw bytes (feedback and tickets
 * as JSON or Avro, spans as OTLP), decodes and checks them, hashes personal data, and passes a
 * value keyed by its id to the registry or trace stage, or makes the record a dead letter with its
 * reason. Stateless.
 */
public final class IngestStage {

    /** Longer complaint texts, subjects and bodies are dead-lettered rather than stored. */
    public static final int MAX_TEXT_CHARS = Validation.MAX_TEXT_CHARS;

    private final RecordSerdes serdes;
    private final SpanMapping spanMapping;
    private final SpanFormat spanFormat;
    private final JsonRecordCodec.UnknownFields unknownFields;
    private final EventTimes eventTimes;
    private final PersonalData personalData;
    /** One for every gate of every task: dead letters are counted, and their log rate-limited, per input topic. */
    private final DeadLetterReport report;

    /**
     * Avro records are read with {@code serdes}, JSON ones with the contract's field names ({@code unknownFields}
     * says what a field it does not have gets); emails are hashed with {@code hashSecret} under the business-key
     * names {@code emailKeys}; times are judged by {@code clock}; dead letters are counted in {@code meters}.
     */
    public IngestStage(RecordSerdes serdes, SpanMapping spanMapping, SpanFormat spanFormat,
                       JsonRecordCodec.UnknownFields unknownFields, String hashSecret, List<String> emailKeys, Clock clock,
                       MeterRegistry meters) {
        this.serdes = serdes;
        this.spanMapping = spanMapping;
        this.spanFormat = spanFormat;
        this.unknownFields = unknownFields;
        this.eventTimes = new EventTimes(clock);
        this.personalData = new PersonalData(new KeyedHash(hashSecret), emailKeys);
        this.report = new DeadLetterReport(meters, clock);
    }

    /** OTLP span records → one fragment per trace, keyed by trace id. */
    public FixedKeyProcessorSupplier<byte[], byte[], Gated<TraceFragment>> spans() {
        return () -> new SpanGate(new OtlpSpanDecoder(spanMapping, spanFormat, eventTimes), report);
    }

    /** Feedback records, JSON or Avro → feedback changes (a version, or a deletion), keyed by feedback id. */
    public FixedKeyProcessorSupplier<byte[], byte[], Gated<FeedbackChange>> feedback() {
        Validation validation = new Validation(eventTimes);
        return () -> new RecordGate<>(reader(FeedbackEvent.class), validation::feedback,
                e -> personalData.feedback(normaliseTraceId(e)), FeedbackEvent::getFeedbackId, FeedbackChange::new, report);
    }

    /** Ticket records, JSON or Avro → ticket changes (a version, or a deletion), keyed by ticket id. */
    public FixedKeyProcessorSupplier<byte[], byte[], Gated<TicketChange>> tickets() {
        Validation validation = new Validation(eventTimes);
        return () -> new RecordGate<>(reader(SupportTicket.class), validation::ticket,
                t -> personalData.ticket(normaliseTraceId(t)), SupportTicket::getTicketId, TicketChange::new, report);
    }

    /** A reader of both encodings: JSON objects, and whatever the configured serdes write. */
    private <T extends SpecificRecord> Deserializer<T> reader(Class<T> type) {
        return new ContractSerde<>(serdes.forType(type, false), new JsonRecordCodec<>(type, unknownFields),
                ContractSerde.Encoding.AVRO).deserializer();
    }

    /** The OTLP id in lower case; a traceparent gives the trace id, and the span id unless the feedback names one. */
    private static FeedbackEvent normaliseTraceId(FeedbackEvent event) {
        String id = TraceIds.normalise(event.getTraceId());
        String span = event.getSpanId() != null ? event.getSpanId().toLowerCase(Locale.ROOT)
                : event.getTraceId() == null ? null
                : TraceIds.traceparent(event.getTraceId()).map(TraceIds.Traceparent::spanId).orElse(null);
        if (Objects.equals(id, event.getTraceId()) && Objects.equals(span, event.getSpanId())) {
            return event;
        }
        return FeedbackEvent.newBuilder(event).setTraceId(id).setSpanId(span).build();
    }

    private static SupportTicket normaliseTraceId(SupportTicket ticket) {
        String id = TraceIds.normalise(ticket.getTraceId());
        return Objects.equals(id, ticket.getTraceId()) ? ticket : SupportTicket.newBuilder(ticket).setTraceId(id).build();
    }
}
