package dev.casefile.topology.link;

import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.internal.RateChange;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/** What the turn linker sends on: a turn's complaint for linked-complaints, or its rate change for the rate buffer. */
public sealed interface Linked {

    /** For linked-complaints, by complaint id (a null value is a tombstone); none if this is a rate change. */
    List<KeyValue<String, LinkedComplaint>> toComplaints();

    /** For the rate buffer; none if this is a complaint. */
    List<RateChange> toRates();

    /** The turn's complaint, complete, or its tombstone when null. */
    record Complaint(String complaintId, LinkedComplaint complaint) implements Linked {
        @Override
        public List<KeyValue<String, LinkedComplaint>> toComplaints() {
            return List.of(KeyValue.pair(complaintId, complaint));
        }

        @Override
        public List<RateChange> toRates() {
            return List.of();
        }
    }

    /** What the turn adds to the rates changed. */
    record Rates(RateChange change) implements Linked {
        @Override
        public List<KeyValue<String, LinkedComplaint>> toComplaints() {
            return List.of();
        }

        @Override
        public List<RateChange> toRates() {
            return List.of(change);
        }
    }
}
