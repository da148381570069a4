package dev.casefile.topology;

/**
 * The name of every node and internal topic of the topology. Store names are declared beside the
 * stage that owns each store ({@code RegistryStage}, {@code LinkStage}, ...; the console's in
 * {@code query.Stores}). Renaming a repartition topic orphans its records, so they are constants,
 * and the application runs with {@code ensure.explicit.internal.resource.naming=true}.
 */
public final class Names {

    /** Repartition topic {@code <application.id>-feedback-by-id-repartition}: feedback versions and deletions. */
    public static final String FEEDBACK_BY_ID = "feedback-by-id";
    /** Repartition topic {@code <application.id>-tickets-by-id-repartition}: ticket versions and deletions. */
    public static final String TICKETS_BY_ID = "tickets-by-id";
    /**
     * Repartition topic {@code <application.id>-traces-by-id-repartition}: span fragments that are not yet on their
     * trace's partition; as many partitions as the spans topic. (Trace-only feedback went through it too, until the
     * resolver came to find its turn through the index.)
     */
    public static final String TRACES_BY_ID = "traces-by-id";
    /**
     * Repartition topic {@code <application.id>-complained-traces-repartition}: trace id → complaint id, each time a
     * complaint read back from linked-complaints names a trace it did not name before; as many partitions as the spans
     * topic, so the word reaches the task that holds the trace.
     */
    public static final String COMPLAINED_TRACES = "complained-traces";
    /**
     * Repartition topic {@code <application.id>-resolver-inputs-repartition}: tickets and trace-only feedback, by
     * workspace, partitioned like {@code turn-events}. (Index updates went through it too until they came to be
     * derived in the turn-events task.)
     */
    public static final String RESOLVER_INPUTS = "resolver-inputs";
    /**
     * Repartition topic {@code <application.id>-turn-events-repartition}: all evidence, keyed by turn and partitioned by
     * its workspace. (Partitioned by the whole turn key until the resolver came to share its task.)
     */
    public static final String TURN_EVENTS = "turn-events";
    /**
     * Repartition topic {@code <application.id>-rate-deltas-repartition}: rate changes, keyed by tag key and window,
     * partitioned by tag key. (Partitioned by the whole key until the rate gauges needed each tag key's current window
     * in one task.)
     */
    public static final String RATE_DELTAS = "rate-deltas";

    static final String SPANS_SOURCE = "spans-source";
    static final String SPANS_GATE = "spans-gate";
    static final String TRACE_PLACEMENT = "trace-placement";
    static final String FEEDBACK_SOURCE = "feedback-source";
    static final String FEEDBACK_GATE = "feedback-gate";
    static final String TICKETS_SOURCE = "tickets-source";
    static final String TICKETS_GATE = "tickets-gate";
    static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    static final String FEEDBACK_REGISTRAR = "feedback-registrar";
    static final String TICKET_REGISTRAR = "ticket-registrar";
    static final String TRACE_ASSEMBLER = "trace-assembler";
    static final String INDEX_UPDATES = "index-updates";
    static final String TICKET_RESOLVER = "ticket-resolver";
    static final String TURN_LINKER = "turn-linker";
    static final String LINKED_COMPLAINTS_SINK = "linked-complaints-sink";
    static final String RATE_BUFFER = "rate-buffer";
    static final String RATE_AGGREGATOR = "rate-aggregator";
    static final String COMPLAINT_RATES_SINK = "complaint-rates-sink";
    static final String ROLLOUT_ALERTS = "rollout-alerts";
    static final String RATE_ALERTS_SINK = "rate-alerts-sink";
    static final String COMPLAINTS_SOURCE = "complaints-source";
    static final String COMPLAINT_INDEXER = "complaint-indexer";

    private Names() {
    }
}
