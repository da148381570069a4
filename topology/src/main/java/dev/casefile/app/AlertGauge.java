package dev.casefile.app;

import dev.casefile.schema.internal.AlertState;
import dev.casefile.topology.query.Stores;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code casefile_rate_alerts_open}: the rollout alerts open on this instance's active partitions of
 * the {@code rate-alerts} store, counted when scraped; each tag key's alerts live on one instance, so
 * the sum over instances is the cluster's. While the store moves (a rebalance) the last count stands.
 */
final class AlertGauge {

    static final String OPEN = "casefile.rate.alerts.open";

    private final KafkaStreams streams;
    private final AtomicLong last = new AtomicLong();

    private AlertGauge(KafkaStreams streams) {
        this.streams = streams;
    }

    static void register(KafkaStreams streams, MeterRegistry meters) {
        AlertGauge gauge = new AlertGauge(streams);
        // A supplier, held strongly: a gauge on an object holds it weakly, and nothing else refers to this one.
        Gauge.builder(OPEN, gauge::count)
                .description("Rollout alerts open: new tag values whose complaint rate is significantly higher than the values they replaced")
                .register(meters);
    }

    private double count() {
        try {
            ReadOnlyKeyValueStore<String, AlertState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    Stores.RATE_ALERTS, QueryableStoreTypes.<String, AlertState>keyValueStore()));
            long open = 0;
            try (KeyValueIterator<String, AlertState> all = store.all()) {
                while (all.hasNext()) {
                    open += all.next().value.getAlert() == null ? 0 : 1;
                }
            }
            last.set(open);
        } catch (InvalidStateStoreException moving) {
            // Starting or rebalancing: the last count stands.
        }
        return last.get();
    }
}
