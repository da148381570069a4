package dev.casefile.topology.query;

/**
 * The stores the console reads, by name. Each is written by one stage (named beside it); renaming one
 * orphans its changelog {@code <application.id>-<name>-changelog}.
 */
public final class Stores {

    /** Complaint id → the current {@code LinkedComplaint}, read back from linked-complaints (stage index). */
    public static final String COMPLAINTS = "complaints";
    /**
     * {@link ComplaintIndexKeys} → the complaint's OTLP trace id ({@link ComplaintIndexKeys#entryValue}): the console's
     * secondary indexes (stage index); the key ends with the complaint id.
     */
    public static final String COMPLAINT_INDEX = "complaint-index";
    /** {@link RateKeys#storeKey} → {@code RateWindow}: complaint rates per tag value (stage rates). */
    public static final String COMPLAINT_RATES = "complaint-rates";
    /** {@link RateAlertKeys#storeKey} → {@code AlertState}: each new tag value's counts and open alert (stage rates). */
    public static final String RATE_ALERTS = "rate-alerts";
    /**
     * Trace id → {@code TraceState}: every trace, as what linking needs and where its spans are on the spans topic
     * (stage trace); kept for the uncomplained retention.
     */
    public static final String TRACE_STORE = "trace-store";
    /**
     * Trace id → {@code TraceEvidence}: the spans of each trace a complaint linked to, copied from the spans topic
     * when it first linked (stage trace); kept for the complaint retention.
     */
    public static final String COMPLAINT_EVIDENCE = "complaint-evidence";

    private Stores() {
    }
}
