package dev.casefile.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in OIDC issuer for tests: an RSA signing key of its own, its JWKS served on a loopback
 * port (the JDK's HTTP server, so no other test dependency), and ID tokens signed with it. The
 * console under test is configured with {@link #issuer()}, {@link #jwksUrl()} and an audience of the
 * test's choosing; a browser or integration test then sends {@link #token} as its bearer.
 *
 * <p>Tokens are RS256, carry the key's {@code kid}, and name the agent in {@code email} and its
 * workspaces in {@value #WORKSPACES_CLAIM}. Close it to stop the server.
 */
public final class TestIssuer implements AutoCloseable {

    /** The claim that {@link #token} lists the workspaces in. */
    public static final String WORKSPACES_CLAIM = "workspaces";
    /** How long a token from {@link #token} stays valid. */
    public static final Duration VALIDITY = Duration.ofMinutes(10);

    private static final String JWKS_PATH = "/jwks.json";

    private final RSAKey key;
    private final HttpServer server;
    private final AtomicInteger jwksRequests = new AtomicInteger();

    /** An issuer that publishes only its own key. */
    public TestIssuer() {
        this(List.of());
    }

    /**
     * An issuer that also publishes the public halves of {@code alsoPublished}, so a test can sign
     * with keys of other kinds (an EC key for ES256, say) that the JWKS still vouches for.
     */
    public TestIssuer(List<? extends JWK> alsoPublished) {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-rsa-" + System.nanoTime()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("RSA key generation is required of every JVM", e);
        }
        List<JWK> published = new ArrayList<>();
        published.add(key.toPublicJWK());
        alsoPublished.forEach(k -> published.add(k.toPublicJWK()));
        byte[] jwks = new JWKSet(published).toString(true).getBytes(StandardCharsets.UTF_8);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(JWKS_PATH, exchange -> {
            jwksRequests.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        server.start();
    }

    /** The issuer's {@code iss}: its base URL on loopback, as a real issuer's would be. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where the issuer's JWKS is served. */
    public URL jwksUrl() {
        try {
            return URI.create(issuer() + JWKS_PATH).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many times the JWKS has been fetched, to see a verifier's caching. */
    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** The signing key, private half included; for tests that forge tokens from it. */
    public RSAKey key() {
        return key;
    }

    /**
     * An ID token for {@code email} and {@code audience}, issued now and valid for
     * {@link #VALIDITY}; {@code workspaces} null leaves the workspaces claim out.
     */
    public String token(String email, List<String> workspaces, String audience) {
        return sign(claims(email, workspaces, audience).build());
    }

    /** The claims {@link #token} signs, for a test to change before {@link #sign}ing them. */
    public JWTClaimsSet.Builder claims(String email, List<String> workspaces, String audience) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(email)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(VALIDITY)))
                .claim("email", email);
        if (workspaces != null) {
            claims.claim(WORKSPACES_CLAIM, workspaces);
        }
        return claims;
    }

    /** {@code claims} signed RS256 with this issuer's key, in compact form. */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
