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

    /** Repartition topic {@code <application.id>-traces-by-id-repartition}: span fragments and trace-only feedback. */
    public static final String TRACES_BY_ID = "traces-by-id";
    /** Repartition topic {@code <application.id>-turn-events-repartition}: all evidence, keyed by turn. */
    public static final String TURN_EVENTS = "turn-events";

    static final String SPANS_SOURCE = "spans-source";
    static final String SPANS_GATE = "spans-gate";
    static final String FEEDBACK_SOURCE = "feedback-source";
    static final String FEEDBACK_GATE = "feedback-gate";
    static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    static final String TRACE_ASSEMBLER = "trace-assembler";
    static final String TURN_LINKER = "turn-linker";
    static final String LINKED_COMPLAINTS_SINK = "linked-complaints-sink";

    private Names() {
    }
}
