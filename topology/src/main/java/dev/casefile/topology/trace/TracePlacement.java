package dev.casefile.topology.trace;

import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.topology.store.Partitions;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decides how each span fragment (keyed by its trace id) reaches the trace assembler. A fragment
 * that already sits on the partition the {@code traces-by-id} topic would give its trace id goes
 * straight to the assembler of this task; any other goes through {@code traces-by-id}.
 *
 * <p>Spans keyed by trace id and partitioned like Kafka's default partitioner (murmur2 of the key,
 * as the Collector's Kafka exporter with {@code partition_traces_by_id} and a Kafka-compatible
 * partitioner writes them) therefore skip a repartition hop; spans partitioned any other way still
 * arrive, one hop later. Each fragment is marked with the partition and offset of its spans-topic
 * record, which the trace store keeps instead of the spans.
 *
 * <p>Both paths end in the same task, which reads partition <i>p</i> of the
 * spans topic and of {@code traces-by-id} alike, so the check is exact and never a guess.
 */
final class TracePlacement extends ContextualProcessor<String, TraceFragment, String, Placed> {

    private final int tracePartitions;

    /** @param tracePartitions the partition count of {@code traces-by-id} (the topology sets it explicitly) */
    TracePlacement(int tracePartitions) {
        if (tracePartitions < 1) {
            throw new IllegalArgumentException("traces-by-id needs at least one partition, not " + tracePartitions);
        }
        this.tracePartitions = tracePartitions;
    }

    @Override
    public void process(Record<String, TraceFragment> record) {
        String traceId = record.key();
        Optional<RecordMetadata> source = context().recordMetadata();
        int here = source.map(RecordMetadata::partition).orElse(-1);
        // Where the spans are on the spans topic: the trace store keeps this, not the spans.
        TraceFragment input = TraceFragment.newBuilder(record.value()).setSourcePartition(here)
                .setSourceOffset(source.map(RecordMetadata::offset).orElse(-1L)).build();
        Placed placed = Partitions.of(traceId, tracePartitions) == here
                ? new Placed.Here(traceId, input)
                : new Placed.Elsewhere(traceId, input);
        context().forward(record.withValue(placed));
    }
}
