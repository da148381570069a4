package dev.casefile.topology.link;

import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.internal.RateContribution;
import dev.casefile.schema.internal.TurnState;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a turn adds to the complaint rates: one interaction (and one complaint, if complained about)
 * for every evidence tag value of its trace, in the windows of its interaction time.
 */
final class Contributions {

    private Contributions() {
    }

    /** The turn's contribution now; null while it has no trace (nothing was served that we saw). */
    static RateContribution of(TurnState state) {
        if (state.getTrace() == null || state.getTrace().getSummary().getStartedAt() == null) {
            return null;
        }
        Map<String, String> tags = new TreeMap<>();
        for (EvidenceTag tag : state.getTrace().getEvidenceTags()) {
            tags.put(tag.getKey(), tag.getValue());
        }
        return new RateContribution(state.getTrace().getSummary().getStartedAt(), tags, state.getComplaint() != null);
    }
}
