package dev.casefile.topology;

import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.FeedbackChange;
import dev.casefile.schema.internal.RateChange;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.ResolverInput;
import dev.casefile.schema.internal.TicketChange;
import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topics.CasefileTopics;
import dev.casefile.topics.TopicSpec;
import dev.casefile.topology.index.IndexStage;
import dev.casefile.topology.ingest.Gated;
import dev.casefile.topology.ingest.IngestStage;
import dev.casefile.topology.link.LinkStage;
import dev.casefile.topology.link.Linked;
import dev.casefile.topology.query.RateKeys;
import dev.casefile.topology.query.Stores;
import dev.casefile.topology.rates.Aggregated;
import dev.casefile.topology.rates.RatesStage;
import dev.casefile.topology.registry.FeedbackRoute;
import dev.casefile.topology.registry.RegistryStage;
import dev.casefile.topology.resolve.ResolveStage;
import dev.casefile.topology.resolve.Resolved;
import dev.casefile.topology.trace.Placed;
import dev.casefile.topology.trace.TraceInput;
import dev.casefile.topology.trace.TraceStage;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;

/**
 * The Casefile topology, a pure function of its topics, settings and serdes: the seven stages of the
 * data path, one method each, wired in order except that stage 7 comes first, as stage 3 reads what
 * it sends on. Each stage's package builds its processors and their
 * stores; this class only connects them through the internal topics named in {@link Names}.
 * {@code docs/architecture.md} draws it.
 */
public final class CasefileTopology {

    private final CasefileTopics topics;
    private final TopologySettings settings;
    private final RecordSerdes serdes;
    private final StreamsBuilder builder = new StreamsBuilder();

    /** What ingest passes on: span fragments by trace id, feedback and ticket changes by their ids. */
    private record Ingested(KStream<String, TraceFragment> fragments, KStream<String, FeedbackChange> feedback,
                            KStream<String, TicketChange> tickets) {
    }

    /**
     * What the registry passes on: feedback to its turn; tickets, and feedback that names only a trace, to their
     * workspace's resolver.
     */
    private record Registered(KStream<TurnKey, TurnEvent> feedbackToTurn, KStream<String, ResolverInput> toResolver) {
    }

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
        Ingested in = ingest();
        Registered registered = register(in);
        // Stage 7 reads linked-complaints back, so it can be wired before the stages that write it: the traces its
        // complaints name go back to stage 3, whose evidence store freezes their spans.
        KStream<String, String> complainedTraces = indexComplaints();
        KStream<TurnKey, TurnEvent> traceViews = assembleTraces(in.fragments(), complainedTraces);
        KStream<TurnKey, TurnEvent> turnEvents = turnEvents(traceViews.merge(registered.feedbackToTurn(),
                Named.as("turn-evidence")));
        KStream<TurnKey, TurnEvent> ticketsToTurns = resolveTickets(turnEvents, registered.toResolver());
        KStream<TurnKey, RateChange> rateChanges = linkTurns(turnEvents.merge(ticketsToTurns, Named.as("turn-inputs")));
        countRates(rateChanges);
        return builder.build();
    }

    /** 1. Ingest: every input record through its gate; rejects go to the dead letters. */
    private Ingested ingest() {
        IngestStage ingest = new IngestStage(serdes, settings.spanMapping(), settings.spanFormat(),
                settings.jsonUnknownFields(), settings.hashSecret(), settings.emailKeys(), settings.clock(), settings.meters());
        return new Ingested(
                gate(topics.spans(), Names.SPANS_SOURCE, Names.SPANS_GATE, ingest.spans(), "spans"),
                gate(topics.feedback(), Names.FEEDBACK_SOURCE, Names.FEEDBACK_GATE, ingest.feedback(), "feedback"),
                gate(topics.tickets(), Names.TICKETS_SOURCE, Names.TICKETS_GATE, ingest.tickets(), "tickets"));
    }

    /** 2. Registry: the current version of each feedback event and ticket, by id. */
    private Registered register(Ingested in) {
        RegistryStage registry = new RegistryStage(settings.retention(), serdes, settings.meters());
        KStream<String, FeedbackRoute> feedback = in.feedback()
                .repartition(Repartitioned.<String, FeedbackChange>as(Names.FEEDBACK_BY_ID)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.forType(FeedbackChange.class, false)))
                .process(registry.feedback(), Named.as(Names.FEEDBACK_REGISTRAR));
        KStream<String, ResolverInput> tickets = in.tickets()
                .repartition(Repartitioned.<String, TicketChange>as(Names.TICKETS_BY_ID)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.forType(TicketChange.class, false)))
                .process(registry.tickets(), Named.as(Names.TICKET_REGISTRAR));
        return new Registered(feedback.flatMap((id, route) -> route.toTurn(), Named.as("feedback-by-turn")),
                feedback.flatMap((id, route) -> route.toResolver(), Named.as("feedback-by-workspace"))
                        .merge(tickets, Named.as("to-resolver")));
    }

    /**
     * 3. Trace: spans meet per trace id; each trace tells its turn what it holds. Word of the traces complaints name
     * (from stage 7) reaches the same task, which freezes their spans.
     */
    private KStream<TurnKey, TurnEvent> assembleTraces(KStream<String, TraceFragment> fragments,
                                                       KStream<String, String> complainedTraces) {
        TraceStage trace = new TraceStage(settings.spanMapping(), settings.maxSpansPerTrace(), settings.retention(),
                settings.spanSource(), serdes, settings.meters());
        int tracePartitions = topics.spans().partitions();
        // A fragment already on its trace's partition skips the traces-by-id hop.
        KStream<String, Placed> placed = fragments.process(trace.placement(tracePartitions), Named.as(Names.TRACE_PLACEMENT));
        KStream<String, TraceFragment> moved = placed.flatMap((id, p) -> p.elsewhere(), Named.as("fragments-by-trace"))
                .repartition(Repartitioned.<String, TraceFragment>as(Names.TRACES_BY_ID)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.forType(TraceFragment.class, false))
                        .withNumberOfPartitions(tracePartitions));
        KStream<String, TraceInput> complained = complainedTraces
                .repartition(Repartitioned.<String, String>as(Names.COMPLAINED_TRACES)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.String())
                        .withNumberOfPartitions(tracePartitions))
                .<TraceInput>mapValues(TraceInput.Complained::new, Named.as("complaint-words"));
        return placed.flatMap((id, p) -> p.here(), Named.as("fragments-at-trace"))
                .merge(moved, Named.as("trace-fragments"))
                .<TraceInput>mapValues(TraceInput.Spans::new, Named.as("trace-spans"))
                .merge(complained, Named.as("trace-inputs"))
                .process(trace.assembler(), Named.as(Names.TRACE_ASSEMBLER));
    }

    /**
     * All evidence of a turn, by turn, on its workspace's partition: one task then holds a workspace's
     * business-key index, its tickets and its turns, so index updates and resolved tickets pass between
     * the ticket resolver and the turn linker without another topic.
     */
    private KStream<TurnKey, TurnEvent> turnEvents(KStream<TurnKey, TurnEvent> evidence) {
        return evidence.repartition(Repartitioned.<TurnKey, TurnEvent>as(Names.TURN_EVENTS)
                .withKeySerde(serdes.forType(TurnKey.class, true)).withValueSerde(serdes.forType(TurnEvent.class, false))
                .withNumberOfPartitions(workspacePartitions())
                .withStreamPartitioner(SharedPartitioner.by(TurnKey::getWorkspaceId)));
    }

    /**
     * 4. Resolve: tickets, and feedback that names only a trace, meet their workspace's index; each goes to its turn,
     * or gets a complaint of its own while it has none.
     */
    private KStream<TurnKey, TurnEvent> resolveTickets(KStream<TurnKey, TurnEvent> turnEvents,
                                                       KStream<String, ResolverInput> toResolver) {
        ResolveStage resolve = new ResolveStage(settings.retention(), serdes, settings.meters());
        KStream<String, ResolverInput> ticketInputs = toResolver
                .repartition(Repartitioned.<String, ResolverInput>as(Names.RESOLVER_INPUTS)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.forType(ResolverInput.class, false))
                        .withNumberOfPartitions(workspacePartitions())
                        .withStreamPartitioner(SharedPartitioner.by(workspace -> workspace)));
        // Re-keying the evidence by workspace needs no repartition: turn-events is partitioned by workspace already.
        KStream<String, Resolved> resolved = turnEvents.flatMap(resolve.indexUpdates(), Named.as(Names.INDEX_UPDATES))
                .merge(ticketInputs, Named.as("resolver-merge"))
                .process(resolve.resolver(), Named.as(Names.TICKET_RESOLVER));
        resolved.flatMap((workspace, r) -> r.toComplaints(), Named.as("ticket-complaints"))
                .to(topics.linkedComplaints().name(), linkedComplaints("ticket-" + Names.LINKED_COMPLAINTS_SINK));
        return resolved.flatMap((workspace, r) -> r.toTurn(), Named.as("tickets-by-turn"));
    }

    /** 5. Link: all evidence of one turn meets in one task; its complaint goes to linked-complaints. */
    private KStream<TurnKey, RateChange> linkTurns(KStream<TurnKey, TurnEvent> turnInputs) {
        KStream<TurnKey, Linked> linked = turnInputs.process(new LinkStage(settings.retention(), serdes, settings.meters()).linker(),
                Named.as(Names.TURN_LINKER));
        linked.flatMap((turn, l) -> l.toComplaints(), Named.as("turn-complaints"))
                .to(topics.linkedComplaints().name(), linkedComplaints(Names.LINKED_COMPLAINTS_SINK));
        return linked.flatMapValues(Linked::toRates, Named.as("turn-rate-changes"));
    }

    /**
     * 6. Rates: each turn's exact change, summed in its task, then per tag key and window of interaction time; all
     * windows of one tag key in one task.
     */
    private void countRates(KStream<TurnKey, RateChange> rateChanges) {
        RatesStage rates = new RatesStage(settings.rates(), settings.alerts(), settings.retention(), serdes);
        KStream<String, Aggregated> aggregated = rateChanges.process(rates.<TurnKey>buffer(), Named.as(Names.RATE_BUFFER))
                .repartition(Repartitioned.<String, RateDelta>as(Names.RATE_DELTAS)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.forType(RateDelta.class, false))
                        .withStreamPartitioner(SharedPartitioner.by(RateKeys::tagKeyOf)))
                .process(rates.aggregator(), Named.as(Names.RATE_AGGREGATOR));
        aggregated.flatMap((window, a) -> a.toRates(), Named.as("window-rates"))
                .to(topics.complaintRates().name(), Produced.with(topics.complaintRates().keySerde(),
                        topics.complaintRates().valueSerde()).withName(Names.COMPLAINT_RATES_SINK));
        aggregated.flatMapValues(Aggregated::toApplied, Named.as("applied-rate-changes"))
                .process(rates.rolloutAlerts(), Named.as(Names.ROLLOUT_ALERTS), Stores.COMPLAINT_RATES)
                .to(topics.rateAlerts().name(), Produced.with(topics.rateAlerts().keySerde(),
                        topics.rateAlerts().valueSerde()).withName(Names.RATE_ALERTS_SINK));
    }

    /**
     * 7. Index: linked-complaints read back (by complaint id, its producer's partitioning) for the console; the traces
     * complaints newly name, by trace id.
     */
    private KStream<String, String> indexComplaints() {
        return builder.stream(topics.linkedComplaints().name(), Consumed.with(topics.linkedComplaints().keySerde(),
                        topics.linkedComplaints().valueSerde()).withName(Names.COMPLAINTS_SOURCE))
                .process(new IndexStage(serdes).indexer(), Named.as(Names.COMPLAINT_INDEXER));
    }

    /** The records of an input topic that pass its gate; the rejected ones go, unchanged, to the dead letters. */
    private <T> KStream<String, T> gate(TopicSpec<byte[], byte[]> topic, String sourceName, String gateName,
                                        FixedKeyProcessorSupplier<byte[], byte[], Gated<T>> gate, String from) {
        KStream<byte[], Gated<T>> gated = builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde())
                        .withName(sourceName))
                .processValues(gate, Named.as(gateName));
        gated.flatMapValues(Gated::deadLetter, Named.as(from + "-dead-letter-values"))
                .to(topics.deadLetters().name(), Produced.with(topics.deadLetters().keySerde(),
                        topics.deadLetters().valueSerde()).withName(from + "-" + Names.DEAD_LETTERS_SINK));
        return gated.flatMap((key, g) -> g.passed(), Named.as(from + "-passed"));
    }

    /** turn-events and resolver-inputs have as many partitions as the spans topic, and are partitioned by workspace. */
    private int workspacePartitions() {
        return topics.spans().partitions();
    }

    private Produced<String, LinkedComplaint> linkedComplaints(String name) {
        Serde<String> keys = topics.linkedComplaints().keySerde();
        return Produced.with(keys, topics.linkedComplaints().valueSerde()).withName(name);
    }
}
