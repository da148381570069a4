package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.topology.store.Partitions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class TracePlacementTest {

    private static final String TRACES_BY_ID_TOPIC = "casefile-test-" + Names.TRACES_BY_ID + "-repartition";

    @Test
    void computesThePartitionKafkasProducerGivesTheTraceId() {
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            String traceId = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
            int partitions = 1 + random.nextInt(64);
            assertEquals(BuiltInPartitioner.partitionForKey(traceId.getBytes(StandardCharsets.UTF_8), partitions),
                    Partitions.of(traceId, partitions), traceId + " over " + partitions + " partitions");
        }
    }

    @Test
    void spansOnTheirTracesPartitionSkipTheHopAndLinkExactlyAsMovedOnesDo() {
        // The test driver reads every input from partition 0; with one partition every trace is on its partition.
        Map<String, LinkedComplaint> here = workedExample(1, false);
        // Over 3 partitions, the worked example's trace belongs on another partition: it goes through traces-by-id.
        assertNotEquals(0, Partitions.of(WorkedExample.OTLP_TRACE_ID, 3), "the premise of this test");
        Map<String, LinkedComplaint> moved = workedExample(3, true);

        assertEquals(1, here.size());
        assertEquals(here, moved);
    }

    private static Map<String, LinkedComplaint> workedExample(int partitions, boolean expectHop) {
        try (TopologyHarness casefile = new TopologyHarness(Map.of(CasefileConfig.TOPIC_PARTITIONS, String.valueOf(partitions)))) {
            casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            casefile.feedback(WorkedExample.feedback());
            boolean hopped = casefile.driver.producedTopicNames().contains(TRACES_BY_ID_TOPIC);
            if (expectHop) {
                assertTrue(hopped, "spans off their trace's partition go through " + TRACES_BY_ID_TOPIC);
            } else {
                assertFalse(hopped, "spans on their trace's partition skip " + TRACES_BY_ID_TOPIC);
            }
            return casefile.view();
        }
    }
}
