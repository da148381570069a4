package dev.casefile.app;

import dev.casefile.config.RateSettings;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.topology.query.RateQueries;
import dev.casefile.topology.query.Stores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * every {@link #EVERY}. Each tag key is counted on one instance, which alone exports it. The current
 * window is the newest one that has started by the wall clock, so a turn with a future event time
 * does not make its window current. The values are bounded by the cardinality guard (and
 * {@code __other__}); labels hold tag keys and values, a value longer than {@link #MAX_LABEL_CHARS}
 * cut short and marked with its hash (see {@link #tagValueLabel}).
 */
final class RateGauges implements AutoCloseable {

    static final String RATE = "casefile.complaint.rate";
    static final String COMPLAINTS = "casefile.complaint.rate.complaints";
    static final String INTERACTIONS = "casefile.complaint.rate.interactions";
    static final Duration EVERY = Duration.ofSeconds(10);
    /** The longest {@code tag_value} label; longer tag values (up to 512 characters) are cut to this. */
    static final int MAX_LABEL_CHARS = 128;

    private static final Logger LOG = LoggerFactory.getLogger(RateGauges.class);

    private final KafkaStreams streams;
    private final List<String> tagKeys;
    private final long windowSizeMs;
    private final Clock clock;
    private final MultiGauge rate;
    private final MultiGauge complaints;
    private final MultiGauge interactions;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "casefile-rate-gauges");
        t.setDaemon(true);
        return t;
    });

    /** Reads the rates of {@code tagKeys} from {@code streams}' store; windows that start after {@code clock}'s now are not current. */
    RateGauges(KafkaStreams streams, List<String> tagKeys, long windowSizeMs, Clock clock, MeterRegistry meters) {
        this.streams = streams;
        this.tagKeys = List.copyOf(tagKeys);
        this.windowSizeMs = windowSizeMs;
        this.clock = clock;
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
            Instant now = clock.instant();
            List<ComplaintRate> current = new ArrayList<>();
            for (String tagKey : tagKeys) {
                current.addAll(RateQueries.newest(store, tagKey, windowSizeMs, now));
                current.addAll(RateQueries.newest(store, tagKey, RateSettings.DAY_MS, now));
            }
            publish(current);
        } catch (InvalidStateStoreException e) {
            LOG.debug("Rate gauges not refreshed: complaint-rates is not queryable now ({})", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Rate gauges not refreshed", e);
        }
    }

    /** Makes {@code current} the gauges' rows, replacing the previous ones. */
    void publish(List<ComplaintRate> current) {
        rate.register(rows(current, ComplaintRate::getRate), true);
        complaints.register(rows(current, r -> r.getComplaints()), true);
        interactions.register(rows(current, r -> r.getInteractions()), true);
    }

    private List<MultiGauge.Row<?>> rows(List<ComplaintRate> rates, ToDoubleFunction<ComplaintRate> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (ComplaintRate r : rates) {
            double v = value.applyAsDouble(r);
            rows.add(MultiGauge.Row.of(Tags.of("tag_key", r.getTagKey(), "tag_value", tagValueLabel(r.getTagValue()),
                    "window", r.getWindowSizeMs() == RateSettings.DAY_MS ? "day" : "window"), () -> v));
        }
        return rows;
    }

    /**
     * A tag value as a label: itself up to {@link #MAX_LABEL_CHARS} characters; a longer one is its first
     * characters, {@code ~} and the 8 hex digits of its {@link String#hashCode()}, {@link #MAX_LABEL_CHARS} in all,
     * so two long values that share a beginning stay two series.
     */
    static String tagValueLabel(String value) {
        if (value.length() <= MAX_LABEL_CHARS) {
            return value;
        }
        String hash = String.format("~%08x", value.hashCode());
        int keep = MAX_LABEL_CHARS - hash.length();
        if (Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--;
        }
        return value.substring(0, keep) + hash;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
