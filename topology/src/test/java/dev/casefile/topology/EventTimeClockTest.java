package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.FeedbackEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gates judge event times by the topology's clock (TopologySettings), not by this machine's. */
class EventTimeClockTest {

    @Test
    void feedbackMoreThanADayAheadOfTheTopologysClockIsADeadLetter() {
        FeedbackEvent feedback = WorkedExample.feedback();
        Clock twoDaysEarlier = Clock.fixed(feedback.getOccurredAt().minus(Duration.ofDays(2)), ZoneOffset.UTC);
        try (TopologyHarness casefile = new TopologyHarness(Map.of(), twoDaysEarlier)) {
            casefile.feedback(feedback);
            List<String> reasons = casefile.deadLetterReasons();
            assertEquals(1, reasons.size());
            assertTrue(reasons.get(0).contains("occurred_at") && reasons.get(0).contains("in the future"), reasons.get(0));
            assertTrue(casefile.view().isEmpty());
        }
        Clock sameDay = Clock.fixed(feedback.getOccurredAt(), ZoneOffset.UTC);
        try (TopologyHarness casefile = new TopologyHarness(Map.of(), sameDay)) {
            casefile.feedback(feedback);
            assertEquals(List.of(), casefile.deadLetterReasons());
            assertEquals(1, casefile.view().size());
        }
    }
}
