package dev.casefile.topology.rates;

import dev.casefile.config.RateSettings;
import dev.casefile.config.Retention;
import dev.casefile.schema.RateKey;
import dev.casefile.schema.internal.RateCount;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.schema.internal.ValueDelta;
import dev.casefile.topology.query.RateQueries;
import dev.casefile.topology.query.Stores;
import dev.casefile.topology.store.StoreRetention;
import dev.casefile.topology.store.StoreWalk;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the turns' rate changes into one window per tag key, window length and window start, with
 * the cardinality guard, and writes the changed values' rates and the change as applied (for the
 * rollout alerts); when stream time passes a window's end plus the grace period, writes every value
 * once more marked final and closes the window. The passes that close windows read the store a
 * slice at a time, like the retention passes.
 * Closed windows stay queryable for the complaint retention.
 */
final class RateAggregator extends ContextualProcessor<String, RateDelta, String, Aggregated> {

    private static final Logger LOG = LoggerFactory.getLogger(RateAggregator.class);
    /** Folded values remembered per window, for the count of distinct folded values. */
    static final int MAX_FOLDED_HASHES = 10_000;

    private final RateSettings settings;
    private final Retention retention;
    private KeyValueStore<String, RateWindow> windows;
    /** The pass over the windows that closes them: a slice at a time, judged by the stream time it started at. */
    private StoreWalk<String, RateWindow> closing;
    private long closingAt;

    RateAggregator(RateSettings settings, Retention retention) {
        this.settings = settings;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, Aggregated> context) {
        super.init(context);
        windows = context.getStateStore(Stores.COMPLAINT_RATES);
        closing = new StoreWalk<>(windows, StoreRetention.SLICE);
        context.schedule(Duration.ofMillis(retention.scanIntervalMs()), PunctuationType.STREAM_TIME, this::startClosing);
        context.schedule(StoreRetention.SLICE_EVERY, PunctuationType.WALL_CLOCK_TIME, wallClock -> closeSlice());
    }

    @Override
    public void process(Record<String, RateDelta> record) {
        RateDelta delta = record.value();
        RateWindow window = windows.get(record.key());
        if (window == null) {
            window = new RateWindow(delta.getTagKey(), delta.getWindowSizeMs(), delta.getWindowStart(), new HashMap<>(),
                    new ArrayList<>(), false);
        }
        if (window.getClosed()) {
            LOG.debug("Rate change for closed window {} {} ignored: later than the grace period", delta.getTagKey(),
                    delta.getWindowStart());
            return;
        }
        Map<String, ValueDelta> applied = new TreeMap<>();
        for (ValueDelta change : delta.getChanges()) {
            String bucket = bucket(window, change.getTagValue());
            RateCount count = window.getCounts().get(bucket);
            count.setComplaints(count.getComplaints() + change.getComplaints());
            count.setInteractions(count.getInteractions() + change.getInteractions());
            applied.merge(bucket, new ValueDelta(bucket, change.getComplaints(), change.getInteractions()),
                    (a, b) -> new ValueDelta(bucket, a.getComplaints() + b.getComplaints(), a.getInteractions() + b.getInteractions()));
        }
        windows.put(record.key(), window);
        for (String value : applied.keySet()) {
            RateKey key = rateKey(window, value);
            context().forward(record.withValue(new Aggregated.Rate(key, RateQueries.rate(window, value, false))));
        }
        context().forward(record.withValue(new Aggregated.Applied(new RateDelta(delta.getTagKey(), delta.getWindowSizeMs(),
                delta.getWindowStart(), new ArrayList<>(applied.values())))));
    }

    /** Where a value's counts go: its own entry while the guard has room (and forever after), else {@code __other__}. */
    private String bucket(RateWindow window, String value) {
        if (window.getCounts().containsKey(value)) {
            return value;
        }
        long kept = window.getCounts().keySet().stream().filter(v -> !RateQueries.OTHER.equals(v)).count();
        if (kept < settings.maxValuesPerWindow() && !RateQueries.OTHER.equals(value)) {
            window.getCounts().put(value, new RateCount(0L, 0L));
            return value;
        }
        long hash = UUID.nameUUIDFromBytes(value.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
        if (!window.getFoldedHashes().contains(hash) && window.getFoldedHashes().size() < MAX_FOLDED_HASHES) {
            window.getFoldedHashes().add(hash);
        }
        window.getCounts().putIfAbsent(RateQueries.OTHER, new RateCount(0L, 0L));
        return RateQueries.OTHER;
    }

    /**
     * Stream time passed another scan interval: start a pass over the windows (or let the one under way judge by the
     * newer time) and read its first slice; the rest follows a slice per {@link StoreRetention#SLICE_EVERY}, as the
     * retention passes do.
     */
    private void startClosing(long streamTime) {
        closingAt = streamTime;
        closing.start();
        closeSlice();
    }

    /** Closes the windows of the next slice that stream time has passed, and deletes closed ones past retention. */
    private void closeSlice() {
        long now = closingAt;
        for (KeyValue<String, RateWindow> kv : closing.next()) {
            RateWindow window = kv.value;
            long closesAt = window.getWindowStart() + window.getWindowSizeMs() + settings.graceMs();
            if (!window.getClosed() && now >= closesAt) {
                window.setClosed(true);
                windows.put(kv.key, window);
                for (String value : new TreeSet<>(window.getCounts().keySet())) {
                    context().forward(new Record<>(kv.key, (Aggregated) new Aggregated.Rate(rateKey(window, value),
                            RateQueries.rate(window, value, true)), now));
                }
            } else if (window.getClosed() && Retention.expired(closesAt, retention.complaintMs(), now)) {
                windows.delete(kv.key);
            }
        }
    }

    private static RateKey rateKey(RateWindow window, String value) {
        return new RateKey(window.getTagKey(), value, Instant.ofEpochMilli(window.getWindowStart()), window.getWindowSizeMs());
    }
}
