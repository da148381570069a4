package dev.casefile.topology.rates;

import dev.casefile.config.RateSettings;
import dev.casefile.schema.internal.RateContribution;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.ValueDelta;
import dev.casefile.topology.query.RateKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Complaint rates as exact differences: each attempt of a turn contributes one interaction (and one
 * complaint, if the turn's complaint is about it) to every evidence tag value of its trace, in the
 * windows of its interaction time. A change of the turn is applied as "minus the old contribution, plus the new", so
 * revisions, tag changes, tombstones and replays keep the counts exact.
 */
final class Rates {

    private Rates() {
    }

    /**
     * The per-window changes that turn {@code before} into {@code after} (a turn's contributions, one per attempt),
     * for the configured windows and the daily rollup.
     */
    static List<RateDelta> deltas(List<RateContribution> before, List<RateContribution> after, RateSettings settings) {
        Map<String, RateDelta> byWindow = new TreeMap<>();
        for (long size : new long[] {settings.windowSizeMs(), RateSettings.DAY_MS}) {
            before.forEach(c -> add(byWindow, c, size, -1));
            after.forEach(c -> add(byWindow, c, size, +1));
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

    /** The {@code complaint-rates} key of the window a change belongs to. */
    static String storeKey(RateDelta delta) {
        return RateKeys.storeKey(delta.getTagKey(), delta.getWindowSizeMs(), delta.getWindowStart());
    }

    private static void add(Map<String, RateDelta> byWindow, RateContribution contribution, long size, int sign) {
        long start = RateKeys.windowStart(contribution.getInteractionAt(), size);
        contribution.getTags().forEach((key, value) -> {
            RateDelta delta = byWindow.computeIfAbsent(RateKeys.storeKey(key, size, start),
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
}
