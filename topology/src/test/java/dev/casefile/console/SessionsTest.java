package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SessionsTest {

    private static final String TOKEN = "a-console-token-of-some-length";
    private static final long TTL = Duration.ofHours(8).toMillis();
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    /** Ended ids, as the compacted topic would hold them. */
    private static final class Ended implements Sessions.Ended {
        final Set<String> ids = new HashSet<>();

        @Override
        public boolean isEnded(String id) {
            return ids.contains(id);
        }

        @Override
        public void end(String id, long expiresAtMs) {
            ids.add(id);
        }
    }

    private final Ended ended = new Ended();

    private Sessions at(Instant now) {
        return new Sessions(TOKEN, "casefile", TTL, false, Clock.fixed(now, ZoneOffset.UTC), ended);
    }

    @Test
    void aSessionCarriesItsAgentAndHoldsOnEveryInstanceWithTheSameToken() {
        Agent agent = new Agent("pat@support.example", AgentSource.OIDC, Optional.of(Set.of("acme_eu")));
        String cookie = at(NOW).issue(agent);
        Optional<Sessions.Session> session = at(NOW.plusSeconds(60)).check(cookie);
        assertEquals(agent, session.orElseThrow().agent());
        assertEquals(NOW.toEpochMilli() + TTL, session.get().expiresAtMs());
        assertTrue(new Sessions("another-console-token-entirely", "casefile", TTL, false, Clock.systemUTC(), ended)
                .check(cookie).isEmpty(), "another token, another key");
        assertTrue(new Sessions(TOKEN, "another-app", TTL, false, Clock.systemUTC(), ended).check(cookie).isEmpty(),
                "the application id salts the key");
    }

    @Test
    void anEndedSessionIsRefusedAndSoIsAnExpiredOne() {
        Sessions sessions = at(NOW);
        String cookie = sessions.issue(Agent.TOKEN);
        sessions.end(sessions.check(cookie).orElseThrow());
        assertTrue(sessions.check(cookie).isEmpty());
        String other = sessions.issue(Agent.TOKEN);
        assertTrue(at(NOW.plusMillis(TTL)).check(other).isEmpty());
        assertTrue(at(NOW.plusMillis(TTL - 1)).check(other).isPresent());
    }

    @Test
    void aTamperedOrForgedCookieIsRefused() {
        Sessions sessions = at(NOW);
        String cookie = sessions.issue(Agent.TOKEN);
        String[] parts = cookie.split("\\.");
        String farFuture = parts[0] + "." + (NOW.toEpochMilli() + 100L * 365 * 24 * 3600 * 1000) + "." + parts[2] + "."
                + parts[3] + "." + parts[4];
        assertTrue(sessions.check(farFuture).isEmpty(), "a changed expiry breaks the MAC");
        String flipped = cookie.substring(0, cookie.length() - 1) + (cookie.endsWith("0") ? "1" : "0");
        assertTrue(sessions.check(flipped).isEmpty(), "one changed digit of the MAC");
        assertTrue(sessions.check("").isEmpty());
        assertTrue(sessions.check("1.2.3").isEmpty());
        assertTrue(sessions.check(cookie + ".x").isEmpty());
    }

    @Test
    void evenACorrectlySignedCookieMayNotOutliveTheSessionLifetime() throws Exception {
        // Signed with the real key (as if the key leaked through an older release's bug): the lifetime rule still holds.
        Sessions sessions = at(NOW);
        String issued = sessions.issue(Agent.TOKEN);
        String[] parts = issued.split("\\.");
        String payload = NOW.toEpochMilli() + "." + (NOW.toEpochMilli() + TTL + 1) + "." + parts[2] + "." + parts[3];
        String forged = payload + "." + macUnderTheSessionKey(payload);
        assertTrue(sessions.check(payload + "." + parts[4]).isEmpty());
        assertTrue(sessions.check(forged).isEmpty(), "expiry beyond issue time + ttl");
        String legit = NOW.toEpochMilli() + "." + (NOW.toEpochMilli() + TTL) + "." + parts[2] + "." + parts[3];
        assertTrue(sessions.check(legit + "." + macUnderTheSessionKey(legit)).isPresent(), "the same MAC path accepts a "
                + "cookie within the lifetime, so the refusal above is the lifetime rule's");
        String fromTheFuture = (NOW.toEpochMilli() + 3_600_000) + "." + (NOW.toEpochMilli() + 3_600_000 + TTL) + "."
                + parts[2] + "." + parts[3];
        assertTrue(sessions.check(fromTheFuture + "." + macUnderTheSessionKey(fromTheFuture)).isEmpty(),
                "issued an hour from now");
    }

    @Test
    void overHttpsTheCookieIsHostPrefixed() {
        Sessions secure = new Sessions(TOKEN, "casefile", TTL, true, Clock.systemUTC(), ended);
        assertEquals("__Host-casefile_session", secure.cookieName());
        String value = secure.issue(Agent.TOKEN);
        assertEquals(Optional.of(value), secure.cookieOf("casefile_session=x; __Host-casefile_session=" + value));
        assertEquals(Optional.empty(), at(NOW).cookieOf("__Host-casefile_session=" + value));
    }

    @Test
    void theKeyIsStretchedNotABareHash() {
        assertTrue(Sessions.KDF_ITERATIONS >= 600_000);
        String payload = "1.2.3.4";
        assertFalse(macUnder(Digests.sha256("casefile-console-session\u0000" + TOKEN), payload).equals(safeMac(payload)),
                "the old bare-SHA-256 key no longer signs sessions");
    }

    private String safeMac(String payload) {
        try {
            return macUnderTheSessionKey(payload);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The MAC {@link Sessions} computes, through its key derivation (PBKDF2 as documented). */
    private static String macUnderTheSessionKey(String payload) throws Exception {
        javax.crypto.spec.PBEKeySpec spec = new javax.crypto.spec.PBEKeySpec(TOKEN.toCharArray(),
                ("casefile-console-session\u0000casefile").getBytes(StandardCharsets.UTF_8), Sessions.KDF_ITERATIONS, 256);
        byte[] key = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        return macUnder(key, payload);
    }

    private static String macUnder(byte[] key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
