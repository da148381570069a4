package dev.casefile.console;

import com.google.gson.reflect.TypeToken;
import dev.casefile.config.TraceLink;
import dev.casefile.contract.KeyedHash;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.topology.query.ComplaintIndexKeys;
import dev.casefile.topology.query.ComplaintIndexKeys.Kind;
import dev.casefile.topology.query.Stores;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The console's queries, answered from the cluster's state: key lookups on the owning instance,
 * index queries on every instance, merged newest first. The {@code internal*} methods are what one
 * instance asks another; they read local state only.
 */
final class ConsoleApi {

    /** An answer and, for key lookups, the instance that read it. */
    record Answer<T>(T body, String servedBy) {
    }

    private static final Type HITS = new TypeToken<List<Views.Hit>>() { }.getType();
    private static final Type RATES = new TypeToken<List<Views.RatePoint>>() { }.getType();
    private static final Type COMPLAINTS = new TypeToken<List<Views.Complaint>>() { }.getType();
    private static final Type ALERTS = new TypeToken<List<Views.Alert>>() { }.getType();
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final long MAX_RANGE_MS = Duration.ofDays(400).toMillis();
    private static final int MAX_WINDOWS = 2_000;
    private static final int CASE_FILE_COMPLAINTS = 50;
    /** The kinds the search box tries, most specific first. */
    private static final List<Kind> SEARCH_ORDER = List.of(Kind.TICKET, Kind.TRACE, Kind.SESSION, Kind.FEEDBACK,
            Kind.KEY, Kind.WORKSPACE);

    private final Cluster cluster;
    private final LocalQueries local;
    private final KeyedHash emailHash;
    private final long rateWindowMs;
    private final TraceLink traceLink;

    ConsoleApi(Cluster cluster, LocalQueries local, KeyedHash emailHash, long rateWindowMs, TraceLink traceLink) {
        this.cluster = cluster;
        this.local = local;
        this.emailHash = emailHash;
        this.rateWindowMs = rateWindowMs;
        this.traceLink = traceLink;
    }

    // --- public routes ------------------------------------------------------------------------

    Answer<Views.Complaint> complaint(String rawId) {
        String id = Inputs.id("complaint id", rawId);
        Cluster.Served<Views.Complaint> served = cluster.onOwner(Stores.COMPLAINTS, id,
                () -> local.complaint(id).orElseThrow(() -> ApiException.notFound("no such complaint")),
                "/internal/complaint", Map.of("id", id), Views.Complaint.class);
        return new Answer<>(served.value(), hostPort(served));
    }

    /** Complaints by exactly one of ticket, workspace, session, feedback, trace, key, email or tag. */
    Answer<Views.Page> complaints(Map<String, String> query) {
        List<String> given = new ArrayList<>();
        for (String name : List.of("ticket", "workspace", "session", "feedback", "trace", "key", "email", "tag")) {
            if (query.containsKey(name)) {
                given.add(name);
            }
        }
        if (given.size() != 1) {
            throw ApiException.badRequest("give exactly one of ticket, workspace, session, feedback, trace, key, email, tag");
        }
        String name = given.get(0);
        // An email (as email=, or as a key=) is looked up, and sent to the other instances, as its keyed hash only.
        Inputs.Lookup lookup = Inputs.lookup(name, query.get(name), emailHash);
        int limit = Inputs.limit(query.get("limit"));
        String cursor = Inputs.cursor(query.get("cursor"));
        return new Answer<>(page(lookup.kind(), lookup.value(), cursor, limit, lookup.as()), null);
    }

    /** The search box: any id or business key; every kind it matches, most specific first. */
    Answer<Views.SearchResult> search(String raw) {
        String q = Inputs.text("q", raw);
        int limit = Inputs.DEFAULT_LIMIT;
        if (Inputs.looksLikeEmail(q)) {
            Views.Page page = page(Kind.KEY, emailHash.of(q), null, limit, "email");
            return new Answer<>(new Views.SearchResult(null, "an email, matched through its keyed hash",
                    page.items().isEmpty() ? List.of() : List.of(page)), null);
        }
        List<Views.Page> matches = new ArrayList<>();
        if (q.startsWith("cmp-")) {
            try {
                matches.add(new Views.Page("complaint", q, List.of(complaint(q).body()), null));
            } catch (ApiException e) {
                if (e.status() != 404 && e.status() != 400) {
                    throw e;
                }
            }
        }
        int eq = q.indexOf('=');
        if (eq > 0 && eq < q.length() - 1 && q.substring(0, eq).matches("[A-Za-z0-9_.-]{1,128}")) {
            addIfFound(matches, page(Kind.TAG, Inputs.tag("q", q), null, limit, "tag"));
        }
        for (Kind kind : SEARCH_ORDER) {
            String value = kind == Kind.TRACE ? ComplaintIndexKeys.traceValue(q) : q;
            addIfFound(matches, page(kind, value, null, limit, kind.code()));
        }
        return new Answer<>(new Views.SearchResult(q, matches.isEmpty() ? "nothing" : matches.get(0).kind(), matches), null);
    }

    /** The case file of a trace, by OTLP hex id or by the product's own id (found through the complaints naming it). */
    Answer<Views.CaseFile> caseFile(String rawId) {
        String id = Inputs.id("trace id", rawId);
        List<Views.Complaint> naming = pageOf(Kind.TRACE, ComplaintIndexKeys.traceValue(id), null, CASE_FILE_COMPLAINTS).items();
        String otlp = Inputs.isOtlpTraceId(id) ? id.toLowerCase(Locale.ROOT) : naming.stream()
                .map(Views.Complaint::otlpTraceId).filter(t -> t != null).findFirst()
                .orElseThrow(() -> ApiException.notFound("no complaint is linked to a trace with this id"));
        List<Views.Complaint> complaints = otlp.equals(ComplaintIndexKeys.traceValue(id)) ? naming
                : pageOf(Kind.TRACE, otlp, null, CASE_FILE_COMPLAINTS).items();
        List<Views.Complaint> linked = complaints.stream().filter(c -> otlp.equals(c.otlpTraceId())).toList();
        Cluster.Served<Views.TraceSpans> spans = cluster.onOwner(Stores.TRACE_STORE, otlp,
                () -> local.trace(otlp).orElse(noSpans(otlp)), "/internal/trace", Map.of("id", otlp), Views.TraceSpans.class);
        Optional<Views.TraceSpans> trace = Optional.ofNullable(spans.value()).filter(t -> !t.spans().isEmpty());
        if (trace.isEmpty() && complaints.isEmpty()) {
            throw ApiException.notFound(spans.value() != null && spans.value().gone()
                    ? "no complaint names this trace, and its spans are no longer on the spans topic (past its retention)"
                    : "no trace with this id is held, and no complaint names it");
        }
        List<Views.Tag> tags = linked.stream().findFirst().map(Views.Complaint::evidenceTags)
                .or(() -> complaints.stream().findFirst().map(Views.Complaint::evidenceTags)).orElse(List.of());
        Instant interaction = linked.stream().map(Views.Complaint::interactionAt).filter(t -> t != null).findFirst()
                .map(Instant::parse).orElse(null);
        List<Views.SharedTag> shared = new ArrayList<>();
        for (Views.Tag tag : tags) {
            shared.add(shared(tag, linked, interaction));
        }
        return new Answer<>(CaseFiles.build(otlp, trace, tags, shared, complaints, traceLink), hostPort(spans));
    }

    /** Complaint-linked traces sharing one evidence tag value, newest complaint first, with counts. */
    Answer<Views.Similar> similar(Map<String, String> query) {
        String tag = Inputs.tag("tag", query.get("tag"));
        int limit = Inputs.limit(query.get("limit"));
        String cursor = Inputs.cursor(query.get("cursor"));
        Views.Count count = count(Kind.TAG, tag);
        Views.Page page = pageOf(Kind.TAG, tag, cursor, limit);
        List<Views.SimilarTrace> traces = page.items().stream()
                .map(c -> new Views.SimilarTrace(c.otlpTraceId(), c.traceId(), c.complaintId(), c.workspaceId(), c.status(),
                        c.firstReportedAt(), c.labels()))
                .toList();
        return new Answer<>(new Views.Similar(tag, count.complaints(), count.linkedTraces(), traces, page.nextCursor()), null);
    }

    /** Complaint rates of one tag key, per value and window, over [from, to). */
    Answer<Views.Rates> rates(Map<String, String> query) {
        String tagKey = Inputs.tagKey("tag_key", query.get("tag_key"));
        long window = window(query.get("window"));
        Instant from = Inputs.instant("from", query.get("from"));
        Instant to = Inputs.instant("to", query.get("to"));
        checkRange(from, to, window);
        List<Views.RatePoint> points = ratesEverywhere(tagKey, window, from, to);
        return new Answer<>(new Views.Rates(tagKey, window, from.toString(), to.toString(), points), null);
    }

    /** The open rollout alerts of every instance, most significant (smallest p-value) first. */
    Answer<Views.Alerts> alerts() {
        List<List<Views.Alert>> answers = cluster.onEveryInstance(Stores.RATE_ALERTS, local::alerts, "/internal/alerts",
                Map.of(), ALERTS);
        List<Views.Alert> all = new ArrayList<>();
        answers.forEach(all::addAll);
        all.sort(Comparator.comparingDouble(Views.Alert::pValue).thenComparing(Views.Alert::tagKey)
                .thenComparing(Views.Alert::tagValue));
        return new Answer<>(new Views.Alerts(all), null);
    }

    /**
     * A labeling set ({@link LabelExport}): the complaints the filters select, from every instance's complaints (or, with
     * {@code q}, those the search box finds), all or sampled, each with its spans read from the trace's owner.
     */
    LabelExport.Result export(Map<String, String> query) {
        ExportRequest request = ExportRequest.parse(query);
        List<Views.Complaint> candidates = request.search() == null ? everywhereMatching(request.filter())
                : searched(request.search()).stream().filter(request.filter()::matches).toList();
        return LabelExport.build(request, candidates, this::spans);
    }

    /** The spans of a trace, from the instance that owns it; empty if none are held. */
    private Optional<Views.TraceSpans> spans(String otlpTraceId) {
        Views.TraceSpans spans = cluster.onOwner(Stores.TRACE_STORE, otlpTraceId,
                () -> local.trace(otlpTraceId).orElse(noSpans(otlpTraceId)), "/internal/trace", Map.of("id", otlpTraceId),
                Views.TraceSpans.class).value();
        return Optional.ofNullable(spans).filter(t -> !t.spans().isEmpty());
    }

    private List<Views.Complaint> everywhereMatching(ExportRequest.Filter filter) {
        List<List<Views.Complaint>> answers = cluster.onEveryInstance(Stores.COMPLAINTS,
                () -> local.matching(filter::matches, ExportRequest.MAX_CANDIDATES), "/internal/export", filter.params(),
                COMPLAINTS);
        List<Views.Complaint> all = new ArrayList<>();
        answers.forEach(all::addAll);
        return all;
    }

    /** Every complaint the search box finds for {@code q} (every page of every kind it matches), each once. */
    private List<Views.Complaint> searched(String q) {
        Map<String, Views.Complaint> found = new LinkedHashMap<>();
        for (Views.Page first : search(q).body().matches()) {
            Kind kind = first.kind().equals("email") ? Kind.KEY : first.kind().equals("complaint") ? null : kind(first.kind());
            first.items().forEach(c -> found.putIfAbsent(c.complaintId(), c));
            String cursor = first.nextCursor() == null ? null : ComplaintIndexKeys.sortKeyOfCursor(first.nextCursor());
            while (kind != null && cursor != null) {
                Views.Page next = pageOf(kind, first.value(), cursor, Inputs.MAX_LIMIT);
                next.items().forEach(c -> found.putIfAbsent(c.complaintId(), c));
                cursor = next.nextCursor() == null ? null : ComplaintIndexKeys.sortKeyOfCursor(next.nextCursor());
                if (found.size() > ExportRequest.MAX_CASES) {
                    throw ApiException.badRequest("the search finds more than " + ExportRequest.MAX_CASES
                            + " complaints: narrow it, or sample");
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    // --- internal routes: this instance's state only -----------------------------------------

    Answer<List<Views.Alert>> internalAlerts() {
        return new Answer<>(local.alerts(), null);
    }

    Answer<List<Views.Complaint>> internalExport(Map<String, String> query) {
        ExportRequest.Filter filter = ExportRequest.Filter.parse(query);
        return new Answer<>(local.matching(filter::matches, ExportRequest.MAX_CANDIDATES), null);
    }

    Answer<Views.Complaint> internalComplaint(String rawId) {
        String id = Inputs.id("id", rawId);
        return new Answer<>(local.complaint(id).orElseThrow(() -> ApiException.notFound("no such complaint")), null);
    }

    Answer<List<Views.Hit>> internalPage(Map<String, String> query) {
        Kind kind = kind(query.get("kind"));
        return new Answer<>(local.page(ComplaintIndexKeys.prefix(kind, Inputs.text("value", query.get("value"))),
                Inputs.cursor(query.get("cursor")), Inputs.limit(query.get("limit")) + 1), null);
    }

    Answer<Views.Count> internalCount(Map<String, String> query) {
        Kind kind = kind(query.get("kind"));
        return new Answer<>(local.count(ComplaintIndexKeys.prefix(kind, Inputs.text("value", query.get("value")))), null);
    }

    Answer<Views.TraceSpans> internalTrace(String rawId) {
        String id = Inputs.id("id", rawId);
        return new Answer<>(local.trace(id).orElse(noSpans(id)), null);
    }

    Answer<List<Views.RatePoint>> internalRates(Map<String, String> query) {
        String tagKey = Inputs.tagKey("tag_key", query.get("tag_key"));
        long window = windowMs(query.get("window_ms"));
        Instant from = Inputs.instant("from", query.get("from"));
        Instant to = Inputs.instant("to", query.get("to"));
        checkRange(from, to, window);
        return new Answer<>(localRates(tagKey, window, from, to), null);
    }

    // --- merging ------------------------------------------------------------------------------

    private Views.Page page(Kind kind, String value, String cursor, int limit, String as) {
        Views.Page page = pageOf(kind, value, cursor, limit);
        return new Views.Page(as, page.value(), page.items(), page.nextCursor());
    }

    /** One page across all instances: each gives its newest {@code limit + 1} after the cursor; the merge keeps {@code limit}. */
    private Views.Page pageOf(Kind kind, String value, String cursor, int limit) {
        Map<String, String> params = new LinkedHashMap<>(Map.of("kind", kind.code(), "value", value,
                "limit", Integer.toString(limit)));
        if (cursor != null) {
            params.put("cursor", ComplaintIndexKeys.cursorOf(cursor));
        }
        List<List<Views.Hit>> answers = cluster.onEveryInstance(Stores.COMPLAINT_INDEX,
                () -> local.page(ComplaintIndexKeys.prefix(kind, value), cursor, limit + 1), "/internal/page", params, HITS);
        List<Views.Hit> merged = new ArrayList<>();
        answers.forEach(merged::addAll);
        merged.sort(Comparator.comparing(Views.Hit::sortKey));
        String next = merged.size() > limit ? ComplaintIndexKeys.cursorOf(merged.get(limit - 1).sortKey()) : null;
        List<Views.Complaint> items = merged.stream().limit(limit).map(Views.Hit::complaint).toList();
        // The echoed value is the indexed one (an email appears only as its hash).
        return new Views.Page(kind.code(), value, items, next);
    }

    private Views.Count count(Kind kind, String value) {
        List<Views.Count> counts = cluster.onEveryInstance(Stores.COMPLAINT_INDEX,
                () -> local.count(ComplaintIndexKeys.prefix(kind, value)), "/internal/count",
                Map.of("kind", kind.code(), "value", value), Views.Count.class);
        return counts.stream().reduce(new Views.Count(0, 0), Views.Count::plus);
    }

    private Views.SharedTag shared(Views.Tag tag, List<Views.Complaint> ownComplaints, Instant interaction) {
        String indexed = ComplaintIndexKeys.tag(tag.key(), tag.value());
        long own = ownComplaints.stream().filter(c -> c.evidenceTags().stream()
                .anyMatch(t -> t.key().equals(tag.key()) && t.value().equals(tag.value()))).count();
        long others = Math.max(0, count(Kind.TAG, indexed).complaints() - own);
        Double rate = null;
        Double keyRate = null;
        if (interaction != null) {
            Instant day = Instant.ofEpochMilli(interaction.toEpochMilli() - Math.floorMod(interaction.toEpochMilli(), DAY_MS));
            long complaints = 0;
            long interactions = 0;
            for (Views.RatePoint point : ratesEverywhere(tag.key(), DAY_MS, day, day.plusMillis(DAY_MS))) {
                complaints += point.complaints();
                interactions += point.interactions();
                if (point.tagValue().equals(tag.value()) && point.interactions() > 0) {
                    rate = point.rate();
                }
            }
            keyRate = interactions == 0 ? null : (double) complaints / interactions;
        }
        return new Views.SharedTag(tag.key(), tag.value(), tag.spanName(), tag.spanId(), others, rate, keyRate);
    }

    private List<Views.RatePoint> ratesEverywhere(String tagKey, long window, Instant from, Instant to) {
        List<List<Views.RatePoint>> answers = cluster.onEveryInstance(Stores.COMPLAINT_RATES,
                () -> localRates(tagKey, window, from, to), "/internal/rates",
                Map.of("tag_key", tagKey, "window_ms", Long.toString(window), "from", from.toString(), "to", to.toString()),
                RATES);
        List<Views.RatePoint> points = new ArrayList<>();
        answers.forEach(points::addAll);
        points.sort(Comparator.comparing(Views.RatePoint::windowStart).thenComparing(Views.RatePoint::tagValue));
        return points;
    }

    private List<Views.RatePoint> localRates(String tagKey, long window, Instant from, Instant to) {
        List<Views.RatePoint> points = new ArrayList<>();
        for (ComplaintRate r : local.rates(tagKey, window, from, to)) {
            points.add(new Views.RatePoint(r.getTagValue(), r.getWindowStart().toString(), r.getWindowEnd().toString(),
                    r.getComplaints(), r.getInteractions(), r.getRate(), r.getIsFinal()));
        }
        return points;
    }

    private long window(String value) {
        if (value == null || value.equals("window")) {
            return rateWindowMs;
        }
        if (value.equals("day")) {
            return DAY_MS;
        }
        throw ApiException.badRequest("window must be window (rate.window.size.ms) or day");
    }

    private long windowMs(String value) {
        if (value != null && (value.equals(Long.toString(rateWindowMs)) || value.equals(Long.toString(DAY_MS)))) {
            return Long.parseLong(value);
        }
        throw ApiException.badRequest("window_ms must be the configured rate window or a day");
    }

    /**
     * {@code from} before {@code to}, at most 400 days and {@link #MAX_WINDOWS} windows apart. {@link Inputs#instant}
     * bounds both to years 1970 to 9999, where the subtraction cannot overflow; it is checked all the same, so a
     * caller passing other instants gets this 400 rather than an ArithmeticException (a 500).
     */
    static void checkRange(Instant from, Instant to, long window) {
        long span;
        try {
            span = Math.subtractExact(to.toEpochMilli(), from.toEpochMilli());
        } catch (ArithmeticException e) {
            span = -1;
        }
        if (span <= 0 || span > MAX_RANGE_MS || window <= 0 || span / window > MAX_WINDOWS) {
            throw ApiException.badRequest("from must be before to, at most 400 days and " + MAX_WINDOWS + " windows apart");
        }
    }

    private static String hostPort(Cluster.Served<?> served) {
        return served.servedBy().host() + ":" + served.servedBy().port();
    }

    /** A trace the store does not hold (never seen, or past retention). */
    private static Views.TraceSpans noSpans(String otlpTraceId) {
        return new Views.TraceSpans(otlpTraceId, List.of(), 0);
    }

    private static void addIfFound(List<Views.Page> matches, Views.Page page) {
        if (!page.items().isEmpty()) {
            matches.add(page);
        }
    }

    private static Kind kind(String code) {
        for (Kind kind : Kind.values()) {
            if (kind.code().equals(code)) {
                return kind;
            }
        }
        throw ApiException.badRequest("kind must be one of workspace, ticket, session, feedback, trace, key, tag");
    }
}
