package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthTest {

    private static final String TOKEN = "a-token-of-sixteen-or-more";
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static Auth at(Instant now, String token) {
        return new Auth(token, Duration.ofHours(8).toMillis(), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void onlyTheExactTokenAsABearerHeaderLetsARequestIn() {
        Auth auth = at(NOW, TOKEN);
        assertTrue(auth.allows("Bearer " + TOKEN, null));
        assertTrue(auth.allows("bearer " + TOKEN, null), "the scheme is case-insensitive");
        assertFalse(auth.allows(null, null));
        assertFalse(auth.allows("Bearer ", null));
        assertFalse(auth.allows("Bearer " + TOKEN + "x", null));
        assertFalse(auth.allows("Bearer " + TOKEN.substring(1), null));
        assertFalse(auth.allows("Basic " + TOKEN, null));
        assertFalse(auth.allows(TOKEN, null), "a bare token is not a bearer header");
    }

    @Test
    void aSessionCookieIsAcceptedUntilItExpiresAndNeverWhenForged() {
        Auth auth = at(NOW, TOKEN);
        String session = auth.newSession();
        assertTrue(auth.allows(null, "theme=dark; " + Auth.COOKIE + "=" + session));
        assertTrue(at(NOW.plus(Duration.ofHours(7)), TOKEN).validSession(session), "another instance, same token");
        assertFalse(at(NOW.plus(Duration.ofHours(9)), TOKEN).validSession(session), "expired");
        assertFalse(at(NOW, "another-token-of-sixteen-chars").validSession(session), "a new token ends every session");

        String[] parts = session.split("\\.");
        String laterExpiry = (Long.parseLong(parts[0]) + 86_400_000L) + "." + parts[1] + "." + parts[2];
        assertFalse(auth.validSession(laterExpiry), "the expiry is signed");
        assertFalse(auth.validSession(parts[0] + "." + parts[1] + "." + "0".repeat(64)), "the MAC is checked");
        assertFalse(auth.validSession("garbage"));
        assertFalse(auth.allows(null, "casefile_sessionX=" + session), "only the session cookie's own name counts");
    }
}
