package dev.casefile.topology.index;

import dev.casefile.schema.LinkedComplaint;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topology.query.Stores;
import dev.casefile.topology.store.StatefulSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Stage 7, index: linked-complaints read back into the console's stores, {@code complaints} by id and
 * {@code complaint-index} by every key a support agent may search by. The console reads them through
 * {@code query/}.
 */
public final class IndexStage {

    private final RecordSerdes serdes;

    public IndexStage(RecordSerdes serdes) {
        this.serdes = serdes;
    }

    /** linked-complaints by complaint id → the two stores; forwards trace id → complaint id for each newly named trace. */
    public ProcessorSupplier<String, LinkedComplaint, String, String> indexer() {
        return StatefulSupplier.of(ComplaintIndexer::new,
                StatefulSupplier.persistent(Stores.COMPLAINTS, Serdes.String(), serdes.forType(LinkedComplaint.class, false)),
                StatefulSupplier.persistent(Stores.COMPLAINT_INDEX, Serdes.String(), Serdes.String()));
    }
}
