package dev.casefile.console;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.casefile.config.ConsoleSettings.Oidc;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells which support agent a console request comes from, so that the console can limit what the
 * agent sees and say who looked. Two ways, each off unless configured:
 * <ul>
 *   <li>an OIDC ID token (a JWT) as the bearer, checked against the issuer's published keys (JWKS):
 *       signature (RS256 or ES256 only), exact issuer, our audience, expiry, and the claim that names
 *       the agent;</li>
 *   <li>a header set by a reverse proxy that has already signed the agent in, believed only when the
 *       request's immediate peer is on an allow-list of proxy addresses.</li>
 * </ul>
 * Verification is Nimbus JOSE+JWT's, not ours: its processor, its key selector and its caching,
 * rate-limited JWKS source (keys are fetched on first use, kept for five minutes, and fetched again
 * when a token names a key not yet seen, so the issuer can rotate keys).
 *
 * <p>Tokens, claim values and header values are personal data and are never logged; failures are
 * logged at DEBUG by their kind only. Instances are immutable and thread-safe.
 */
final class Agents {

    private static final Logger LOG = LoggerFactory.getLogger(Agents.class);

    /** The claim that names the agent unless configured otherwise. */
    static final String DEFAULT_AGENT_CLAIM = "email";
    /** How far the issuer's clock and ours may disagree on {@code exp} and {@code nbf}. */
    static final int CLOCK_SKEW_SECONDS = 60;
    /** Longer than any ID token an issuer hands out; refused before it is parsed. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** Longest agent name taken from a claim or a proxy's header. */
    static final int MAX_NAME_CHARS = 256;

    /**
     * A reverse proxy that signs agents in and names them in a header.
     *
     * @param trustedCidrs the proxies' addresses, as CIDR blocks or bare addresses, IPv4 or IPv6
     * @param header the request header holding the agent's name, e.g. {@code X-Forwarded-User}; empty when the
     *     proxies only forward (their X-Forwarded-For is believed) and agents sign in otherwise
     */
    public record Proxy(List<String> trustedCidrs, String header) {
        public Proxy {
            trustedCidrs = List.copyOf(trustedCidrs);
            header = header == null ? "" : header.strip();
        }
    }

    private final Optional<Oidc> oidc;
    private final Optional<ConfigurableJWTProcessor<SecurityContext>> processor;
    private final Optional<Proxy> proxy;
    private final List<Cidr> trusted;

    private Agents(Optional<Oidc> oidc, Optional<Proxy> proxy) {
        this.oidc = oidc;
        this.processor = oidc.map(Agents::processor);
        this.proxy = proxy;
        this.trusted = proxy.map(p -> p.trustedCidrs().stream().map(Cidr::parse).toList()).orElse(List.of());
        if (proxy.isPresent() && trusted.isEmpty()) {
            throw new IllegalArgumentException("a proxy header needs at least one trusted proxy address");
        }
    }

    /**
     * The agents' identification as configured; neither given means every request is anonymous
     * (the shared token's holder).
     *
     * @throws IllegalArgumentException naming the entry, when a trusted proxy address is not an
     *     address or CIDR block, or when a proxy is given with no address at all
     */
    static Agents of(Optional<Oidc> oidc, Optional<Proxy> proxy) {
        return new Agents(oidc, proxy);
    }

    /** Whether bearer JWTs are verified (an OIDC issuer is configured). */
    boolean oidcEnabled() {
        return processor.isPresent();
    }

    /** Whether {@code remoteAddress} (as Jetty gives it) is a trusted proxy, whose X-Forwarded-For is believed. */
    boolean trusts(String remoteAddress) {
        InetAddress peer = Cidr.literal(remoteAddress);
        return peer != null && trusted.stream().anyMatch(c -> c.contains(peer));
    }

    /** The header a trusted proxy names the agent in, when a proxy is configured. */
    Optional<String> proxyHeader() {
        return proxy.map(Proxy::header).filter(h -> !h.isEmpty());
    }

    /**
     * The agent a bearer token names. Empty when OIDC is off or the bearer is not a JWT at all (the
     * shared console token, say), so the caller can go on to check the shared token.
     *
     * @throws AgentRefusedException when the bearer is a JWT that does not verify: a bad or unknown
     *     signature, an algorithm other than RS256/ES256 (or none), another issuer or audience,
     *     expired, or without the agent claim
     */
    Optional<Agent> fromBearer(String compactJwt) {
        if (processor.isEmpty() || compactJwt == null) {
            return Optional.empty();
        }
        if (compactJwt.length() > MAX_TOKEN_CHARS) {
            throw refused("TooLong", "the bearer token is too long");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(compactJwt.strip());
        } catch (ParseException e) {
            return Optional.empty();
        }
        JWTClaimsSet claims;
        try {
            claims = processor.get().process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            throw refusal(e);
        }
        Oidc o = oidc.get();
        Object name = claims.getClaim(o.agentClaim());
        if (!(name instanceof String) || !validName((String) name)) {
            throw refused("BadAgentClaim", "the token's agent claim is not a usable name");
        }
        return Optional.of(new Agent((String) name, AgentSource.OIDC, workspaces(o, claims)));
    }

    /**
     * The agent a trusted proxy names. Empty when no proxy is configured, the header is absent, or
     * the peer is not on the allow-list (then the header is anyone's claim and is ignored).
     *
     * @param remoteAddress the immediate peer as Jetty gives it ({@code 127.0.0.1}, {@code [::1]})
     * @param headerValue the proxy header's value, or null when the request has none
     * @throws AgentRefusedException when a trusted proxy sends a name that is empty, longer than
     *     {@value #MAX_NAME_CHARS} characters, or has control characters
     */
    Optional<Agent> fromProxy(String remoteAddress, String headerValue) {
        return fromProxy(Cidr.literal(remoteAddress), headerValue);
    }

    /**
     * {@link #fromProxy(String, String)} for a peer already parsed to an address; null is no
     * trusted peer.
     */
    Optional<Agent> fromProxy(InetAddress peer, String headerValue) {
        if (proxyHeader().isEmpty() || headerValue == null) {
            return Optional.empty();
        }
        if (peer == null || trusted.stream().noneMatch(c -> c.contains(peer))) {
            LOG.debug("proxy header ignored: the peer is not a trusted proxy");
            return Optional.empty();
        }
        if (!validName(headerValue)) {
            throw refused("BadProxyHeader", "the proxy's agent header is not a usable name");
        }
        return Optional.of(new Agent(headerValue, AgentSource.PROXY, Optional.empty()));
    }

    /**
     * The workspaces claim as a set: none configured means no limit; configured but absent means no
     * workspace (fail closed: a token from a misconfigured issuer sees nothing rather than everything).
     */
    private static Optional<Set<String>> workspaces(Oidc o, JWTClaimsSet claims) {
        if (o.workspacesClaim().isEmpty()) {
            return Optional.empty();
        }
        Object value = claims.getClaim(o.workspacesClaim());
        if (value == null) {
            return Optional.of(Set.of());
        }
        if (value instanceof String) {
            return Optional.of(Set.of((String) value));
        }
        if (value instanceof List) {
            Set<String> set = new HashSet<>();
            for (Object item : (List<?>) value) {
                if (!(item instanceof String)) {
                    throw refused("BadWorkspacesClaim", "the token's workspaces claim is not a list of strings");
                }
                set.add((String) item);
            }
            return Optional.of(set);
        }
        throw refused("BadWorkspacesClaim", "the token's workspaces claim is not a list of strings");
    }

    private static ConfigurableJWTProcessor<SecurityContext> processor(Oidc o) {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(o.jwksUrl()).build();
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                o.audience(),
                new JWTClaimsSet.Builder().issuer(o.issuer()).build(),
                Set.of("exp", o.agentClaim()));
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        p.setJWTClaimsSetVerifier(claims);
        return p;
    }

    /** A safe message for the verifier's exception, whose own message may quote claims. */
    private static AgentRefusedException refusal(Exception e) {
        if (e instanceof KeySourceException) {
            // The issuer's keys could not be had: our side's trouble, worth more than DEBUG. No personal data here.
            LOG.warn("bearer JWT refused: the issuer's keys could not be fetched ({})", e.getClass().getSimpleName());
            return new AgentRefusedException("the issuer's keys could not be fetched");
        }
        String kind = e.getClass().getSimpleName();
        if (e instanceof BadJWTException) {
            return refused(kind, "the token's claims were not accepted (issuer, audience, expiry or agent claim)");
        }
        if (e instanceof BadJWSException) {
            return refused(kind, "the token's signature was not accepted");
        }
        return refused(kind, "the token was not accepted (unsigned, or no key of the issuer for its algorithm and key id)");
    }

    private static AgentRefusedException refused(String kind, String message) {
        LOG.debug("agent refused: {}", kind);
        return new AgentRefusedException(message);
    }

    /** 1 to {@value #MAX_NAME_CHARS} characters, not blank, with no control or line-separating ones (names end up in logs). */
    private static boolean validName(String s) {
        if (s.isEmpty() || s.length() > MAX_NAME_CHARS || s.isBlank()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }
}
