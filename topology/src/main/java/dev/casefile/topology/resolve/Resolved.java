package dev.casefile.topology.resolve;

import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.TurnEvent;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * What the ticket resolver sends on: a ticket attached to (or detached from) its turn, for the turn
 * linker in the same task; or the complaint of a ticket that has no turn, straight to
 * linked-complaints. Each kind says where it goes.
 */
public sealed interface Resolved {

    /** For the turn linker; none if this is a ticket's own complaint. */
    List<KeyValue<TurnKey, TurnEvent>> toTurn();

    /** For linked-complaints (a null value is a tombstone); none if this goes to a turn. */
    List<KeyValue<String, LinkedComplaint>> toComplaints();

    /** A ticket attached to, or detached from, a turn. */
    record ToTurn(TurnKey turn, TurnEvent event) implements Resolved {
        @Override
        public List<KeyValue<TurnKey, TurnEvent>> toTurn() {
            return List.of(KeyValue.pair(turn, event));
        }

        @Override
        public List<KeyValue<String, LinkedComplaint>> toComplaints() {
            return List.of();
        }
    }

    /** A ticket's own complaint (ambiguous, awaiting its trace, unresolved), or its tombstone when null. */
    record Complaint(String complaintId, LinkedComplaint complaint) implements Resolved {
        @Override
        public List<KeyValue<TurnKey, TurnEvent>> toTurn() {
            return List.of();
        }

        @Override
        public List<KeyValue<String, LinkedComplaint>> toComplaints() {
            return List.of(KeyValue.pair(complaintId, complaint));
        }
    }
}
