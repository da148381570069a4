package dev.casefile.app;

import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Casefile's {@link KafkaStreams}, whose {@link #metrics()} leaves out each state store's
 * {@value #UNSAFE_GAUGE} gauge. Kafka Streams 4.4 computes that gauge from the store's native RocksDB
 * write batch (transactional state stores) on the caller's thread. Micrometer's binder reads every
 * metric on its own thread each refresh, and a Prometheus scrape reads every bound gauge; a read
 * while the stream thread closes the store (a rebalance, a shutdown) touches freed native memory,
 * and the JVM dies with SIGSEGV in {@code WriteBatch.getDataSize} (it happened in a CI run). Every
 * other metric is passed on unchanged.
 */
final class CasefileStreams extends KafkaStreams {

    /** The state-store gauge that is not safe to read from another thread. */
    static final String UNSAFE_GAUGE = "uncommitted-bytes";

    CasefileStreams(Topology topology, StreamsConfig config) {
        super(topology, config);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return safe(super.metrics());
    }

    /** {@code metrics} without the {@value #UNSAFE_GAUGE} gauges. */
    static Map<MetricName, Metric> safe(Map<MetricName, ? extends Metric> metrics) {
        return metrics.entrySet().stream().filter(e -> !UNSAFE_GAUGE.equals(e.getKey().name()))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
