package dev.casefile.topology.query;

import dev.casefile.contract.TraceIds;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.topology.store.CompositeKeys;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys of the {@code complaint-index} store: {@code kind␟value␟sort␟complaint id}, where sort is
 * {@code Long.MAX_VALUE - first_reported_at} zero-padded, so a prefix scan of one kind and value
 * lists its complaints newest first. The index lives beside the complaint it indexes (same
 * partition). A page cursor is a sort key with its separator written as {@code ~}.
 */
public final class ComplaintIndexKeys {

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

    private static final int SORT_DIGITS = 19;
    /** Written for the separator in a cursor, so a cursor travels in a URL. */
    private static final char CURSOR_SEP = '~';

    private ComplaintIndexKeys() {
    }

    /** Every index key of {@code complaint}. Values holding the separator are not indexed. */
    public static Set<String> keys(LinkedComplaint complaint) {
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
        return CompositeKeys.prefix(kind.code(), value);
    }

    /** Where a page of {@code prefix} starts: its first key, or the first key after the sort key {@code after}. */
    public static String pageStart(String prefix, String after) {
        return after == null ? prefix : prefix + after + '\u0000';
    }

    /** A key after every key under {@code prefix}: after the prefix come the sort key's digits, and '~' sorts after them. */
    public static String pageEnd(String prefix) {
        return prefix + '~';
    }

    /** The sortable position of {@code complaint} within a prefix: newest first, then by complaint id. */
    public static String sortKey(LinkedComplaint complaint) {
        long inverted = Long.MAX_VALUE - complaint.getFirstReportedAt().toEpochMilli();
        return CompositeKeys.join(CompositeKeys.zeroPadded(inverted, SORT_DIGITS), complaint.getComplaintId());
    }

    /** Whether {@code candidate} has the form of a {@link #sortKey}: ASCII digits only ({@code Character.isDigit} takes any script's). */
    public static boolean isSortKey(String candidate) {
        int sep = candidate.indexOf(CompositeKeys.SEP);
        return sep == SORT_DIGITS && candidate.substring(0, SORT_DIGITS).chars().allMatch(c -> c >= '0' && c <= '9')
                && candidate.length() > SORT_DIGITS + 1 && candidate.indexOf(CompositeKeys.SEP, sep + 1) < 0;
    }

    /** The cursor form of a sort key (null stays null). */
    public static String cursorOf(String sortKey) {
        return sortKey == null ? null : sortKey.replace(CompositeKeys.SEP, CURSOR_SEP);
    }

    /** The sort key a cursor stands for; {@link #isSortKey} says whether it is one. */
    public static String sortKeyOfCursor(String cursor) {
        return cursor.replace(CURSOR_SEP, CompositeKeys.SEP);
    }

    /** An index entry's value: the complaint's OTLP trace id, or empty when it has none. */
    public static String entryValue(String otlpTraceId) {
        return otlpTraceId == null ? "" : otlpTraceId;
    }

    /** The OTLP trace id an index entry's value holds, if any. */
    public static Optional<String> traceOf(String entryValue) {
        return entryValue == null || entryValue.isEmpty() ? Optional.empty() : Optional.of(entryValue);
    }

    /** The complaint id at the end of an index key. */
    public static String complaintId(String indexKey) {
        return CompositeKeys.lastPart(indexKey);
    }

    /** The sortable position at the end of an index key ({@link #sortKey}). */
    public static String sortKeyOf(String indexKey) {
        return CompositeKeys.lastTwoParts(indexKey);
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
        if (value == null || value.isEmpty() || !CompositeKeys.isPart(value)) {
            return;
        }
        keys.add(prefix(kind, value) + sort);
    }
}
