package dev.casefile.topology.ingest;

import dev.casefile.contract.KeyedHash;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SupportTicket;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Replaces emails by their keyed hash as records enter, so no store or output holds an email. */
final class PersonalData {

    static final String EMAIL_HASH_KEY = "email_hash";

    private final KeyedHash hash;
    private final List<String> emailKeys;

    PersonalData(KeyedHash hash, List<String> emailKeys) {
        this.hash = hash;
        this.emailKeys = List.copyOf(emailKeys);
    }

    FeedbackEvent feedback(FeedbackEvent event) {
        Map<String, String> keys = hashedKeys(event.getBusinessKeys(), null);
        return keys.equals(event.getBusinessKeys()) ? event
                : FeedbackEvent.newBuilder(event).setBusinessKeys(keys).build();
    }

    SupportTicket ticket(SupportTicket ticket) {
        Map<String, String> keys = hashedKeys(ticket.getBusinessKeys(), ticket.getRequesterEmail());
        if (keys.equals(ticket.getBusinessKeys()) && ticket.getRequesterEmail() == null) {
            return ticket;
        }
        return SupportTicket.newBuilder(ticket).setRequesterEmail(null).setBusinessKeys(keys).build();
    }

    private Map<String, String> hashedKeys(Map<String, String> businessKeys, String extraEmail) {
        Map<String, String> keys = new TreeMap<>(businessKeys);
        String email = extraEmail;
        for (String key : emailKeys) {
            String value = keys.remove(key);
            if (email == null && value != null && !value.isBlank()) {
                email = value;
            }
        }
        if (email != null && !email.isBlank()) {
            keys.put(EMAIL_HASH_KEY, hash.of(email));
        }
        return keys;
    }
}
