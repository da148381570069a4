package dev.casefile.contract;

import dev.casefile.schema.TurnKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable, URL-safe complaint ids: one per reported turn, and one per ticket or feedback event that has no turn yet. */
public final class ComplaintIds {

    private ComplaintIds() {
    }

    /** {@code cmp-} and the first 16 hex digits of SHA-256 over workspace, session and turn. */
    public static String of(TurnKey turn) {
        return "cmp-" + digest(turn.getWorkspaceId(), turn.getSessionId(), turn.getTurnId());
    }

    /** The id of a feedback event's own complaint while its captured trace leads to no turn yet. */
    public static String ofFeedback(String workspaceId, String feedbackId) {
        return "cmp-f-" + digest(workspaceId, feedbackId);
    }

    /** The id of a ticket's own complaint while it belongs to no turn (ambiguous, unresolved). */
    public static String ofTicket(String workspaceId, String ticketId) {
        return "cmp-t-" + digest(workspaceId, ticketId);
    }

    private static String digest(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
