package dev.casefile.topology.index;

import dev.casefile.schema.LinkedComplaint;
import dev.casefile.topology.query.ComplaintIndexKeys;
import dev.casefile.topology.query.Stores;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads {@code linked-complaints} back and keeps, per partition, the current complaint by id and its
 * {@link ComplaintIndexKeys} entries, for the console. A tombstone removes both; a new revision replaces
 * exactly the entries that changed (the topic is the truth: its last record wins). It forwards nothing.
 */
final class ComplaintIndexer implements Processor<String, LinkedComplaint, Void, Void> {

    private KeyValueStore<String, LinkedComplaint> complaints;
    private KeyValueStore<String, String> index;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
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
        after.stream().filter(k -> !before.contains(k)).forEach(k -> index.put(k, id));
        if (current == null) {
            complaints.delete(id);
        } else {
            complaints.put(id, current);
        }
    }
}
