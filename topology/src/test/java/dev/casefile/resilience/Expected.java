package dev.casefile.resilience;

import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.RateAlert;
import dev.casefile.schema.RateAlertKey;
import dev.casefile.schema.RateKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the outputs must hold at the end, computed by the topology test driver from the same input:
 * the compacted view of linked-complaints (revisions aside), the counts on complaint-rate-by-tag, and
 * the open alerts on complaint-rate-alerts.
 */
public record Expected(Map<String, LinkedComplaint> complaints, Map<RateKey, List<Long>> rates, Map<RateAlertKey, RateAlert> alerts) {

    public static LinkedComplaint withoutRevision(LinkedComplaint complaint) {
        return LinkedComplaint.newBuilder(complaint).setRevision(0).build();
    }

    public static Map<String, LinkedComplaint> withoutRevisions(Map<String, LinkedComplaint> view) {
        Map<String, LinkedComplaint> stripped = new HashMap<>();
        view.forEach((k, v) -> stripped.put(k, withoutRevision(v)));
        return stripped;
    }

    /** complaints and interactions per key; nothing else of a rate record depends on arrival order. */
    public static Map<RateKey, List<Long>> counts(Map<RateKey, ComplaintRate> rates) {
        Map<RateKey, List<Long>> counts = new HashMap<>();
        rates.forEach((k, v) -> counts.put(k, List.of(v.getComplaints(), v.getInteractions())));
        return counts;
    }
}
