package dev.casefile.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may ask: a request carrying the configured bearer token, or the page's session cookie, which
 * the sign-in form hands out for the token. Comparisons take constant time; the cookie is
 * {@code expiry.nonce.HMAC(expiry.nonce)} under a key derived from the token, so every instance
 * with the same token accepts it, and changing the token ends every session.
 */
final class Auth {

    static final String COOKIE = "casefile_session";
    private static final String HMAC = "HmacSHA256";

    private final byte[] tokenDigest;
    private final SecretKeySpec sessionKey;
    private final long sessionTtlMs;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Auth(String token, long sessionTtlMs, Clock clock) {
        this.tokenDigest = sha256(token);
        this.sessionKey = new SecretKeySpec(sha256("casefile-console-session\u0000" + token), HMAC);
        this.sessionTtlMs = sessionTtlMs;
        this.clock = clock;
    }

    /** Whether {@code candidate} is the token; digests of equal length are compared in constant time. */
    boolean isToken(String candidate) {
        return candidate != null && MessageDigest.isEqual(tokenDigest, sha256(candidate));
    }

    /** Whether the request's Authorization header or its cookies let it in. */
    boolean allows(String authorization, String cookies) {
        return bearer(authorization) || session(cookies);
    }

    private boolean bearer(String authorization) {
        if (authorization == null || authorization.length() > 1024 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return isToken(authorization.substring(7).trim());
    }

    private boolean session(String cookies) {
        if (cookies == null || cookies.length() > 8192) {
            return false;
        }
        for (String cookie : cookies.split(";")) {
            String c = cookie.trim();
            if (c.startsWith(COOKIE + "=") && validSession(c.substring(COOKIE.length() + 1))) {
                return true;
            }
        }
        return false;
    }

    boolean validSession(String value) {
        int mac = value.lastIndexOf('.');
        int dot = value.indexOf('.');
        if (dot <= 0 || mac <= dot) {
            return false;
        }
        String payload = value.substring(0, mac);
        if (!MessageDigest.isEqual(mac(payload).getBytes(StandardCharsets.US_ASCII),
                value.substring(mac + 1).getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        try {
            return Long.parseLong(payload.substring(0, dot)) > clock.millis();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A fresh session cookie value, valid for the configured time. */
    String newSession() {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String payload = (clock.millis() + sessionTtlMs) + "." + HexFormat.of().formatHex(nonce);
        return payload + "." + mac(payload);
    }

    long sessionTtlSeconds() {
        return sessionTtlMs / 1000;
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(sessionKey);
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
