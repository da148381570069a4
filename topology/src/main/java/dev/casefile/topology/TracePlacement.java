package dev.casefile.topology;

import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.schema.internal.TraceInput;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Keys each span fragment by its trace id and decides how it reaches the trace assembler. A
 * fragment that already sits on the partition the {@code traces-by-id} topic would give its trace
 * id goes straight to the assembler of this task; any other goes through {@code traces-by-id}.
 *
 * <p>Spans keyed by trace id and partitioned like Kafka's default partitioner (murmur2 of the key,
 * as the Collector's Kafka exporter with {@code partition_traces_by_id} and a Kafka-compatible
 * partitioner writes them) therefore skip a repartition hop; spans partitioned any other way still
 * arrive, one hop later. Both paths end in the same task, which reads partition <i>p</i> of the
 * spans topic and of {@code traces-by-id} alike, so the check is exact and never a guess.
 */
final class TracePlacement extends ContextualProcessor<byte[], Gated<TraceFragment>, String, Routed> {

    private final int tracePartitions;

    /** @param tracePartitions the partition count of {@code traces-by-id} (the topology sets it explicitly) */
    TracePlacement(int tracePartitions) {
        if (tracePartitions < 1) {
            throw new IllegalArgumentException("traces-by-id needs at least one partition, not " + tracePartitions);
        }
        this.tracePartitions = tracePartitions;
    }

    @Override
    public void process(Record<byte[], Gated<TraceFragment>> record) {
        TraceFragment fragment = ((Gated.Accepted<TraceFragment>) record.value()).value();
        String traceId = fragment.getTraceId();
        TraceInput input = new TraceInput(fragment);
        int here = context().recordMetadata().map(RecordMetadata::partition).orElse(-1);
        Routed routed = partitionOf(traceId, tracePartitions) == here
                ? new Routed.AtTrace(traceId, input)
                : new Routed.ToTrace(traceId, input);
        context().forward(record.withKey(traceId).withValue(routed));
    }

    /** The partition Kafka's producer gives a record keyed by this string (UTF-8, murmur2), as Streams' repartition does. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
