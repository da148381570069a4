package dev.casefile.topology;

import dev.casefile.config.RateSettings;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.RateKey;
import dev.casefile.schema.internal.RateContribution;
import dev.casefile.schema.internal.RateCount;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.schema.internal.TurnState;
import dev.casefile.schema.internal.ValueDelta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Complaint rates as exact differences: each turn contributes one interaction (and one complaint,
 * if complained about) to every evidence tag value of its trace, in the windows of its interaction
 * time. A change of the turn is applied as "minus the old contribution, plus the new", so
 * revisions, tag changes, tombstones and replays keep the counts exact.
 */
public final class Rates {

    /** The value the cardinality guard folds excess values into. */
    public static final String OTHER = "__other__";
    private static final char SEP = '\u001f';

    private Rates() {
    }

    /** What the turn adds to the rates now; null while it has no trace (nothing was served that we saw). */
    static RateContribution contribution(TurnState state) {
        if (state.getTrace() == null || state.getTrace().getSummary().getStartedAt() == null) {
            return null;
        }
        Map<String, String> tags = new TreeMap<>();
        for (EvidenceTag tag : state.getTrace().getEvidenceTags()) {
            tags.put(tag.getKey(), tag.getValue());
        }
        return new RateContribution(state.getTrace().getSummary().getStartedAt(), tags, state.getComplaint() != null);
    }

    /** The per-window changes that turn {@code before} into {@code after}, for the configured windows and the daily rollup. */
    static List<RateDelta> deltas(RateContribution before, RateContribution after, RateSettings settings) {
        Map<String, RateDelta> byWindow = new TreeMap<>();
        for (long size : new long[] {settings.windowSizeMs(), RateSettings.DAY_MS}) {
            add(byWindow, before, size, -1);
            add(byWindow, after, size, +1);
        }
        List<RateDelta> deltas = new ArrayList<>();
        for (RateDelta delta : byWindow.values()) {
            delta.getChanges().removeIf(c -> c.getComplaints() == 0 && c.getInteractions() == 0);
            if (!delta.getChanges().isEmpty()) {
                deltas.add(delta);
            }
        }
        return deltas;
    }

    /** {@code a} and {@code b} (same window) as one change; values whose changes cancel out are dropped. */
    static RateDelta sum(RateDelta a, RateDelta b) {
        Map<String, ValueDelta> byValue = new TreeMap<>();
        for (RateDelta delta : List.of(a, b)) {
            for (ValueDelta change : delta.getChanges()) {
                ValueDelta total = byValue.computeIfAbsent(change.getTagValue(), v -> new ValueDelta(v, 0L, 0L));
                total.setComplaints(total.getComplaints() + change.getComplaints());
                total.setInteractions(total.getInteractions() + change.getInteractions());
            }
        }
        byValue.values().removeIf(c -> c.getComplaints() == 0 && c.getInteractions() == 0);
        return new RateDelta(a.getTagKey(), a.getWindowSizeMs(), a.getWindowStart(), new ArrayList<>(byValue.values()));
    }

    private static void add(Map<String, RateDelta> byWindow, RateContribution contribution, long size, int sign) {
        if (contribution == null) {
            return;
        }
        Instant start = windowStart(contribution.getInteractionAt(), size);
        String window = windowKey(size, start);
        contribution.getTags().forEach((key, value) -> {
            RateDelta delta = byWindow.computeIfAbsent(storeKey(key, window),
                    k -> new RateDelta(key, size, start, new ArrayList<>()));
            ValueDelta change = delta.getChanges().stream().filter(c -> c.getTagValue().equals(value)).findFirst()
                    .orElseGet(() -> {
                        ValueDelta created = new ValueDelta(value, 0L, 0L);
                        delta.getChanges().add(created);
                        return created;
                    });
            change.setInteractions(change.getInteractions() + sign);
            change.setComplaints(change.getComplaints() + (contribution.getComplained() ? sign : 0));
        });
    }

    static Instant windowStart(Instant at, long sizeMs) {
        long ms = at.toEpochMilli();
        return Instant.ofEpochMilli(ms - Math.floorMod(ms, sizeMs));
    }

    /** {@code tagKey␟size␟start}, numbers zero-padded so keys of one tag key and size sort by window start. */
    public static String storeKey(String tagKey, long sizeMs, Instant windowStart) {
        return storeKey(tagKey, windowKey(sizeMs, windowStart));
    }

    private static String storeKey(String tagKey, String windowKey) {
        return tagKey + SEP + windowKey;
    }

    /** {@code String.format("%020d", n)} for n ≥ 0, without the formatter (this is on every turn's path). */
    private static String zeroPadded(long n) {
        String digits = Long.toString(n);
        return n < 0 ? String.format("%020d", n) : "0".repeat(Math.max(0, 20 - digits.length())) + digits;
    }

    /** {@code size␟start}, zero-padded: the rate buffer's key for one window of every tag key. */
    static String windowKey(long sizeMs, Instant windowStart) {
        return zeroPadded(sizeMs) + SEP + zeroPadded(windowStart.toEpochMilli());
    }

    static String storeKey(RateDelta delta) {
        return storeKey(delta.getTagKey(), delta.getWindowSizeMs(), delta.getWindowStart());
    }

    static RateKey rateKey(RateWindow window, String value) {
        return new RateKey(window.getTagKey(), value, window.getWindowStart(), window.getWindowSizeMs());
    }

    static ComplaintRate rate(RateWindow window, String value, boolean isFinal) {
        RateCount count = window.getCounts().get(value);
        long complaints = count == null ? 0 : count.getComplaints();
        long interactions = count == null ? 0 : count.getInteractions();
        return ComplaintRate.newBuilder()
                .setTagKey(window.getTagKey())
                .setTagValue(value)
                .setWindowStart(window.getWindowStart())
                .setWindowEnd(window.getWindowStart().plusMillis(window.getWindowSizeMs()))
                .setWindowSizeMs(window.getWindowSizeMs())
                .setComplaints(complaints)
                .setInteractions(interactions)
                .setRate(interactions == 0 ? 0.0 : (double) complaints / interactions)
                .setFoldedValues(OTHER.equals(value) ? window.getFoldedHashes().size() : 0)
                .setIsFinal(isFinal)
                .build();
    }
}
