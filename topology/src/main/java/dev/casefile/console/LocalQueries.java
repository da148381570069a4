package dev.casefile.console;

import dev.casefile.config.TraceLink;
import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.SpanRecord;
import dev.casefile.schema.internal.AlertState;
import dev.casefile.schema.internal.RateWindow;
import dev.casefile.schema.internal.TraceEvidence;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.topology.query.ComplaintIndexKeys;
import dev.casefile.topology.query.RateQueries;
import dev.casefile.topology.query.SpanSource;
import dev.casefile.topology.query.Stores;
import dev.casefile.topology.query.TraceReads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads of this instance's own (active) state stores; {@link Cluster} decides which instance asks. */
final class LocalQueries {

    private final KafkaStreams streams;
    private final String complaintsTopic;
    private final TraceLink traceLink;
    private final SpanSource spanSource;

    LocalQueries(KafkaStreams streams, String complaintsTopic, TraceLink traceLink, SpanSource spanSource) {
        this.streams = streams;
        this.complaintsTopic = complaintsTopic;
        this.traceLink = traceLink;
        this.spanSource = spanSource;
    }

    Optional<Views.Complaint> complaint(String complaintId) {
        return Optional.ofNullable(complaints().get(complaintId)).map(c -> Views.Complaint.of(c, traceLink));
    }

    /**
     * Up to {@code limit} complaints under {@code prefix} from each local partition, newest first within
     * each, after {@code cursor} (a sort key) if given; the caller merges. Partitions are read one by
     * one: a range over all local partitions at once returns one partition's keys after the other's,
     * not in one order.
     */
    List<Views.Hit> page(String prefix, String cursor, int limit) {
        List<Views.Hit> hits = new ArrayList<>();
        String from = ComplaintIndexKeys.pageStart(prefix, cursor);
        for (int partition : localPartitions()) {
            ReadOnlyKeyValueStore<String, String> index = store(Stores.COMPLAINT_INDEX, partition);
            ReadOnlyKeyValueStore<String, LinkedComplaint> complaints = store(Stores.COMPLAINTS, partition);
            int found = 0;
            try (KeyValueIterator<String, String> entries = index.range(from, ComplaintIndexKeys.pageEnd(prefix))) {
                while (entries.hasNext() && found < limit) {
                    String key = entries.next().key;
                    LinkedComplaint complaint = complaints.get(ComplaintIndexKeys.complaintId(key));
                    if (complaint != null) {
                        hits.add(new Views.Hit(ComplaintIndexKeys.sortKeyOf(key), Views.Complaint.of(complaint, traceLink)));
                        found++;
                    }
                }
            }
        }
        return hits;
    }

    /** The partitions of linked-complaints whose complaint stores are active on this instance. */
    private List<Integer> localPartitions() {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .filter(tp -> tp.topic().equals(complaintsTopic))
                .map(TopicPartition::partition)
                .distinct().sorted().toList();
    }

    /**
     * Every complaint of this instance's active partitions that {@code filter} accepts, read from the {@code complaints}
     * store front to back; more than {@code cap} is an error, as the filter must then be narrower.
     */
    List<Views.Complaint> matching(Predicate<Views.Complaint> filter, int cap) {
        List<Views.Complaint> found = new ArrayList<>();
        try (KeyValueIterator<String, LinkedComplaint> all = complaints().all()) {
            while (all.hasNext()) {
                Views.Complaint complaint = Views.Complaint.of(all.next().value, traceLink);
                if (filter.test(complaint)) {
                    if (found.size() == cap) {
                        throw ApiException.badRequest("more than " + cap + " complaints match; narrow the time range or filter");
                    }
                    found.add(complaint);
                }
            }
        }
        return found;
    }

    /**
     * How many complaints are under {@code prefix} here, and how many distinct linked traces they name: read from the
     * index entries alone (each holds its complaint's trace id), never from the complaints.
     */
    Views.Count count(String prefix) {
        long count = 0;
        Set<String> traces = new HashSet<>();
        try (KeyValueIterator<String, String> entries = index().range(prefix, ComplaintIndexKeys.pageEnd(prefix))) {
            while (entries.hasNext()) {
                count++;
                ComplaintIndexKeys.traceOf(entries.next().value).ifPresent(traces::add);
            }
        }
        return new Views.Count(count, traces.size());
    }

    /**
     * The spans of a trace held here: a complained trace's from the evidence frozen when its complaint linked, any
     * other's read back from the spans topic at the locations the trace store keeps (none once they are past the
     * topic's retention).
     */
    Optional<Views.TraceSpans> trace(String otlpTraceId) {
        TraceEvidence evidence = this.<String, TraceEvidence>store(Stores.COMPLAINT_EVIDENCE).get(otlpTraceId);
        if (evidence != null) {
            return Optional.of(new Views.TraceSpans(otlpTraceId, spans(evidence.getSpans()), evidence.getDroppedSpanCount(),
                    evidence.getMissingRecords()));
        }
        TraceState trace = this.<String, TraceState>store(Stores.TRACE_STORE).get(otlpTraceId);
        if (trace == null) {
            return Optional.empty();
        }
        TraceReads.Spans read = TraceReads.readBack(trace, spanSource);
        return Optional.of(new Views.TraceSpans(otlpTraceId, spans(read.spans()), trace.getDroppedSpanCount(),
                read.missingRecords()));
    }

    private static List<Views.Span> spans(List<SpanRecord> spans) {
        return spans.stream().map(Views.Span::of).toList();
    }

    /** The rollout alerts open on this instance's partitions of the rate-alerts store. */
    List<Views.Alert> alerts() {
        List<Views.Alert> open = new ArrayList<>();
        try (KeyValueIterator<String, AlertState> all = this.<String, AlertState>store(Stores.RATE_ALERTS).all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.getAlert() != null) {
                    open.add(Views.Alert.of(kv.value.getAlert()));
                }
            });
        }
        return open;
    }

    List<ComplaintRate> rates(String tagKey, long windowSizeMs, Instant from, Instant to) {
        return RateQueries.rates(this.<String, RateWindow>store(Stores.COMPLAINT_RATES),
                tagKey, windowSizeMs, from, to);
    }

    private ReadOnlyKeyValueStore<String, LinkedComplaint> complaints() {
        return store(Stores.COMPLAINTS);
    }

    private ReadOnlyKeyValueStore<String, String> index() {
        return store(Stores.COMPLAINT_INDEX);
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name, int partition) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore())
                    .withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable("the " + name + " store is not queryable here right now (rebalancing); retry");
        }
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable("the " + name + " store is not queryable here right now (rebalancing); retry");
        }
    }
}
