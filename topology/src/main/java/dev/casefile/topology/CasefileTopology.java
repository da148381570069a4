package dev.casefile.topology;

import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.FeedbackChange;
import dev.casefile.schema.internal.FeedbackEntry;
import dev.casefile.schema.internal.IndexHit;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.RateDeltas;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.schema.internal.ResolverInput;
import dev.casefile.schema.internal.TicketChange;
import dev.casefile.schema.internal.TicketEntry;
import dev.casefile.schema.internal.TicketState;
import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.schema.internal.TraceInput;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.schema.internal.TurnState;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.spans.OtlpSpanDecoder;
import dev.casefile.topics.CasefileTopics;
import dev.casefile.topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The Casefile topology, a pure function of its topics, settings and serdes. The README draws it;
 * {@link Names} names every node, store and internal topic.
 */
public final class CasefileTopology {

    private final CasefileTopics topics;
    private final TopologySettings settings;
    private final RecordSerdes serdes;
    private final StreamsBuilder builder = new StreamsBuilder();

    private CasefileTopology(CasefileTopics topics, TopologySettings settings, RecordSerdes serdes) {
        this.topics = topics;
        this.settings = settings;
        this.serdes = serdes;
    }

    /** Builds the topology; no I/O happens here. */
    public static Topology build(CasefileTopics topics, TopologySettings settings, RecordSerdes serdes) {
        return new CasefileTopology(topics, settings, serdes).build();
    }

    private Topology build() {
        addStores();
        PersonalData personalData = settings.personalData();

        // Spans: one fragment per trace per OTLP record, keyed by trace id.
        Map<String, KStream<byte[], Gated<TraceFragment>>> spans = source(topics.spans(), Names.SPANS_SOURCE)
                .processValues(() -> new SpanGate(new OtlpSpanDecoder(settings.spanMapping(), settings.spanFormat())), Named.as(Names.SPANS_GATE))
                .split(Named.as("spans-"))
                .branch((k, v) -> v instanceof Gated.Rejected, Branched.as("rejected"))
                .defaultBranch(Branched.as("accepted"));
        deadLetters(spans.get("spans-rejected"), "spans");
        // Keyed by trace id; a fragment already on its trace's partition skips the traces-by-id hop.
        Map<String, KStream<String, Routed>> fragments = spans.get("spans-accepted")
                .process(() -> new TracePlacement(topics.spans().partitions()), Named.as(Names.TRACE_PLACEMENT))
                .split(Named.as("fragments-"))
                .branch((k, v) -> v instanceof Routed.AtTrace, Branched.as("here"))
                .defaultBranch(Branched.as("elsewhere"));

        // Feedback: versions and deletions by feedback id, then to its turn (or its trace, if it names no turn).
        KStream<String, FeedbackChange> feedbackChanges = gate(topics.feedback(), Names.FEEDBACK_SOURCE, Names.FEEDBACK_GATE,
                () -> new AvroGate<>(serdes.forType(FeedbackEvent.class, false).deserializer(), Validation::feedback,
                        e -> personalData.feedback(TraceIds.feedback(e))), "feedback")
                .map((k, v) -> v instanceof Gated.Deleted<FeedbackEvent> d
                        ? KeyValue.pair(d.key(), new FeedbackChange(d.key(), null))
                        : KeyValue.pair(accepted(v).getFeedbackId(), new FeedbackChange(accepted(v).getFeedbackId(), accepted(v))),
                        Named.as("feedback-changes"));
        Map<String, KStream<String, Routed>> feedback = feedbackChanges
                .repartition(Repartitioned.<String, FeedbackChange>as(Names.FEEDBACK_BY_ID)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.forType(FeedbackChange.class, false)))
                .process(() -> new FeedbackRegistry(settings.retention()), Named.as(Names.FEEDBACK_REGISTRAR),
                        Names.FEEDBACK_REGISTRY)
                .split(Named.as("feedback-to-"))
                .branch((k, v) -> v instanceof Routed.ToTurn, Branched.as("turn"))
                .defaultBranch(Branched.as("trace"));

        // Tickets: versions and deletions by ticket id, then to the resolver of their workspace.
        KStream<String, TicketChange> ticketChanges = gate(topics.tickets(), Names.TICKETS_SOURCE, Names.TICKETS_GATE,
                () -> new AvroGate<>(serdes.forType(SupportTicket.class, false).deserializer(), Validation::ticket,
                        t -> personalData.ticket(TraceIds.ticket(t))), "tickets")
                .map((k, v) -> v instanceof Gated.Deleted<SupportTicket> d
                        ? KeyValue.pair(d.key(), new TicketChange(d.key(), null))
                        : KeyValue.pair(accepted(v).getTicketId(), new TicketChange(accepted(v).getTicketId(), accepted(v))),
                        Named.as("ticket-changes"));
        KStream<String, ResolverInput> tickets = toResolver(ticketChanges
                .repartition(Repartitioned.<String, TicketChange>as(Names.TICKETS_BY_ID)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.forType(TicketChange.class, false)))
                .process(() -> new TicketRegistry(settings.retention()), Named.as(Names.TICKET_REGISTRAR),
                        Names.TICKET_REGISTRY), "tickets-to-resolver");

        // Traces: assembled per trace id, then told to their turn.
        KStream<String, TraceInput> movedToTrace = toTrace(fragments.get("fragments-elsewhere"), "fragments-by-trace")
                .merge(toTrace(feedback.get("feedback-to-trace"), "feedback-by-trace"), Named.as("trace-moves"))
                .repartition(Repartitioned.<String, TraceInput>as(Names.TRACES_BY_ID)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.forType(TraceInput.class, false))
                        .withNumberOfPartitions(topics.spans().partitions()));
        KStream<TurnKey, TurnEvent> traceViews = fragments.get("fragments-here")
                .mapValues(v -> ((Routed.AtTrace) v).input(), Named.as("fragments-at-trace"))
                .merge(movedToTrace, Named.as("trace-inputs"))
                .process(() -> new TraceAssembler(settings.spanMapping(), settings.maxSpansPerTrace(), settings.retention()),
                        Named.as(Names.TRACE_ASSEMBLER), Names.TRACE_STORE);
        KStream<TurnKey, TurnEvent> turnEvidence = traceViews
                .merge(toTurn(feedback.get("feedback-to-turn"), "feedback-by-turn"), Named.as("turn-evidence"));

        // Turn evidence and tickets go to their workspace's partition (turn-events, resolver-inputs), where one task
        // holds the workspace's business-key index, its tickets and its turns: index updates and resolved tickets
        // pass between the ticket resolver and the turn linker inside the task.
        int workspacePartitions = topics.spans().partitions();
        KStream<TurnKey, TurnEvent> turnEvents = turnEvidence
                .repartition(Repartitioned.<TurnKey, TurnEvent>as(Names.TURN_EVENTS)
                        .withKeySerde(serdes.forType(TurnKey.class, true))
                        .withValueSerde(serdes.forType(TurnEvent.class, false))
                        .withNumberOfPartitions(workspacePartitions)
                        .withStreamPartitioner(WorkspacePartitioner.by(TurnKey::getWorkspaceId)));
        KStream<String, ResolverInput> ticketInputs = tickets
                .repartition(Repartitioned.<String, ResolverInput>as(Names.RESOLVER_INPUTS)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.forType(ResolverInput.class, false))
                        .withNumberOfPartitions(workspacePartitions)
                        .withStreamPartitioner(WorkspacePartitioner.by(workspace -> workspace)));

        // Tickets meet the index of their workspace's identifiers, which the turn evidence keeps current. Re-keying by
        // workspace needs no repartition: turn-events is partitioned by workspace already.
        KStream<String, ResolverInput> indexUpdates = turnEvents.flatMap((turn, event) -> IndexUpdates.from(turn, event)
                .map(u -> List.of(KeyValue.pair(u.getWorkspaceId(), new ResolverInput(u)))).orElse(List.of()),
                Named.as("index-updates"));
        Map<String, KStream<String, Routed>> resolved = indexUpdates.merge(ticketInputs, Named.as("resolver-merge"))
                .process(() -> new TicketResolver(settings.retention()), Named.as(Names.TICKET_RESOLVER),
                        Names.KEY_INDEX, Names.TICKETS, Names.TICKET_LOOKUPS)
                .split(Named.as("resolved-"))
                .branch((k, v) -> v instanceof Routed.ToTurn, Branched.as("turn"))
                .defaultBranch(Branched.as("complaint"));
        resolved.get("resolved-complaint")
                .map((k, v) -> KeyValue.pair(((Routed.Complaint) v).complaintId(), ((Routed.Complaint) v).complaint()),
                        Named.as("ticket-complaints"))
                .to(topics.linkedComplaints().name(), linkedComplaintsProduced("ticket-" + Names.LINKED_COMPLAINTS_SINK));

        // Turns: all evidence of one turn meets in one task (a resolved ticket's turn is in the resolver's workspace).
        Map<String, KStream<String, Routed>> linked = turnEvents
                .merge(toTurn(resolved.get("resolved-turn"), "tickets-by-turn"), Named.as("turn-inputs"))
                .process(() -> new TurnLinker(settings.retention(), settings.rates()), Named.as(Names.TURN_LINKER),
                        Names.TURN_STORE, Names.RATE_BUFFER)
                .split(Named.as("linked-"))
                .branch((k, v) -> v instanceof Routed.Rate, Branched.as("rate"))
                .defaultBranch(Branched.as("complaint"));
        linked.get("linked-complaint")
                .map((k, v) -> KeyValue.pair(((Routed.Complaint) v).complaintId(), ((Routed.Complaint) v).complaint()),
                        Named.as("turn-complaints"))
                .to(topics.linkedComplaints().name(), linkedComplaintsProduced(Names.LINKED_COMPLAINTS_SINK));

        // Rates: each turn's exact change, summed per tag key and window of interaction time.
        linked.get("linked-rate")
                .map((k, v) -> KeyValue.pair(((Routed.Rate) v).windowKey(), ((Routed.Rate) v).delta()),
                        Named.as("rate-deltas-by-window"))
                .repartition(Repartitioned.<String, RateDelta>as(Names.RATE_DELTAS)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.forType(RateDelta.class, false)))
                .process(() -> new RateAggregator(settings.rates(), settings.retention()), Named.as(Names.RATE_AGGREGATOR),
                        Names.COMPLAINT_RATES)
                .to(topics.complaintRates().name(), Produced.with(topics.complaintRates().keySerde(),
                        topics.complaintRates().valueSerde()).withName(Names.COMPLAINT_RATES_SINK));

        // The console's view: linked-complaints read back, by complaint id (its producer's partitioning).
        builder.stream(topics.linkedComplaints().name(), Consumed.with(topics.linkedComplaints().keySerde(),
                        topics.linkedComplaints().valueSerde()).withName(Names.COMPLAINTS_SOURCE))
                .process(ComplaintIndexer::new, Named.as(Names.COMPLAINT_INDEXER), Names.COMPLAINTS, Names.COMPLAINT_INDEX);

        return builder.build();
    }

    private void addStores() {
        builder.addStateStore(store(Names.TRACE_STORE, Serdes.String(), serdes.forType(TraceState.class, false)));
        builder.addStateStore(store(Names.TURN_STORE, serdes.forType(TurnKey.class, true), serdes.forType(TurnState.class, false)));
        builder.addStateStore(store(Names.FEEDBACK_REGISTRY, Serdes.String(), serdes.forType(FeedbackEntry.class, false)));
        builder.addStateStore(store(Names.TICKET_REGISTRY, Serdes.String(), serdes.forType(TicketEntry.class, false)));
        builder.addStateStore(store(Names.KEY_INDEX, Serdes.String(), serdes.forType(IndexHit.class, false)));
        builder.addStateStore(store(Names.TICKETS, Serdes.String(), serdes.forType(TicketState.class, false)));
        builder.addStateStore(store(Names.TICKET_LOOKUPS, Serdes.String(), Serdes.String()));
        builder.addStateStore(store(Names.COMPLAINT_RATES, Serdes.String(), serdes.forType(RateWindow.class, false)));
        // Summed on every turn and drained every flush interval: written behind, each window is encoded and logged once
        // per commit, not once per turn.
        builder.addStateStore(WriteBehindStore.builder(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.RATE_BUFFER), Serdes.String(),
                        serdes.forType(RateDeltas.class, false))));
        builder.addStateStore(store(Names.COMPLAINTS, Serdes.String(), serdes.forType(LinkedComplaint.class, false)));
        builder.addStateStore(store(Names.COMPLAINT_INDEX, Serdes.String(), Serdes.String()));
    }

    private static <K, V> StoreBuilder<?> store(String name, Serde<K> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values);
    }

    private KStream<byte[], byte[]> source(TopicSpec<byte[], byte[]> topic, String name) {
        return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name));
    }

    /** The gated records of an Avro input topic; rejected ones go to the dead letters. */
    private <T> KStream<byte[], Gated<T>> gate(TopicSpec<byte[], byte[]> topic, String sourceName, String gateName,
                                               Supplier<AvroGate<T>> gate, String from) {
        Map<String, KStream<byte[], Gated<T>>> branches = source(topic, sourceName)
                .processValues(gate::get, Named.as(gateName))
                .split(Named.as(from + "-"))
                .branch((k, v) -> v instanceof Gated.Rejected, Branched.as("rejected"))
                .defaultBranch(Branched.as("usable"));
        deadLetters(branches.get(from + "-rejected"), from);
        return branches.get(from + "-usable");
    }

    private <T> void deadLetters(KStream<byte[], Gated<T>> rejected, String from) {
        rejected.mapValues(v -> ((Gated.Rejected<T>) v).rawValue(), Named.as(from + "-dead-letter-values"))
                .to(topics.deadLetters().name(), Produced.with(topics.deadLetters().keySerde(),
                        topics.deadLetters().valueSerde()).withName(from + "-" + Names.DEAD_LETTERS_SINK));
    }

    private Produced<String, LinkedComplaint> linkedComplaintsProduced(String name) {
        return Produced.with(topics.linkedComplaints().keySerde(), topics.linkedComplaints().valueSerde()).withName(name);
    }

    private static KStream<TurnKey, TurnEvent> toTurn(KStream<String, Routed> routed, String name) {
        return routed.map((k, v) -> KeyValue.pair(((Routed.ToTurn) v).turn(), ((Routed.ToTurn) v).event()), Named.as(name));
    }

    private static KStream<String, TraceInput> toTrace(KStream<String, Routed> routed, String name) {
        return routed.map((k, v) -> KeyValue.pair(((Routed.ToTrace) v).traceId(), ((Routed.ToTrace) v).input()),
                Named.as(name));
    }

    private static KStream<String, ResolverInput> toResolver(KStream<String, Routed> routed, String name) {
        return routed.map((k, v) -> KeyValue.pair(((Routed.ToResolver) v).workspaceId(), ((Routed.ToResolver) v).input()),
                Named.as(name));
    }

    private static <T> T accepted(Gated<T> gated) {
        return ((Gated.Accepted<T>) gated).value();
    }
}
