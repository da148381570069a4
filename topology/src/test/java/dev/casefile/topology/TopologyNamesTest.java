package dev.casefile.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casefile.config.CasefileConfig;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SupportTicket;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topics.CasefileTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * Pins the name of every state store, changelog and internal topic. Each names data on a broker or a
 * disk that outlives a release: renaming one orphans it. A refactoring that renames one fails here.
 */
class TopologyNamesTest {

    private static final Set<String> STORES = Set.of("feedback-registry", "ticket-registry", "trace-store", "key-index",
            "ticket-store", "ticket-lookup-sets", "trace-feedback", "turn-store", "window-rate-buffer", "complaint-rates", "complaints",
            "complaint-index", "rate-alert-values", "rate-alerts", "complaint-evidence");
    private static final Set<String> REPARTITION_TOPICS = Set.of("feedback-by-id-repartition", "tickets-by-id-repartition",
            "traces-by-id-repartition", "resolver-inputs-repartition", "turn-events-repartition", "rate-deltas-repartition",
            "complained-traces-repartition");
    private static final Set<String> EXTERNAL_TOPICS = Set.of("otlp_spans", "feedback", "support-tickets",
            "linked-complaints", "complaint-rate-by-tag", "complaint-rate-alerts", "casefile-dlq");

    private final TopologyDescription description = describe();

    @Test
    void storesKeepTheirNames() {
        Set<String> stores = description.subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(n -> n instanceof TopologyDescription.Processor)
                .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(STORES), stores);
    }

    @Test
    void internalAndExternalTopicsKeepTheirNames() {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    topics.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Sink sink) {
                    topics.add(sink.topic());
                }
            }
        }
        Set<String> expected = new TreeSet<>(REPARTITION_TOPICS);
        expected.addAll(EXTERNAL_TOPICS);
        assertEquals(expected, topics);
    }

    /**
     * Every store is logged: the worked example, a ticket nobody's evidence names yet and feedback that names only a
     * trace nobody has seen, and a tag value first served two hours later, write each changelog.
     */
    @Test
    void everyStoreWritesItsChangelog() {
        try (TopologyHarness casefile = new TopologyHarness()) {
            casefile.spans(WorkedExample.spans(), WorkedExample.SERVED_AT);
            casefile.feedback(WorkedExample.feedback());
            casefile.ticket(WorkedExample.ticket());
            SupportTicket waiting = SupportTicket.newBuilder(WorkedExample.ticket()).setTicketId("cs_442").setTraceId(null)
                    .setSessionId(null).setTurnId(null).setFeedbackId(null).setBusinessKeys(Map.of("order_id", "ord_unknown"))
                    .build();
            casefile.ticket(waiting);
            casefile.feedback(FeedbackEvent.newBuilder(WorkedExample.feedback()).setFeedbackId("fb_by_trace").setSessionId(null)
                    .setTurnId(null).setTraceId("tr_unseen").build());
            // A prompt version first served two hours later is new: the rollout alerts count it.
            Instant later = WorkedExample.SERVED_AT.plus(Duration.ofHours(2));
            casefile.spans(Evidence.trace("0af7651916cd43dd8448eb211c80a001", "sess_new", "01", later,
                    Map.of("prompt_version", "refund-v9")), later);
            casefile.advanceWallClock(Duration.ofSeconds(2));
            Set<String> changelogs = casefile.driver.producedTopicNames().stream()
                    .filter(t -> t.endsWith("-changelog"))
                    .map(t -> t.substring("casefile-test-".length(), t.length() - "-changelog".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(STORES), changelogs);
        }
    }

    private static TopologyDescription describe() {
        CasefileConfig config = new CasefileConfig(Map.of());
        RecordSerdes serdes = config.recordSerdes();
        return CasefileTopology.build(CasefileTopics.from(config.topicNames(), serdes), TopologySettings.from(config), serdes)
                .describe();
    }
}
