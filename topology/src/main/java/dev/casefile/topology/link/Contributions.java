package dev.casefile.topology.link;

import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.internal.RateContribution;
import dev.casefile.schema.internal.TraceView;
import dev.casefile.schema.internal.TurnState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a turn adds to the complaint rates: for each attempt (each trace that served it), one
 * interaction for every evidence tag value of that trace, in the windows of its interaction time;
 * and the turn's complaint, once, on the attempt it is about (the one it links to; while it links to none, the
 * one the user had seen when they reported it).
 */
final class Contributions {

    private Contributions() {
    }

    /** The turn's contributions now, one per attempt; none while it has no trace (nothing was served that we saw). */
    static List<RateContribution> of(TurnState state) {
        LinkedComplaint complaint = state.getComplaint();
        String complainedAbout = complaint == null ? null
                : complaint.getOtlpTraceId() != null ? complaint.getOtlpTraceId()
                : Attempts.seenAt(state.getAttempts(), complaint.getFirstReportedAt()).map(TraceView::getTraceId).orElse(null);
        List<RateContribution> contributions = new ArrayList<>();
        for (TraceView attempt : state.getAttempts()) {
            if (attempt.getSummary().getStartedAt() == null) {
                continue;
            }
            Map<String, String> tags = new TreeMap<>();
            for (EvidenceTag tag : attempt.getEvidenceTags()) {
                tags.put(tag.getKey(), tag.getValue());
            }
            contributions.add(new RateContribution(attempt.getSummary().getStartedAt(), tags,
                    attempt.getTraceId().equals(complainedAbout)));
        }
        return contributions;
    }
}
