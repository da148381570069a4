package dev.casefile.topology.ingest;

import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.topology.store.IngestTime;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Decodes OTLP span records into one fragment per trace, keyed by trace id; an unusable record becomes a dead letter. */
final class SpanGate extends ContextualFixedKeyProcessor<byte[], byte[], Gated<TraceFragment>> {

    private final OtlpSpanDecoder decoder;
    private final DeadLetterReport report;

    /** {@code report} is the stage's, shared by the gates of every task. */
    SpanGate(OtlpSpanDecoder decoder, DeadLetterReport report) {
        this.decoder = decoder;
        this.report = report;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Gated<TraceFragment>> context) {
        super.init(context);
        context.schedule(Duration.ofSeconds(10), PunctuationType.WALL_CLOCK_TIME, now -> report.summarise());
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        try {
            for (TraceFragment fragment : decoder.decode(record.value())) {
                // Upstream headers stay behind: what Casefile writes depends only on the record's content.
                Gated<TraceFragment> passed = new Gated.Passed<>(fragment.getTraceId(), fragment);
                context().forward(record.withValue(passed).withHeaders(IngestTime.headers(context().currentSystemTimeMs())));
            }
        } catch (InvalidSpanRecordException e) {
            RecordMetadata source = context().recordMetadata().orElseThrow();
            Rejection rejection = new Rejection(e.deadLetterCause(), e.getMessage());
            report.record(source, rejection.cause());
            Gated<TraceFragment> rejected = new Gated.Rejected<>(record.value(), rejection.reason());
            context().forward(record.withValue(rejected).withHeaders(DeadLetters.headers(record.headers(), rejection, source)));
        }
    }
}
