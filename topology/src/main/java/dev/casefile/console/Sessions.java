package dev.casefile.console;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's sign-in sessions, as signed cookies every instance can check without asking
 * another: {@code issued.expires.id.agent.mac}, where {@code agent} is who signed in and {@code mac}
 * an HMAC-SHA256 under a key derived from the shared token with PBKDF2 (so a captured cookie does
 * not let an attacker test guesses of the token cheaply). A cookie is refused when its MAC is wrong,
 * when it has expired, when it claims a lifetime longer than {@code console.session.ttl.ms}, or when
 * its id was ended (signed out) on any instance. Changing the token ends every session.
 */
final class Sessions {

    /** A checked session: its id (what sign-out ends), when it expires, and who it belongs to. */
    record Session(String id, long expiresAtMs, Agent agent) {
    }

    /** Sessions ended before their expiry, shared by every instance. */
    interface Ended {
        /** Whether {@code id} was ended; {@code true} for every id while this is not yet known. */
        boolean isEnded(String id);

        /** Ends {@code id} on every instance, durably, before returning. */
        void end(String id, long expiresAtMs);
    }

    static final String COOKIE = "casefile_session";
    /** The name over HTTPS: browsers then accept it only Secure, for this host, path {@code /} (RFC 6265bis). */
    static final String SECURE_COOKIE = "__Host-casefile_session";
    private static final String HMAC = "HmacSHA256";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; run once, when the console starts. */
    static final int KDF_ITERATIONS = 600_000;
    private static final int MAX_COOKIE_CHARS = 2048;
    /** Tolerated disagreement between instances' clocks on when a cookie was issued. */
    private static final long CLOCK_SKEW_MS = 60_000;

    private final SecretKeySpec key;
    private final long ttlMs;
    private final Clock clock;
    private final Ended ended;
    private final String cookieName;
    private final boolean secure;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param salt distinguishes deployments sharing a token (the application id); fixed per deployment, so
     *             every instance derives the same key
     */
    Sessions(String token, String salt, long ttlMs, boolean secure, Clock clock, Ended ended) {
        this.key = new SecretKeySpec(derive(token, salt), HMAC);
        this.ttlMs = ttlMs;
        this.clock = clock;
        this.ended = ended;
        this.cookieName = secure ? SECURE_COOKIE : COOKIE;
        this.secure = secure;
    }

    String cookieName() {
        return cookieName;
    }

    /** The {@code Set-Cookie} value handing out {@code value}, a fresh session cookie. */
    String setCookie(String value) {
        return cookie(value, ttlMs / 1000);
    }

    /** The {@code Set-Cookie} value that drops the browser's copy of the session cookie. */
    String clearCookie() {
        return cookie("", 0);
    }

    private String cookie(String value, long maxAgeSeconds) {
        return cookieName + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds
                + (secure ? "; Secure" : "");
    }

    /** A fresh session cookie value for {@code agent}. */
    String issue(Agent agent) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        long now = clock.millis();
        String payload = now + "." + (now + ttlMs) + "." + HexFormat.of().formatHex(id) + "." + encode(agent);
        return payload + "." + mac(payload);
    }

    /** The session a cookie value stands for, if it is genuine, current and not ended. */
    Optional<Session> check(String value) {
        if (value == null || value.length() > MAX_COOKIE_CHARS) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 5) {
            return Optional.empty();
        }
        String payload = value.substring(0, value.lastIndexOf('.'));
        if (!MessageDigest.isEqual(mac(payload).getBytes(StandardCharsets.US_ASCII),
                parts[4].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        long issued;
        long expires;
        try {
            issued = Long.parseLong(parts[0]);
            expires = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        long now = clock.millis();
        if (expires <= now || issued > now + CLOCK_SKEW_MS || expires - issued > ttlMs || ended.isEnded(parts[2])) {
            return Optional.empty();
        }
        return decode(parts[3]).map(agent -> new Session(parts[2], expires, agent));
    }

    /** Ends {@code session} on every instance. */
    void end(Session session) {
        ended.end(session.id(), session.expiresAtMs());
    }

    /** The cookie of {@code header} (a request's Cookie header) with this console's name, if any. */
    Optional<String> cookieOf(String header) {
        if (header == null || header.length() > 8192) {
            return Optional.empty();
        }
        for (String cookie : header.split(";")) {
            String c = cookie.trim();
            if (c.startsWith(cookieName + "=")) {
                return Optional.of(c.substring(cookieName.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static String encode(Agent agent) {
        JsonObject json = new JsonObject();
        json.addProperty("n", agent.name());
        json.addProperty("s", agent.source().name());
        agent.workspaces().ifPresent(ws -> {
            JsonArray list = new JsonArray();
            ws.forEach(list::add);
            json.add("w", list);
        });
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The agent of a cookie whose MAC was checked: malformed means issued by other code, so refused. */
    private static Optional<Agent> decode(String encoded) {
        try {
            JsonObject json = JsonParser.parseString(new String(Base64.getUrlDecoder().decode(encoded),
                    StandardCharsets.UTF_8)).getAsJsonObject();
            Optional<Set<String>> workspaces = Optional.empty();
            if (json.has("w")) {
                Set<String> ws = new LinkedHashSet<>();
                json.getAsJsonArray("w").forEach(w -> ws.add(w.getAsString()));
                workspaces = Optional.of(ws);
            }
            return Optional.of(new Agent(json.get("n").getAsString(), AgentSource.valueOf(json.get("s").getAsString()),
                    workspaces));
        } catch (IllegalArgumentException | IllegalStateException | JsonParseException | NullPointerException
                 | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    private static byte[] derive(String token, String salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(token.toCharArray(),
                    ("casefile-console-session\u0000" + salt).getBytes(StandardCharsets.UTF_8), KDF_ITERATIONS, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every JVM", e);
        }
    }
}
