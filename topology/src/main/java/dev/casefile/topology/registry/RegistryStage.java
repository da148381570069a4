package dev.casefile.topology.registry;

import dev.casefile.config.Retention;
import dev.casefile.schema.internal.FeedbackChange;
import dev.casefile.schema.internal.FeedbackEntry;
import dev.casefile.schema.internal.ResolverInput;
import dev.casefile.schema.internal.TicketChange;
import dev.casefile.schema.internal.TicketEntry;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topology.store.StatefulSupplier;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Stage 2, registry: the current version of every feedback event and ticket, by id (from
 * feedback-by-id and tickets-by-id), so replays and stale versions change nothing and a tombstone
 * reaches wherever the value went.
 */
public final class RegistryStage {

    /** Feedback id → the current {@code FeedbackEvent}: versions, relocations and tombstones. */
    public static final String FEEDBACK_REGISTRY = "feedback-registry";
    /** Ticket id → the newest {@code SupportTicket}: versions and tombstones. */
    public static final String TICKET_REGISTRY = "ticket-registry";

    private final Retention retention;
    private final RecordSerdes serdes;
    private final MeterRegistry meters;

    public RegistryStage(Retention retention, RecordSerdes serdes, MeterRegistry meters) {
        this.retention = retention;
        this.serdes = serdes;
        this.meters = meters;
    }

    /** Feedback changes by feedback id → each to its turn, or to its trace when it names no turn. */
    public ProcessorSupplier<String, FeedbackChange, String, FeedbackRoute> feedback() {
        return StatefulSupplier.of(() -> new VersionRegistry<>(FEEDBACK_REGISTRY, new FeedbackVersions(), retention, meters),
                StatefulSupplier.persistent(FEEDBACK_REGISTRY, Serdes.String(), serdes.forType(FeedbackEntry.class, false)));
    }

    /** Ticket changes by ticket id → each to its workspace's resolver, keyed by workspace. */
    public ProcessorSupplier<String, TicketChange, String, ResolverInput> tickets() {
        return StatefulSupplier.of(() -> new VersionRegistry<>(TICKET_REGISTRY, new TicketVersions(), retention, meters),
                StatefulSupplier.persistent(TICKET_REGISTRY, Serdes.String(), serdes.forType(TicketEntry.class, false)));
    }
}
