package dev.casefile.topology;

import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.LinkedComplaint;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys of the {@code complaint-index} store: {@code kind␟value␟sort␟complaint id}, where sort is
 * {@code Long.MAX_VALUE - first_reported_at} zero-padded, so a prefix scan of one kind and value
 * lists its complaints newest first. Lives beside the complaint it indexes (same partition).
 */
public final class ComplaintIndex {

    /** What an index entry was made from. */
    public enum Kind {
        /** The complaint's workspace. */
        WORKSPACE,
        /** Each ticket id on the complaint. */
        TICKET,
        /** The session id. */
        SESSION,
        /** Each feedback id. */
        FEEDBACK,
        /** The trace id as captured, the OTLP id (lower case), a conflicting and each candidate trace id. */
        TRACE,
        /** Each business-key value (order id, conversation URL, response id, email hash, ...), whatever its name. */
        KEY,
        /** Each evidence tag as {@code key=value}. */
        TAG;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final char SEP = '\u001f';
    private static final int SORT_DIGITS = 19;

    private ComplaintIndex() {
    }

    /** Every index key of {@code complaint}. Values holding the separator are not indexed. */
    static Set<String> keys(LinkedComplaint complaint) {
        Set<String> keys = new TreeSet<>();
        String sort = sortKey(complaint);
        add(keys, Kind.WORKSPACE, complaint.getWorkspaceId(), sort);
        complaint.getTicketIds().forEach(t -> add(keys, Kind.TICKET, t, sort));
        add(keys, Kind.SESSION, complaint.getSessionId(), sort);
        complaint.getFeedbackIds().forEach(f -> add(keys, Kind.FEEDBACK, f, sort));
        add(keys, Kind.TRACE, traceValue(complaint.getTraceId()), sort);
        add(keys, Kind.TRACE, traceValue(complaint.getOtlpTraceId()), sort);
        add(keys, Kind.TRACE, traceValue(complaint.getTraceConflict()), sort);
        complaint.getCandidateTraceIds().forEach(t -> add(keys, Kind.TRACE, traceValue(t), sort));
        complaint.getBusinessKeys().values().forEach(v -> add(keys, Kind.KEY, v, sort));
        for (EvidenceTag tag : complaint.getEvidenceTags()) {
            add(keys, Kind.TAG, tag(tag.getKey(), tag.getValue()), sort);
        }
        return keys;
    }

    /** The prefix under which all complaints of one kind and value sort, newest first. */
    public static String prefix(Kind kind, String value) {
        return kind.code() + SEP + value + SEP;
    }

    /** The sortable position of {@code complaint} within a prefix: newest first, then by complaint id. */
    public static String sortKey(LinkedComplaint complaint) {
        long inverted = Long.MAX_VALUE - complaint.getFirstReportedAt().toEpochMilli();
        return String.format("%0" + SORT_DIGITS + "d", inverted) + SEP + complaint.getComplaintId();
    }

    /** Whether {@code cursor} has the form of a {@link #sortKey} (as handed out by a page). */
    public static boolean isSortKey(String cursor) {
        int sep = cursor.indexOf(SEP);
        return sep == SORT_DIGITS && cursor.substring(0, SORT_DIGITS).chars().allMatch(Character::isDigit)
                && cursor.length() > SORT_DIGITS + 1 && cursor.indexOf(SEP, sep + 1) < 0;
    }

    /** The complaint id at the end of an index key. */
    public static String complaintId(String indexKey) {
        return indexKey.substring(indexKey.lastIndexOf(SEP) + 1);
    }

    /** The sortable position at the end of an index key ({@link #sortKey}). */
    public static String sortKeyOf(String indexKey) {
        int last = indexKey.lastIndexOf(SEP);
        return indexKey.substring(indexKey.lastIndexOf(SEP, last - 1) + 1);
    }

    /** An evidence tag as indexed. */
    public static String tag(String key, String value) {
        return key + "=" + value;
    }

    /** Trace ids are indexed as {@link TraceIds#normalise} gives them: OTLP hex in lower case. */
    public static String traceValue(String traceId) {
        return TraceIds.normalise(traceId);
    }

    private static void add(Set<String> keys, Kind kind, String value, String sort) {
        if (value == null || value.isEmpty() || value.indexOf(SEP) >= 0) {
            return;
        }
        keys.add(prefix(kind, value) + sort);
    }
}
