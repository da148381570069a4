package dev.casefile.app;

import dev.casefile.config.RateSettings;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.topology.query.RateQueries;
import dev.casefile.topology.query.Stores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The complaint rate, complaints and interactions of every kept value of every evidence tag key in
 * its current window and day, as gauges, read from this instance's {@code complaint-rates} store
 * every {@link #EVERY}. Each tag key is counted on one instance, which alone exports it. The values
 * are bounded by the cardinality guard (and {@code __other__}); labels hold tag keys and values.
 */
final class RateGauges implements AutoCloseable {

    static final String RATE = "casefile.complaint.rate";
    static final String COMPLAINTS = "casefile.complaint.rate.complaints";
    static final String INTERACTIONS = "casefile.complaint.rate.interactions";
    static final Duration EVERY = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(RateGauges.class);

    private final KafkaStreams streams;
    private final List<String> tagKeys;
    private final long windowSizeMs;
    private final MultiGauge rate;
    private final MultiGauge complaints;
    private final MultiGauge interactions;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "casefile-rate-gauges");
        t.setDaemon(true);
        return t;
    });

    RateGauges(KafkaStreams streams, List<String> tagKeys, long windowSizeMs, MeterRegistry meters) {
        this.streams = streams;
        this.tagKeys = List.copyOf(tagKeys);
        this.windowSizeMs = windowSizeMs;
        this.rate = MultiGauge.builder(RATE).description("Complaints / interactions of a tag value in its current window")
                .register(meters);
        this.complaints = MultiGauge.builder(COMPLAINTS).description("Complaints of a tag value in its current window")
                .register(meters);
        this.interactions = MultiGauge.builder(INTERACTIONS).description("Interactions of a tag value in its current window")
                .register(meters);
    }

    /** Reads the store now and then every {@link #EVERY}. */
    RateGauges start() {
        scheduler.scheduleWithFixedDelay(this::refresh, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    void refresh() {
        try {
            ReadOnlyKeyValueStore<String, RateWindow> store = streams.store(StoreQueryParameters.fromNameAndType(
                    Stores.COMPLAINT_RATES, QueryableStoreTypes.<String, RateWindow>keyValueStore()));
            List<ComplaintRate> current = new ArrayList<>();
            for (String tagKey : tagKeys) {
                current.addAll(RateQueries.newest(store, tagKey, windowSizeMs));
                current.addAll(RateQueries.newest(store, tagKey, RateSettings.DAY_MS));
            }
            rate.register(rows(current, ComplaintRate::getRate), true);
            complaints.register(rows(current, r -> r.getComplaints()), true);
            interactions.register(rows(current, r -> r.getInteractions()), true);
        } catch (InvalidStateStoreException e) {
            LOG.debug("Rate gauges not refreshed: complaint-rates is not queryable now ({})", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Rate gauges not refreshed", e);
        }
    }

    private List<MultiGauge.Row<?>> rows(List<ComplaintRate> rates, ToDoubleFunction<ComplaintRate> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (ComplaintRate r : rates) {
            double v = value.applyAsDouble(r);
            rows.add(MultiGauge.Row.of(Tags.of("tag_key", r.getTagKey(), "tag_value", r.getTagValue(),
                    "window", r.getWindowSizeMs() == RateSettings.DAY_MS ? "day" : "window"), () -> v));
        }
        return rows;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
