package dev.casefile.topology;

/**
 * The name of every node, store and internal topic of the topology. Renaming one orphans its
 * changelog or repartition topic, so they are constants, and the application runs with
 * {@code ensure.explicit.internal.resource.naming=true}.
 */
public final class Names {

    /** Trace id → {@code TraceState}: every trace assembled from its spans. */
    public static final String TRACE_STORE = "trace-store";
    /** {@code TurnKey} → {@code TurnState}: feedback, tickets and trace of one turn, and its complaint. */
    public static final String TURN_STORE = "turn-store";
    /** Feedback id → the current {@code FeedbackEvent}: versions, relocations and tombstones. */
    public static final String FEEDBACK_REGISTRY = "feedback-registry";
    /** Ticket id → the newest {@code SupportTicket}: versions and tombstones. */
    public static final String TICKET_REGISTRY = "ticket-registry";
    /**
     * {@code workspace␟kind␟identifier␟source} → {@code IndexHit}: the business-key index. A source's home entry (its
     * own trace id or feedback id) also records what the source put in the index. (The separate {@code index-sources}
     * store that held this before cost one more write per turn.)
     */
    public static final String KEY_INDEX = "key-index";
    /** {@code workspace␟ticket id} → {@code TicketState}: tickets, their resolution and own complaint. */
    public static final String TICKETS = "ticket-store";
    /**
     * {@code workspace␟kind␟identifier␟} → the ids of the tickets that look it up, joined by ␟: read with one point
     * lookup per identifier an index update touches. (Renamed from {@code ticket-lookups}, which held one entry per
     * ticket and identifier and needed a prefix scan.)
     */
    public static final String TICKET_LOOKUPS = "ticket-lookup-sets";

    /** Complaint id → the current {@code LinkedComplaint}, read back from linked-complaints for the console. */
    public static final String COMPLAINTS = "complaints";
    /** {@code kind␟value␟newest-first time␟complaint id} → complaint id: the console's secondary indexes. */
    public static final String COMPLAINT_INDEX = "complaint-index";

    /** {@code tagKey␟windowSize␟windowStart} → {@code RateWindow}: complaint rates per tag value, queryable. */
    public static final String COMPLAINT_RATES = "complaint-rates";

    /**
     * {@code windowSize␟windowStart} → {@code RateDeltas}: the turn linker's summed rate changes, every tag key of a
     * window in one entry, sent on every {@code rate.flush.interval.ms}. (Renamed from {@code rate-buffer} when its
     * values changed from one tag key's {@code RateDelta} to a window's {@code RateDeltas}.)
     */
    public static final String RATE_BUFFER = "window-rate-buffer";

    /** Repartition topic {@code <application.id>-rate-deltas-repartition}: rate changes, by tag key and window. */
    public static final String RATE_DELTAS = "rate-deltas";
    /** Repartition topic {@code <application.id>-feedback-by-id-repartition}: feedback versions and deletions. */
    public static final String FEEDBACK_BY_ID = "feedback-by-id";
    /** Repartition topic {@code <application.id>-tickets-by-id-repartition}: ticket versions and deletions. */
    public static final String TICKETS_BY_ID = "tickets-by-id";
    /**
     * Repartition topic {@code <application.id>-traces-by-id-repartition}: trace-only feedback, and span fragments
     * that are not yet on their trace's partition; as many partitions as the spans topic.
     */
    public static final String TRACES_BY_ID = "traces-by-id";
    /**
     * Repartition topic {@code <application.id>-resolver-inputs-repartition}: tickets, by workspace, partitioned like
     * {@code turn-events}. (Index updates went through it too until they came to be derived in the turn-events task.)
     */
    public static final String RESOLVER_INPUTS = "resolver-inputs";
    /**
     * Repartition topic {@code <application.id>-turn-events-repartition}: all evidence, keyed by turn and partitioned by
     * its workspace. (Partitioned by the whole turn key until the resolver came to share its task.)
     */
    public static final String TURN_EVENTS = "turn-events";

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
    static final String TICKET_RESOLVER = "ticket-resolver";
    static final String TURN_LINKER = "turn-linker";
    static final String LINKED_COMPLAINTS_SINK = "linked-complaints-sink";
    static final String RATE_AGGREGATOR = "rate-aggregator";
    static final String COMPLAINTS_SOURCE = "complaints-source";
    static final String COMPLAINT_INDEXER = "complaint-indexer";
    static final String COMPLAINT_RATES_SINK = "complaint-rates-sink";

    private Names() {
    }
}
