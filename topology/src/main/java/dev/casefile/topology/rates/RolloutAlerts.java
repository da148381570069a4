package dev.casefile.topology.rates;

import dev.casefile.config.AlertSettings;
import dev.casefile.config.RateSettings;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.RateAlert;
import dev.casefile.schema.RateAlertKey;
import dev.casefile.schema.internal.AlertState;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.schema.internal.TagValues;
import dev.casefile.schema.internal.ValueDelta;
import dev.casefile.topology.query.RateAlertKeys;
import dev.casefile.topology.query.RateQueries;
import dev.casefile.topology.query.Stores;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Watches each tag key for new values. A value is new when it was first served later than the key's
 * first window, and at least {@code rate.alert.warmup.ms} later (what was served while Casefile
 * started watching is the baseline, not a rollout); each new value's counts ({@link Alerts}) follow every change the
 * aggregator applies to its key's windows, in the same task (rate-deltas is partitioned by tag key),
 * and its alert is written to complaint-rate-alerts when it opens or its figures change, and
 * tombstoned when the evidence no longer supports it. Only the configured windows count, not the
 * one-day rollup; values folded into {@code __other__} are never new.
 */
final class RolloutAlerts extends ContextualProcessor<String, RateDelta, RateAlertKey, RateAlert> {

    private final RateSettings rates;
    private final AlertSettings settings;
    private KeyValueStore<String, TagValues> values;
    private KeyValueStore<String, AlertState> alerts;
    private KeyValueStore<String, RateWindow> windows;

    RolloutAlerts(RateSettings rates, AlertSettings settings) {
        this.rates = rates;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<RateAlertKey, RateAlert> context) {
        super.init(context);
        values = context.getStateStore(RatesStage.RATE_ALERT_VALUES);
        alerts = context.getStateStore(Stores.RATE_ALERTS);
        windows = context.getStateStore(Stores.COMPLAINT_RATES);
    }

    @Override
    public void process(Record<String, RateDelta> record) {
        RateDelta delta = record.value();
        if (!settings.enabled() || delta.getWindowSizeMs() != rates.windowSizeMs()) {
            return;
        }
        String tagKey = delta.getTagKey();
        long window = delta.getWindowStart();
        TagValues known = Optional.ofNullable(values.get(tagKey)).orElseGet(() -> new TagValues(tagKey, new HashMap<>()));
        Map<String, Long> before = new TreeMap<>(known.getFirstWindows());
        for (ValueDelta change : delta.getChanges()) {
            if (!RateQueries.OTHER.equals(change.getTagValue())) {
                known.getFirstWindows().merge(change.getTagValue(), window, Math::min);
            }
        }
        Map<String, Long> firsts = new TreeMap<>(known.getFirstWindows());
        boolean anyMoved = !firsts.equals(before);
        long keyFirst = firsts.values().stream().mapToLong(Long::longValue).min().orElse(window);
        if (anyMoved) {
            values.put(tagKey, known);
        }
        for (Map.Entry<String, Long> value : firsts.entrySet()) {
            long first = value.getValue();
            boolean isNew = first > keyFirst && first - keyFirst >= settings.warmupMs();
            boolean moved = !value.getValue().equals(before.get(value.getKey()));
            String key = RateAlertKeys.storeKey(tagKey, value.getKey());
            if (!isNew) {
                if (moved) {
                    withdrawAndForget(record, key);
                }
                continue;
            }
            if (!anyMoved && !Alerts.inRange(first, window, settings)) {
                continue;
            }
            AlertState state = alerts.get(key);
            if (state == null || state.getFirstWindowStart() != first) {
                // New, or first served earlier than thought: counted afresh from the windows, this change included.
                AlertState fresh = Alerts.start(tagKey, value.getKey(), first, around(tagKey, first), settings);
                fresh.setAlert(state == null ? null : state.getAlert());
                settle(record, key, fresh);
            } else if (Alerts.inRange(first, window, settings) && Alerts.apply(state, window, delta.getChanges(), settings)) {
                settle(record, key, state);
            }
        }
    }

    /** Stores the counts and writes the alert they support, if it changed: the new one, or a tombstone. */
    private void settle(Record<String, RateDelta> record, String key, AlertState state) {
        RateAlert alert = Alerts.evaluate(state, rates.windowSizeMs(), settings).orElse(null);
        boolean changed = !Objects.equals(alert, state.getAlert());
        state.setAlert(alert);
        alerts.put(key, state);
        if (changed) {
            context().forward(new Record<>(new RateAlertKey(state.getTagKey(), state.getTagValue()), alert, record.timestamp()));
        }
    }

    /** A value that turned out not to be new (an older window of it arrived late): its alert, if open, is withdrawn. */
    private void withdrawAndForget(Record<String, RateDelta> record, String key) {
        AlertState state = alerts.get(key);
        if (state == null) {
            return;
        }
        alerts.delete(key);
        if (state.getAlert() != null) {
            context().forward(new Record<>(new RateAlertKey(state.getTagKey(), state.getTagValue()), null, record.timestamp()));
        }
    }

    /** The rates of the key's windows a value first served in {@code first} is compared over. */
    private List<ComplaintRate> around(String tagKey, long first) {
        return RateQueries.rates(windows, tagKey, rates.windowSizeMs(), Instant.ofEpochMilli(first - AlertSettings.BEFORE_MS),
                Instant.ofEpochMilli(first + settings.horizonMs()));
    }
}
