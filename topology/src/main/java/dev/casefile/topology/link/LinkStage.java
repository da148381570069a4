package dev.casefile.topology.link;

import dev.casefile.config.Retention;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.schema.internal.TurnState;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topology.store.StatefulSupplier;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Stage 5, link: all evidence of one turn (its trace view, feedback, attached tickets) meets in the
 * turn store, and the turn's complaint is emitted, complete, whenever it changes materially.
 */
public final class LinkStage {

    /** {@code TurnKey} → {@code TurnState}: feedback, tickets and trace of one turn, and its complaint. */
    public static final String TURN_STORE = "turn-store";

    private final Retention retention;
    private final RecordSerdes serdes;
    private final MeterRegistry meters;

    public LinkStage(Retention retention, RecordSerdes serdes, MeterRegistry meters) {
        this.retention = retention;
        this.serdes = serdes;
        this.meters = meters;
    }

    /** Turn evidence by turn → complaints and rate changes. */
    public ProcessorSupplier<TurnKey, TurnEvent, TurnKey, Linked> linker() {
        return StatefulSupplier.of(() -> new TurnLinker(retention, meters),
                StatefulSupplier.persistent(TURN_STORE, serdes.forType(TurnKey.class, true), serdes.forType(TurnState.class, false)));
    }
}
