package dev.casefile.topology.rates;

import dev.casefile.config.AlertSettings;
import dev.casefile.config.RateSettings;
import dev.casefile.config.Retention;
import dev.casefile.schema.RateAlert;
import dev.casefile.schema.RateAlertKey;
import dev.casefile.schema.internal.AlertState;
import dev.casefile.schema.internal.RateChange;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.RateDeltas;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.schema.internal.TagValues;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topology.query.Stores;
import dev.casefile.topology.store.StatefulSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Stage 6, rates: each turn's exact change of its rate contribution, summed per window in the turn
 * linker's task, then added up per tag key and window of interaction time (from rate-deltas), with
 * the cardinality guard, into {@code complaint-rates} and complaint-rate-by-tag; and, in the same
 * task, rollout alerts of new tag values into complaint-rate-alerts.
 */
public final class RatesStage {

    /**
     * {@code windowSize␟windowStart} → {@code RateDeltas}: a task's summed rate changes, every tag key of a window in
     * one entry, sent on every {@code rate.flush.interval.ms}. (Renamed from {@code rate-buffer} when its values
     * changed from one tag key's {@code RateDelta} to a window's {@code RateDeltas}.)
     */
    public static final String RATE_BUFFER = "window-rate-buffer";

    /** Tag key → {@code TagValues}: the first window of each value the key was served with, to tell a new one. */
    public static final String RATE_ALERT_VALUES = "rate-alert-values";

    private final RateSettings settings;
    private final AlertSettings alerts;
    private final Retention retention;
    private final RecordSerdes serdes;

    public RatesStage(RateSettings settings, AlertSettings alerts, Retention retention, RecordSerdes serdes) {
        this.settings = settings;
        this.alerts = alerts;
        this.retention = retention;
        this.serdes = serdes;
    }

    /**
     * Rate changes of turns → summed changes by tag key and window. Summed on every turn and drained every flush
     * interval, its store has Kafka Streams' record cache in front: each window is logged once per commit (in the
     * commit's transaction), not once per turn. It must be the only store with the cache: when the thread's cache
     * is full, a write evicts (and so logs) the oldest entry of the store being written, and a large store sharing
     * the cache (the trace store, in one full benchmark run) kept it full, so nearly every turn's write to this
     * buffer was logged.
     */
    public <K> ProcessorSupplier<K, RateChange, String, RateDelta> buffer() {
        return StatefulSupplier.of(() -> new RateBuffering<>(settings),
                StatefulSupplier.persistent(RATE_BUFFER, Serdes.String(), serdes.forType(RateDeltas.class, false))
                        .withCachingEnabled());
    }

    /**
     * Summed changes by tag key and window → the changed values' complaint rates (and final ones when a window closes),
     * and each change as applied, for the rollout alerts.
     */
    public ProcessorSupplier<String, RateDelta, String, Aggregated> aggregator() {
        return StatefulSupplier.of(() -> new RateAggregator(settings, retention),
                StatefulSupplier.persistent(Stores.COMPLAINT_RATES, Serdes.String(), serdes.forType(RateWindow.class, false)));
    }

    /**
     * Changes as applied → rollout alerts of new tag values, or their tombstones. Reads {@link Stores#COMPLAINT_RATES}
     * too (connected by name: the aggregator owns it), when a value is first seen.
     */
    public ProcessorSupplier<String, RateDelta, RateAlertKey, RateAlert> rolloutAlerts() {
        return StatefulSupplier.of(() -> new RolloutAlerts(settings, alerts),
                StatefulSupplier.persistent(RATE_ALERT_VALUES, Serdes.String(), serdes.forType(TagValues.class, false)),
                StatefulSupplier.persistent(Stores.RATE_ALERTS, Serdes.String(), serdes.forType(AlertState.class, false)));
    }
}
