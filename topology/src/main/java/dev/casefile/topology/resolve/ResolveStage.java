package dev.casefile.topology.resolve;

import dev.casefile.config.Retention;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.IndexHit;
import dev.casefile.schema.internal.ResolverInput;
import dev.casefile.schema.internal.TicketState;
import dev.casefile.schema.internal.TraceFeedbackState;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topology.store.StatefulSupplier;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KeyValueMapper;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Stage 4, resolve: tickets, and feedback that names only a trace, meet the index of their
 * workspace's identifiers (trace ids and aliases, feedback ids, business keys → turn), which the turn
 * evidence keeps current; each is resolved to its turn when it arrives and again whenever what it
 * looks up changes.
 */
public final class ResolveStage {

    /**
     * {@code workspace␟kind␟identifier␟source} → {@code IndexHit}: the business-key index. A source's home entry (its
     * own trace id or feedback id) also records what the source put in the index. (The separate {@code index-sources}
     * store that held this before cost one more write per turn.)
     */
    public static final String KEY_INDEX = "key-index";
    /** {@code workspace␟ticket id} → {@code TicketState}: tickets, their resolution and own complaint. */
    public static final String TICKETS = "ticket-store";
    /**
     * {@code workspace␟kind␟identifier␟} → the ids of the tickets that look it up, joined by ␟: read with one point
     * lookup per identifier an index update touches. (Renamed from {@code ticket-lookups}, which held one entry per
     * ticket and identifier and needed a prefix scan.)
     */
    public static final String TICKET_LOOKUPS = "ticket-lookup-sets";
    /**
     * {@code workspace␟TRACE␟trace id␟feedback id} → {@code TraceFeedbackState}: feedback that names a trace but no
     * session and turn, where its trace id led, and its own complaint while it led nowhere.
     */
    public static final String TRACE_FEEDBACK = "trace-feedback";
    /** Tickets resolved (and resolved again when what they look up changes), by {@code status} and {@code link_method}. */
    public static final String TICKETS_RESOLVED = "casefile.tickets.resolved";

    private final Retention retention;
    private final RecordSerdes serdes;
    private final MeterRegistry meters;

    public ResolveStage(Retention retention, RecordSerdes serdes, MeterRegistry meters) {
        this.retention = retention;
        this.serdes = serdes;
        this.meters = meters;
    }

    /** What a piece of turn evidence changes in its workspace's index, keyed by workspace (none for tickets). */
    public KeyValueMapper<TurnKey, TurnEvent, List<KeyValue<String, ResolverInput>>> indexUpdates() {
        return (turn, event) -> IndexUpdates.from(turn, event)
                .map(u -> List.of(KeyValue.pair(u.getWorkspaceId(), new ResolverInput(u))))
                .orElse(List.of());
    }

    /** Index updates and tickets, by workspace → tickets to their turns, and the complaints of tickets without one. */
    public ProcessorSupplier<String, ResolverInput, String, Resolved> resolver() {
        return StatefulSupplier.of(() -> new TicketResolver(retention, meters),
                StatefulSupplier.persistent(KEY_INDEX, Serdes.String(), serdes.forType(IndexHit.class, false)),
                StatefulSupplier.persistent(TICKETS, Serdes.String(), serdes.forType(TicketState.class, false)),
                StatefulSupplier.persistent(TICKET_LOOKUPS, Serdes.String(), Serdes.String()),
                StatefulSupplier.persistent(TRACE_FEEDBACK, Serdes.String(), serdes.forType(TraceFeedbackState.class, false)));
    }
}
