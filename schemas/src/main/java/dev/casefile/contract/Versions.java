package dev.casefile.contract;

import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.SupportTicket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Which of two versions of one feedback event, ticket or span is current: the later one in event time
 * (occurred_at, updated_at, a span's end), ties broken field by field in a fixed order, so every
 * arrival order picks the same version. Two versions equal in every field are the same version.
 */
public final class Versions {

    private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Comparator<Map<String, String>> MAP = Versions::compareMaps;

    /** Feedback: occurred_at, then what the user said and where, then the keys and tags. */
    public static final Comparator<FeedbackEvent> FEEDBACK = Comparator
            .comparing(FeedbackEvent::getOccurredAt)
            .thenComparing(FeedbackEvent::getLabel, TEXT)
            .thenComparing(FeedbackEvent::getComplaintText, TEXT)
            .thenComparing(FeedbackEvent::getScore, Comparator.nullsFirst(Comparator.<Double>naturalOrder()))
            .thenComparing(FeedbackEvent::getWorkspaceId, TEXT)
            .thenComparing(FeedbackEvent::getSessionId, TEXT)
            .thenComparing(FeedbackEvent::getTurnId, TEXT)
            .thenComparing(FeedbackEvent::getTraceId, TEXT)
            .thenComparing(FeedbackEvent::getUserId, TEXT)
            .thenComparing(FeedbackEvent::getSurface, TEXT)
            .thenComparing(FeedbackEvent::getEvidenceTags, MAP)
            .thenComparing(FeedbackEvent::getBusinessKeys, MAP)
            .thenComparing(FeedbackEvent::getFeedbackId, TEXT);

    /** Tickets: updated_at, then status and text, then the keys the ticket carries. */
    public static final Comparator<SupportTicket> TICKET = Comparator
            .comparing(SupportTicket::getUpdatedAt)
            .thenComparing(SupportTicket::getStatus, TEXT)
            .thenComparing(SupportTicket::getOpenedAt)
            .thenComparing(SupportTicket::getSubject, TEXT)
            .thenComparing(SupportTicket::getBody, TEXT)
            .thenComparing(SupportTicket::getCategory, TEXT)
            .thenComparing(SupportTicket::getChannel, TEXT)
            .thenComparing(SupportTicket::getWorkspaceId, TEXT)
            .thenComparing(SupportTicket::getSessionId, TEXT)
            .thenComparing(SupportTicket::getTurnId, TEXT)
            .thenComparing(SupportTicket::getTraceId, TEXT)
            .thenComparing(SupportTicket::getFeedbackId, TEXT)
            .thenComparing(SupportTicket::getConversationUrl, TEXT)
            .thenComparing(SupportTicket::getRequesterEmail, TEXT)
            .thenComparing(SupportTicket::getBusinessKeys, MAP)
            .thenComparing(SupportTicket::getTicketId, TEXT);

    /** Spans re-exported under one span id: the later-ending one, then its content. */
    public static final Comparator<SpanRecord> SPAN = Comparator
            .comparing(SpanRecord::getEndAt)
            .thenComparing(SpanRecord::getStatus)
            .thenComparing(SpanRecord::getStatusMessage, TEXT)
            .thenComparing(SpanRecord::getName, TEXT)
            .thenComparing(SpanRecord::getParentSpanId, TEXT)
            .thenComparing(SpanRecord::getStartAt)
            .thenComparing(SpanRecord::getAttributes, MAP)
            .thenComparing(SpanRecord::getInputText, TEXT)
            .thenComparing(SpanRecord::getOutputText, TEXT)
            .thenComparing(SpanRecord::getSpanId, TEXT);

    private Versions() {
    }

    /** Whether {@code candidate} should replace {@code current} (null: nothing yet). */
    public static boolean replaces(FeedbackEvent candidate, FeedbackEvent current) {
        return current == null || FEEDBACK.compare(candidate, current) > 0;
    }

    public static boolean replaces(SupportTicket candidate, SupportTicket current) {
        return current == null || TICKET.compare(candidate, current) > 0;
    }

    public static boolean replaces(SpanRecord candidate, SpanRecord current) {
        return current == null || SPAN.compare(candidate, current) > 0;
    }

    /**
     * {@code feedback} with {@code candidate} in place of the version of the same id it replaces, or
     * added; empty when {@code candidate} is not newer than the version already there.
     */
    public static Optional<List<FeedbackEvent>> upsert(List<FeedbackEvent> feedback, FeedbackEvent candidate) {
        FeedbackEvent current = byId(feedback, candidate.getFeedbackId(), FeedbackEvent::getFeedbackId);
        if (!replaces(candidate, current)) {
            return Optional.empty();
        }
        List<FeedbackEvent> next = new ArrayList<>(feedback);
        next.remove(current);
        next.add(candidate);
        return Optional.of(next);
    }

    /**
     * {@code feedback} without the event {@code feedbackId}: all of it when {@code replaced} is null (a
     * deletion), else only a version no newer than {@code replaced} (it moved, and a newer version may
     * already be here). Empty when nothing was removed.
     */
    public static Optional<List<FeedbackEvent>> remove(List<FeedbackEvent> feedback, String feedbackId,
                                                       FeedbackEvent replaced) {
        List<FeedbackEvent> next = new ArrayList<>(feedback);
        boolean removed = next.removeIf(f -> f.getFeedbackId().equals(feedbackId)
                && (replaced == null || !replaces(f, replaced)));
        return removed ? Optional.of(next) : Optional.empty();
    }

    private static <T> T byId(List<T> values, String id, Function<T, String> idOf) {
        for (T value : values) {
            if (Objects.equals(idOf.apply(value), id)) {
                return value;
            }
        }
        return null;
    }

    /** Maps compared entry by entry in key order; a map that is a prefix of the other sorts first. */
    private static int compareMaps(Map<String, String> a, Map<String, String> b) {
        Iterator<Map.Entry<String, String>> left = new TreeMap<>(a).entrySet().iterator();
        Iterator<Map.Entry<String, String>> right = new TreeMap<>(b).entrySet().iterator();
        while (left.hasNext() && right.hasNext()) {
            Map.Entry<String, String> l = left.next();
            Map.Entry<String, String> r = right.next();
            int c = l.getKey().compareTo(r.getKey());
            if (c == 0) {
                c = TEXT.compare(l.getValue(), r.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(left.hasNext(), right.hasNext());
    }
}
