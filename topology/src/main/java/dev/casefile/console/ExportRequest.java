package dev.casefile.console;

import dev.casefile.schema.ComplaintStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code /api/export} is asked for, parsed once: which complaints (a time range of first
 * report, a label, an evidence tag, a status, a search), and how many of them (all, up to
 * {@link #MAX_CASES}, or a seeded sample stratified by a tag key).
 */
record ExportRequest(Filter filter, String search, Integer sample, String stratifyBy, long seed, Sampling.Allocation allocation) {

    /** The most cases one export holds; a larger set must be filtered or sampled. */
    static final int MAX_CASES = 10_000;
    /** The most complaints one instance scans its store for; above this the filter must be narrower. */
    static final int MAX_CANDIDATES = 200_000;

    /** Which complaints: every condition given must hold. Times are first_reported_at, from inclusive, to exclusive. */
    record Filter(Instant from, Instant to, String label, String tagKey, String tagValue, ComplaintStatus status) {

        boolean matches(Views.Complaint c) {
            Instant reported = Instant.parse(c.firstReportedAt());
            return (from == null || !reported.isBefore(from))
                    && (to == null || reported.isBefore(to))
                    && (label == null || c.labels().contains(label))
                    && (status == null || c.status().equals(status.name()))
                    && (tagKey == null || c.evidenceTags().stream().anyMatch(t -> t.key().equals(tagKey) && t.value().equals(tagValue)));
        }

        /** The filter as query parameters, for another instance's {@code /internal/export}. */
        Map<String, String> params() {
            Map<String, String> params = new LinkedHashMap<>();
            if (from != null) {
                params.put("from", from.toString());
            }
            if (to != null) {
                params.put("to", to.toString());
            }
            if (label != null) {
                params.put("label", label);
            }
            if (tagKey != null) {
                params.put("tag", tagKey + "=" + tagValue);
            }
            if (status != null) {
                params.put("status", status.name());
            }
            return params;
        }

        static Filter parse(Map<String, String> query) {
            Instant from = query.containsKey("from") ? Inputs.instant("from", query.get("from")) : null;
            Instant to = query.containsKey("to") ? Inputs.instant("to", query.get("to")) : null;
            if (from != null && to != null && !from.isBefore(to)) {
                throw ApiException.badRequest("from must be before to");
            }
            // The filter goes to every other instance (/internal/export): a label or tag value shaped like an email is refused.
            String label = query.containsKey("label") ? Inputs.notEmail("label", Inputs.text("label", query.get("label"))) : null;
            String tagKey = null;
            String tagValue = null;
            if (query.containsKey("tag")) {
                String tag = Inputs.text("tag", query.get("tag"));
                Inputs.tag("tag", tag);
                tagKey = tag.substring(0, tag.indexOf('='));
                tagValue = tag.substring(tag.indexOf('=') + 1);
            }
            return new Filter(from, to, label, tagKey, tagValue, status(query.get("status")));
        }

        private static ComplaintStatus status(String value) {
            if (value == null) {
                return null;
            }
            try {
                return ComplaintStatus.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("status must be one of LINKED, AWAITING_TRACE, AMBIGUOUS, UNRESOLVED");
            }
        }
    }

    static ExportRequest parse(Map<String, String> query) {
        Filter filter = Filter.parse(query);
        String search = query.containsKey("q") ? Inputs.text("q", query.get("q")).trim() : null;
        Integer sample = null;
        if (query.containsKey("sample")) {
            sample = Inputs.wholeNumber("sample", query.get("sample"), 1, MAX_CASES);
        }
        String stratifyBy = query.containsKey("stratify_by") ? Inputs.tagKey("stratify_by", query.get("stratify_by")) : null;
        if (stratifyBy != null && sample == null) {
            throw ApiException.badRequest("stratify_by needs sample: the number of cases to draw");
        }
        long seed = query.containsKey("seed") ? Inputs.wholeNumber("seed", query.get("seed"), 0, Integer.MAX_VALUE) : 1;
        Sampling.Allocation allocation = Sampling.Allocation.PROPORTIONAL;
        if (query.containsKey("allocation")) {
            try {
                allocation = Sampling.Allocation.valueOf(query.get("allocation").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("allocation must be proportional or equal");
            }
        }
        return new ExportRequest(filter, search == null || search.isEmpty() ? null : search, sample, stratifyBy, seed,
                allocation);
    }
}
