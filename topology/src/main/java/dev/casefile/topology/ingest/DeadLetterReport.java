package dev.casefile.topology.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a gate's dead letters in the {@code casefile.dead.letters} metric (by source topic and cause)
 * and logs them without flooding: the first of a quiet spell at once, with where it came from, then
 * one summary per {@link #SUMMARY_EVERY} of the ones that followed. Log lines name topics, partitions,
 * offsets and causes only; the full reason, which may name a record's id, is in the dead letter's
 * headers.
 *
 * <p>One report serves every gate of an {@link IngestStage}, in every task and stream thread of the
 * instance, so the log is limited per source topic (not per task or partition); its methods are
 * synchronized.
 */
final class DeadLetterReport {

    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);
    static final String METRIC = "casefile.dead.letters";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReport.class);

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Counter> counters = new HashMap<>();
    /** Per source topic: dead letters since the last line logged, by cause. */
    private final Map<String, EnumMap<DeadLetterCause, Integer>> pending = new HashMap<>();
    private final Map<String, Long> lastLoggedAt = new HashMap<>();

    DeadLetterReport(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    /** One dead letter from {@code source}. */
    synchronized void record(RecordMetadata source, DeadLetterCause cause) {
        counters.computeIfAbsent(source.topic() + '\u0000' + cause.code(), k -> Counter.builder(METRIC)
                .description("Input records sent to the dead-letter topic")
                .tag("source_topic", source.topic()).tag("reason", cause.code())
                .register(meters)).increment();
        long now = clock.millis();
        Long last = lastLoggedAt.get(source.topic());
        if (last == null || now - last >= SUMMARY_EVERY.toMillis() && !pending.containsKey(source.topic())) {
            LOG.warn("Dead letter from topic={} partition={} offset={} cause={} (its reason is in the record's "
                    + "casefile.dlq.reason header; further ones are summed up every {} s)", source.topic(),
                    source.partition(), source.offset(), cause.code(), SUMMARY_EVERY.toSeconds());
            lastLoggedAt.put(source.topic(), now);
            return;
        }
        pending.computeIfAbsent(source.topic(), t -> new EnumMap<>(DeadLetterCause.class)).merge(cause, 1, Integer::sum);
    }

    /** Logs the summary of every topic whose interval has passed; called on a wall-clock schedule, by every task. */
    synchronized void summarise() {
        long now = clock.millis();
        pending.entrySet().removeIf(entry -> {
            if (now - lastLoggedAt.getOrDefault(entry.getKey(), 0L) < SUMMARY_EVERY.toMillis()) {
                return false;
            }
            int total = entry.getValue().values().stream().mapToInt(Integer::intValue).sum();
            LOG.warn("{} more dead letters from topic={} in the last {} s: {}", total, entry.getKey(),
                    (now - lastLoggedAt.get(entry.getKey())) / 1000, entry.getValue().entrySet().stream()
                            .map(e -> e.getKey().code() + " " + e.getValue()).collect(Collectors.joining(", ")));
            lastLoggedAt.put(entry.getKey(), now);
            return true;
        });
    }
}
