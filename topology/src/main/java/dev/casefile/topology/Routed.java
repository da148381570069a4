package dev.casefile.topology;

import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.RateDelta;
import dev.casefile.schema.internal.ResolverInput;
import dev.casefile.schema.internal.TraceInput;
import dev.casefile.schema.internal.TurnEvent;

/** Where a processor sends something next; the topology splits on the kind and keys each branch. */
sealed interface Routed {

    /** To the turn store, through the turn-keyed repartition topic. */
    record ToTurn(TurnKey turn, TurnEvent event) implements Routed {
    }

    /** To the trace store, through the trace-keyed repartition topic. */
    record ToTrace(String traceId, TraceInput input) implements Routed {
    }

    /** To the trace store of this very task: the record already sits on its trace's partition. */
    record AtTrace(String traceId, TraceInput input) implements Routed {
    }

    /** To the ticket resolver, through the workspace-keyed repartition topic. */
    record ToResolver(String workspaceId, ResolverInput input) implements Routed {
    }

    /** To the rate aggregator, through the window-keyed repartition topic. */
    record Rate(String windowKey, RateDelta delta) implements Routed {
    }

    /** Straight to linked-complaints; a null complaint is a tombstone. */
    record Complaint(String complaintId, LinkedComplaint complaint) implements Routed {
    }
}
