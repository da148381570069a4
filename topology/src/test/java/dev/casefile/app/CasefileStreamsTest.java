package dev.casefile.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;
import org.junit.jupiter.api.Test;

/** The metrics Casefile hands to Micrometer leave out only the store gauge that reads native memory. */
class CasefileStreamsTest {

    @Test
    void onlyTheUncommittedBytesGaugesAreLeftOut() {
        try (Metrics metrics = new Metrics()) {
            for (String name : new String[] {"uncommitted-bytes", "put-rate", "num-open-iterators"}) {
                MetricName metric = metrics.metricName(name, "stream-state-metrics", "", java.util.Map.of("rocksdb-state-id",
                        "turn-store", "task-id", "1_0"));
                metrics.addMetric(metric, (Gauge<Long>) (config, now) -> 1L);
            }
            int before = metrics.metrics().size();
            Set<String> kept = CasefileStreams.safe(metrics.metrics()).keySet().stream().map(MetricName::name)
                    .collect(Collectors.toSet());
            assertEquals(before - 1, kept.size(), "one metric left out: " + kept);
            assertEquals(Set.of("put-rate", "num-open-iterators"), kept.stream()
                    .filter(n -> n.equals("put-rate") || n.equals("num-open-iterators") || n.equals("uncommitted-bytes"))
                    .collect(Collectors.toSet()));
        }
    }
}
