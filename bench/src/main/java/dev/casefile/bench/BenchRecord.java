package dev.casefile.bench;

/**
 * One input record of the benchmark traffic, ready to send: which input it goes to, its key and
 * value bytes, its timestamp (the event time), how many spans it carries, and the complaint it is
 * evidence of ({@code null} for the 98% of turns nobody complains about).
 */
public record BenchRecord(Kind kind, byte[] key, byte[] value, long timestamp, int spans, String complaintId) {

    /** The input topic a record goes to. */
    public enum Kind { SPANS, FEEDBACK, TICKETS }
}
