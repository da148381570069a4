package dev.casefile.topology.ingest;

import dev.casefile.schema.internal.TraceFragment;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decodes OTLP span records into one fragment per trace, keyed by trace id; an unusable record becomes a dead letter. */
final class SpanGate extends ContextualFixedKeyProcessor<byte[], byte[], Gated<TraceFragment>> {

    private static final Logger LOG = LoggerFactory.getLogger(SpanGate.class);

    private final OtlpSpanDecoder decoder;

    SpanGate(OtlpSpanDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        try {
            for (TraceFragment fragment : decoder.decode(record.value())) {
                // Upstream headers stay behind: what Casefile writes depends only on the record's content.
                Gated<TraceFragment> passed = new Gated.Passed<>(fragment.getTraceId(), fragment);
                context().forward(record.withValue(passed).withHeaders(new RecordHeaders()));
            }
        } catch (InvalidSpanRecordException e) {
            RecordMetadata source = context().recordMetadata().orElseThrow();
            LOG.warn("Span record to dead letters: topic={} partition={} offset={} reason={}",
                    source.topic(), source.partition(), source.offset(), e.getMessage());
            Gated<TraceFragment> rejected = new Gated.Rejected<>(record.value(), e.getMessage());
            context().forward(record.withValue(rejected).withHeaders(DeadLetters.headers(record.headers(), e.getMessage(), source)));
        }
    }
}
