package dev.casefile.topology.index;

import dev.casefile.schema.LinkedComplaint;
import dev.casefile.topology.query.ComplaintIndexKeys;
import dev.casefile.topology.query.Stores;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads {@code linked-complaints} back and keeps, per partition, the current complaint by id and its
 * {@link ComplaintIndexKeys} entries, for the console. A tombstone removes both; a new revision replaces
 * exactly the entries that changed (the topic is the truth: its last record wins). When a complaint names
 * an OTLP trace it did not name before, it forwards the trace id (with the complaint id), so the trace
 * stage freezes that trace's spans as evidence.
 */
final class ComplaintIndexer extends ContextualProcessor<String, LinkedComplaint, String, String> {

    private KeyValueStore<String, LinkedComplaint> complaints;
    private KeyValueStore<String, String> index;

    @Override
    public void init(ProcessorContext<String, String> context) {
        super.init(context);
        complaints = context.getStateStore(Stores.COMPLAINTS);
        index = context.getStateStore(Stores.COMPLAINT_INDEX);
    }

    @Override
    public void process(Record<String, LinkedComplaint> record) {
        String id = record.key();
        if (id == null) {
            return;
        }
        LinkedComplaint previous = complaints.get(id);
        LinkedComplaint current = record.value();
        Set<String> before = previous == null ? Set.of() : ComplaintIndexKeys.keys(previous);
        Set<String> after = current == null ? Set.of() : ComplaintIndexKeys.keys(current);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        removed.forEach(index::delete);
        // Each entry's value is the complaint's OTLP trace id, so the console counts a key's complaints and their
        // distinct traces from the index alone; a complaint whose trace changed rewrites all of its entries.
        String trace = current == null ? null : current.getOtlpTraceId();
        String previousTrace = previous == null ? null : previous.getOtlpTraceId();
        boolean traceChanged = !Objects.equals(trace, previousTrace);
        after.stream().filter(k -> traceChanged || !before.contains(k))
                .forEach(k -> index.put(k, ComplaintIndexKeys.entryValue(trace)));
        if (current == null) {
            complaints.delete(id);
        } else {
            complaints.put(id, current);
        }
        if (trace != null && traceChanged) {
            context().forward(record.withKey(trace).withValue(id));
        }
    }
}
