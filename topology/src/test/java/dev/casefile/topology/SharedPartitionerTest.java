package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.schema.TurnKey;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topics.CasefileTopics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class SharedPartitionerTest {

    @Test
    void aTurnGoesWhereItsWorkspacesTicketsGoWhereKafkasProducerPutsTheWorkspaceId() {
        SharedPartitioner<TurnKey, Object> turns = SharedPartitioner.by(TurnKey::getWorkspaceId);
        SharedPartitioner<String, Object> tickets = SharedPartitioner.by(workspace -> workspace);
        Random random = new Random(11);
        for (int i = 0; i < 1_000; i++) {
            String workspace = "ws_" + random.nextInt(500);
            TurnKey turn = new TurnKey(workspace, "s_" + random.nextInt(), "t" + random.nextInt(20));
            int partitions = 1 + random.nextInt(32);
            Optional<Set<Integer>> expected = Optional.of(Set.of(
                    BuiltInPartitioner.partitionForKey(workspace.getBytes(StandardCharsets.UTF_8), partitions)));
            assertEquals(expected, turns.partitions("turn-events", turn, null, partitions), turn + " over " + partitions);
            assertEquals(expected, tickets.partitions("resolver-inputs", workspace, null, partitions), workspace);
        }
    }

    @Test
    void theTicketResolverAndTheTurnLinkerShareATaskFedOnlyByTheWorkspacePartitionedTopics() {
        CasefileConfig config = new CasefileConfig(Map.of());
        RecordSerdes serdes = config.recordSerdes();
        TopologyDescription description = CasefileTopology.build(CasefileTopics.from(config.topicNames(), serdes),
                TopologySettings.from(config), serdes).describe();

        TopologyDescription.Subtopology shared = description.subtopologies().stream()
                .filter(s -> s.nodes().stream().anyMatch(n -> n.name().equals(Names.TURN_LINKER)))
                .findFirst().orElseThrow();
        Set<String> nodes = shared.nodes().stream().map(TopologyDescription.Node::name).collect(Collectors.toSet());
        Set<String> sourceTopics = shared.nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Source)
                .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream())
                .collect(Collectors.toCollection(TreeSet::new));

        assertTrue(nodes.contains(Names.TICKET_RESOLVER), "resolver and linker in one sub-topology: " + nodes);
        assertEquals(Set.of(Names.RESOLVER_INPUTS + "-repartition", Names.TURN_EVENTS + "-repartition"), sourceTopics);
    }
}
