package dev.casefile.topology.metrics;

import dev.casefile.schema.LinkedComplaint;
import dev.casefile.topology.store.IngestTime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Headers;

/**
 * What the processors that write linked-complaints (the turn linker, and the ticket resolver for a
 * ticket's own complaint) count: each complaint revision by status and link method, and how long the
 * input that caused it took to become it. Labels hold codes only, never an id or text.
 */
public final class ComplaintMeters {

    /** Complaint revisions and tombstones written to linked-complaints, by {@code status} and {@code link_method}. */
    public static final String EMITTED = "casefile.complaints.emitted";
    /** From the moment the last input a complaint needed passed its gate to the complaint's emission. */
    public static final String LINK_LATENCY = "casefile.link.latency";
    /** The status label of a tombstone. */
    public static final String DELETED = "DELETED";

    private final MeterRegistry meters;
    private final Map<String, Counter> emitted = new HashMap<>();
    private final Timer latency;

    public ComplaintMeters(MeterRegistry meters) {
        this.meters = meters;
        this.latency = Timer.builder(LINK_LATENCY)
                .description("From the gate of the last input a complaint needs to the complaint's emission")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(meters);
    }

    /** {@code complaint} (null: a tombstone) was written, caused by an input that carried {@code trigger}'s headers. */
    public void emitted(LinkedComplaint complaint, Headers trigger, long nowMs) {
        String status = complaint == null ? DELETED : complaint.getStatus().name();
        String method = complaint == null ? "NONE" : complaint.getLinkMethod().name();
        emitted.computeIfAbsent(status + '/' + method, k -> Counter.builder(EMITTED)
                .description("Complaint revisions and tombstones written to linked-complaints")
                .tag("status", status).tag("link_method", method)
                .register(meters)).increment();
        OptionalLong ingestedAt = IngestTime.of(trigger);
        if (complaint != null && ingestedAt.isPresent() && nowMs >= ingestedAt.getAsLong()) {
            latency.record(Duration.ofMillis(nowMs - ingestedAt.getAsLong()));
        }
    }
}
