package dev.casefile.topology;

import dev.casefile.schema.LinkedComplaint;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads {@code linked-complaints} back and keeps, per partition, the current complaint by id and its
 * {@link ComplaintIndex} entries, for the console. A tombstone removes both; a new revision replaces
 * exactly the entries that changed (the topic is the truth: its last record wins). It forwards nothing.
 */
final class ComplaintIndexer implements Processor<String, LinkedComplaint, Void, Void> {

    private KeyValueStore<String, LinkedComplaint> complaints;
    private KeyValueStore<String, String> index;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        complaints = context.getStateStore(Names.COMPLAINTS);
        index = context.getStateStore(Names.COMPLAINT_INDEX);
    }

    @Override
    public void process(Record<String, LinkedComplaint> record) {
        String id = record.key();
        if (id == null) {
            return;
        }
        LinkedComplaint previous = complaints.get(id);
        LinkedComplaint current = record.value();
        Set<String> before = previous == null ? Set.of() : ComplaintIndex.keys(previous);
        Set<String> after = current == null ? Set.of() : ComplaintIndex.keys(current);
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
