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
import dev.casefile.serde.RecordSerdes;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;

/**
 * Stage 1, ingest: the gates every input record passes. Each reads raw bytes, decodes and checks
 * them, hashes personal data, and passes a value keyed by its id to the registry or trace stage, or
 * makes the record a dead letter with its reason. Stateless.
 */
public final class IngestStage {

    /** Longer complaint texts, subjects and bodies are dead-lettered rather than stored. */
    public static final int MAX_TEXT_CHARS = Validation.MAX_TEXT_CHARS;

    private final RecordSerdes serdes;
    private final SpanMapping spanMapping;
    private final SpanFormat spanFormat;
    private final EventTimes eventTimes;
    private final PersonalData personalData;

    /** Emails are hashed with {@code hashSecret} under the business-key names {@code emailKeys}; times are judged by {@code clock}. */
    public IngestStage(RecordSerdes serdes, SpanMapping spanMapping, SpanFormat spanFormat, String hashSecret,
                       List<String> emailKeys, Clock clock) {
        this.serdes = serdes;
        this.spanMapping = spanMapping;
        this.spanFormat = spanFormat;
        this.eventTimes = new EventTimes(clock);
        this.personalData = new PersonalData(new KeyedHash(hashSecret), emailKeys);
    }

    /** OTLP span records → one fragment per trace, keyed by trace id. */
    public FixedKeyProcessorSupplier<byte[], byte[], Gated<TraceFragment>> spans() {
        return () -> new SpanGate(new OtlpSpanDecoder(spanMapping, spanFormat, eventTimes));
    }

    /** Feedback records → feedback changes (a version, or a deletion), keyed by feedback id. */
    public FixedKeyProcessorSupplier<byte[], byte[], Gated<FeedbackChange>> feedback() {
        Validation validation = new Validation(eventTimes);
        return () -> new AvroGate<>(serdes.forType(FeedbackEvent.class, false).deserializer(), validation::feedback,
                e -> personalData.feedback(normaliseTraceId(e)), FeedbackEvent::getFeedbackId, FeedbackChange::new);
    }

    /** Ticket records → ticket changes (a version, or a deletion), keyed by ticket id. */
    public FixedKeyProcessorSupplier<byte[], byte[], Gated<TicketChange>> tickets() {
        Validation validation = new Validation(eventTimes);
        return () -> new AvroGate<>(serdes.forType(SupportTicket.class, false).deserializer(), validation::ticket,
                t -> personalData.ticket(normaliseTraceId(t)), SupportTicket::getTicketId, TicketChange::new);
    }

    private static FeedbackEvent normaliseTraceId(FeedbackEvent event) {
        String id = TraceIds.normalise(event.getTraceId());
        return Objects.equals(id, event.getTraceId()) ? event : FeedbackEvent.newBuilder(event).setTraceId(id).build();
    }

    private static SupportTicket normaliseTraceId(SupportTicket ticket) {
        String id = TraceIds.normalise(ticket.getTraceId());
        return Objects.equals(id, ticket.getTraceId()) ? ticket : SupportTicket.newBuilder(ticket).setTraceId(id).build();
    }
}
