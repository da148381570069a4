package dev.casefile.connect.zendesk;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.LinkedComplaint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a ticket shows of its complaint: the trace id in the trace field and, if one is configured,
 * the status in the status field. The sink writes a ticket only when this would change, so a new
 * revision of the same complaint, or a replay of the topic, writes nothing.
 */
record TicketLink(String trace, String status) {

    /**
     * What the ticket should show of {@code complaint}: empty for an UNRESOLVED complaint, which every
     * ticket that matched nothing yet is, and which is not worth an agent's attention.
     */
    static Optional<TicketLink> wanted(LinkedComplaint complaint, LinkSinkConfig config) {
        ComplaintStatus status = complaint.getStatus();
        if (status == ComplaintStatus.UNRESOLVED) {
            return Optional.empty();
        }
        String trace = status == ComplaintStatus.LINKED ? linkedTrace(complaint) : null;
        return Optional.of(new TicketLink(trace, config.statusField() == null ? null : status.name()));
    }

    /** What the ticket shows now, read from its custom fields. */
    static TicketLink shownOn(JsonObject ticket, LinkSinkConfig config) {
        return new TicketLink(fieldValue(ticket, config.traceField()),
                config.statusField() == null ? null : fieldValue(ticket, config.statusField()));
    }

    /**
     * The body of the ticket update: the fields, and a private note for the agent. With the ticket's
     * {@code updated_at} as {@code updated_stamp} and {@code safe_update}, Zendesk refuses it (409) if
     * the ticket changed since it was read.
     */
    JsonObject update(LinkedComplaint complaint, LinkSinkConfig config, String updatedStamp) {
        JsonArray fields = new JsonArray();
        fields.add(field(config.traceField(), trace));
        if (config.statusField() != null) {
            fields.add(field(config.statusField(), status));
        }
        JsonObject comment = new JsonObject();
        comment.addProperty("body", note(complaint, config.consoleUrl()));
        comment.addProperty("public", false);
        JsonObject ticket = new JsonObject();
        ticket.add("custom_fields", fields);
        ticket.add("comment", comment);
        if (updatedStamp != null) {
            ticket.addProperty("safe_update", true);
            ticket.addProperty("updated_stamp", updatedStamp);
        }
        return ticket;
    }

    /** The private note: the case-file URL, the status, the link method and the evidence tags; no personal data. */
    static String note(LinkedComplaint complaint, String consoleUrl) {
        StringBuilder note = new StringBuilder();
        ComplaintStatus status = complaint.getStatus();
        if (status == ComplaintStatus.LINKED) {
            note.append("Casefile linked this ticket to the trace of the reported turn.\n")
                    .append("Case file: ").append(consoleUrl).append("/#/trace/").append(encode(linkedTrace(complaint))).append('\n')
                    .append("Trace: ").append(complaint.getTraceId()).append('\n');
        } else {
            note.append(status == ComplaintStatus.AMBIGUOUS
                            ? "Casefile matched this ticket to " + complaint.getCandidateTraceIds().size() + " traces and cannot tell which.\n"
                            : "Casefile knows the turn of this ticket and awaits its trace.\n")
                    .append("Complaint: ").append(consoleUrl).append("/#/complaint/").append(encode(complaint.getComplaintId()))
                    .append('\n');
        }
        note.append("Status: ").append(status).append(" (link method ").append(complaint.getLinkMethod()).append(")\n");
        if (!complaint.getEvidenceTags().isEmpty()) {
            note.append("Evidence: ").append(complaint.getEvidenceTags().stream().map(TicketLink::tag)
                    .collect(Collectors.joining(", "))).append('\n');
        }
        return note.toString();
    }

    private static String linkedTrace(LinkedComplaint complaint) {
        return complaint.getOtlpTraceId() != null ? complaint.getOtlpTraceId() : complaint.getTraceId();
    }

    private static String tag(EvidenceTag tag) {
        return tag.getKey() + "=" + tag.getValue();
    }

    private static String encode(String id) {
        return URLEncoder.encode(Objects.requireNonNullElse(id, ""), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonObject field(long id, String value) {
        JsonObject field = new JsonObject();
        field.addProperty("id", id);
        field.add("value", value == null ? JsonNull.INSTANCE : new JsonPrimitive(value));
        return field;
    }

    private static String fieldValue(JsonObject ticket, long fieldId) {
        JsonElement fields = ticket.get("custom_fields");
        if (fields == null || !fields.isJsonArray()) {
            return null;
        }
        for (JsonElement f : fields.getAsJsonArray()) {
            if (f.isJsonObject() && Json.isNumber(f.getAsJsonObject(), "id") && f.getAsJsonObject().get("id").getAsLong() == fieldId) {
                String value = Json.text(f.getAsJsonObject(), "value");
                return value == null || value.isBlank() ? null : value;
            }
        }
        return null;
    }
}
