package dev.casefile.topology.rates;

import dev.casefile.config.RateSettings;
import dev.casefile.schema.internal.RateChange;
import dev.casefile.schema.internal.RateDelta;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each turn's rate change into exact per-window differences and sums them in the task's rate
 * buffer, sending the sums on every {@code rate.flush.interval.ms} of wall-clock time, keyed by tag
 * key and window, so a busy hour costs one record per window and interval instead of one per turn.
 * It runs in the turn linker's task, so the buffer is committed with the turns that made it.
 * With an interval of 0 each turn's differences go on at once.
 */
final class RateBuffering<K> extends ContextualProcessor<K, RateChange, String, RateDelta> {

    private final RateSettings settings;
    private RateBuffer buffer;

    RateBuffering(RateSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, RateDelta> context) {
        super.init(context);
        buffer = new RateBuffer(context.getStateStore(RatesStage.RATE_BUFFER));
        if (settings.flushIntervalMs() > 0) {
            context.schedule(Duration.ofMillis(settings.flushIntervalMs()), PunctuationType.WALL_CLOCK_TIME, now -> flush());
        }
    }

    @Override
    public void process(Record<K, RateChange> record) {
        var deltas = Rates.deltas(record.value().getBefore(), record.value().getAfter(), settings);
        if (settings.flushIntervalMs() == 0) {
            deltas.forEach(delta -> context().forward(record.withKey(Rates.storeKey(delta)).withValue(delta)));
        } else {
            buffer.add(deltas);
        }
    }

    /** Sends the summed rate changes on, one per tag key and window, and empties the buffer (in the same transaction). */
    private void flush() {
        long at = Math.max(0, context().currentStreamTimeMs());
        for (RateDelta delta : buffer.drain()) {
            context().forward(new Record<>(Rates.storeKey(delta), delta, at));
        }
    }
}
