package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.demo.WorkedExample;
import dev.casefile.topology.metrics.ComplaintMeters;
import dev.casefile.topology.resolve.ResolveStage;
import dev.casefile.topology.store.StoreRetention;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the processors count while the worked example goes through, as Prometheus would scrape it. */
class MetricsTest {

    @Test
    void deadLettersComplaintsTicketsAndLatencyAreCounted() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.rawFeedback("k".getBytes(StandardCharsets.UTF_8), "not a record".getBytes(StandardCharsets.UTF_8),
                    WorkedExample.FEEDBACK_AT);
            casefile.spans("truncated".getBytes(StandardCharsets.UTF_8), WorkedExample.SERVED_AT);
            casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            casefile.advanceWallClock(Duration.ofMillis(40));
            casefile.feedback(WorkedExample.feedback());
            casefile.ticket(WorkedExample.ticket());

            assertEquals(1.0, casefile.meters.get("casefile.dead.letters").tags("source_topic", "feedback",
                    "reason", "not_json_or_avro").counter().count());
            assertEquals(1.0, casefile.meters.get("casefile.dead.letters").tags("source_topic", "otlp_spans",
                    "reason", "not_otlp").counter().count());
            assertEquals(2.0, casefile.meters.get(ComplaintMeters.EMITTED).tags("status", "LINKED",
                    "link_method", "CAPTURED_TRACE_ID").counter().count(), "revision 1, then revision 2 with the ticket");
            assertEquals(1.0, casefile.meters.get(ResolveStage.TICKETS_RESOLVED).tags("status", "LINKED",
                    "link_method", "TICKET_TRACE_ID").counter().count());
            Timer latency = casefile.meters.get(ComplaintMeters.LINK_LATENCY).timer();
            assertEquals(2, latency.count(), "each emission is timed from its last input's gate");
            assertTrue(casefile.meters.find(StoreRetention.PASSES_METRIC).tags("store", "trace-store").counter() != null);
        }
    }
}
