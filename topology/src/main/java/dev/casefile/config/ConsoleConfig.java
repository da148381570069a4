package dev.casefile.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The support console's settings, declared here once and parsed once into {@link ConsoleSettings}:
 * where it listens, how it proves who asks (the shared token, OIDC ID tokens, a trusted proxy), its
 * sessions and TLS. Part of {@link CasefileConfig}'s one definition.
 */
public final class ConsoleConfig {

    public static final String CONSOLE_ENABLED = "console.enabled";
    private static final String ENABLED_DOC = "Serve the support console (HTTP, JSON API and page) from this "
            + "instance's state. Needs console.token. The demo command turns it on with a generated token.";
    public static final String CONSOLE_BIND_ADDRESS = "console.bind.address";
    private static final String BIND_ADDRESS_DOC = "Address the console listens on. The default, the "
            + "loopback address, keeps it private to this machine; 0.0.0.0 listens on every interface (needed for "
            + "several instances on several machines: they forward queries to each other).";
    public static final String CONSOLE_PORT = "console.port";
    private static final String PORT_DOC = "TCP port of the console; 0 picks a free port.";
    public static final String CONSOLE_ADVERTISED_HOST = "console.advertised.host";
    private static final String ADVERTISED_HOST_DOC = "Host name other instances reach this one's console "
            + "by; with the console's port it becomes Kafka Streams' application.server. Empty: the bind address, "
            + "or this machine's host name when binding to every interface.";
    public static final String CONSOLE_PUBLIC_URL = "console.public.url";
    private static final String PUBLIC_URL_DOC = "The URL support agents open, as their browser sees it (behind a "
            + "proxy, the proxy's), e.g. https://casefile.example.com. It is the only Origin POST requests are taken "
            + "from and, with the advertised host, the Host requests must name. When it is https, session cookies are "
            + "Secure and __Host- prefixed. Empty: this instance's own http address.";
    public static final String CONSOLE_TOKEN = "console.token";
    private static final String TOKEN_DOC = "Shared bearer token for machines and the demo (Authorization: "
            + "Bearer <token>, or the session cookie the page's sign-in gives). At least 16 characters, no spaces; "
            + "the same on every instance, which use it to forward queries to each other. Required when the "
            + "console is enabled.";
    public static final String CONSOLE_SESSION_TTL_MS = "console.session.ttl.ms";
    private static final String SESSION_TTL_MS_DOC = "How long a console sign-in (its session cookie) stays "
            + "valid, counted from sign-in; signing out ends it earlier on every instance.";
    public static final String CONSOLE_SIGNIN_MAX_FAILURES = "console.signin.max.failures";
    private static final String SIGNIN_MAX_FAILURES_DOC = "Failed sign-ins a client address may make before it "
            + "must wait: 1 s after the next failure, doubling with each further one up to 15 minutes (HTTP 429).";
    public static final String CONSOLE_TLS_KEYSTORE_PATH = "console.tls.keystore.path";
    private static final String TLS_KEYSTORE_PATH_DOC = "Keystore (PKCS12 or JKS) holding the console's TLS key and "
            + "certificate. Set: the console speaks HTTPS only, and instances call each other over HTTPS, trusting "
            + "this keystore's certificates. Empty: plain HTTP (put a TLS proxy in front).";
    public static final String CONSOLE_TLS_KEYSTORE_PASSWORD = "console.tls.keystore.password";
    private static final String TLS_KEYSTORE_PASSWORD_DOC = "Password of console.tls.keystore.path and its key.";
    public static final String CONSOLE_TLS_KEYSTORE_TYPE = "console.tls.keystore.type";
    private static final String TLS_KEYSTORE_TYPE_DOC = "PKCS12 or JKS.";
    public static final String CONSOLE_TRUSTED_PROXIES = "console.trusted.proxies";
    private static final String TRUSTED_PROXIES_DOC = "Addresses (CIDR blocks such as 10.0.0.0/8 or ::1/128) of "
            + "proxies allowed to name the agent in console.identity.header, and whose X-Forwarded-For is believed "
            + "for sign-in limits. Empty: no proxy is trusted.";
    public static final String CONSOLE_IDENTITY_HEADER = "console.identity.header";
    private static final String IDENTITY_HEADER_DOC = "Header a trusted proxy (console.trusted.proxies) sets to the "
            + "signed-in agent's name, e.g. X-Forwarded-Email. Ignored from any other address.";
    public static final String CONSOLE_OIDC_ISSUER = "console.oidc.issuer";
    private static final String OIDC_ISSUER_DOC = "Issuer (iss) of the OIDC ID tokens or JWTs agents sign in with, "
            + "e.g. https://login.example.com/. Empty: no OIDC sign-in.";
    public static final String CONSOLE_OIDC_JWKS_URL = "console.oidc.jwks.url";
    private static final String OIDC_JWKS_URL_DOC = "Where the issuer publishes its signing keys (JWKS). Required "
            + "with console.oidc.issuer.";
    public static final String CONSOLE_OIDC_AUDIENCE = "console.oidc.audience";
    private static final String OIDC_AUDIENCE_DOC = "Audience (aud) a token must be for: the console's client id at "
            + "the issuer. Required with console.oidc.issuer.";
    public static final String CONSOLE_OIDC_AGENT_CLAIM = "console.oidc.agent.claim";
    private static final String OIDC_AGENT_CLAIM_DOC = "Claim naming the agent in the audit log.";
    public static final String CONSOLE_OIDC_WORKSPACES_CLAIM = "console.oidc.workspaces.claim";
    private static final String OIDC_WORKSPACES_CLAIM_DOC = "Claim listing the workspaces an agent may see; an agent "
            + "whose token lacks it sees none. Empty: every agent sees every workspace.";
    static final int CONSOLE_TOKEN_MIN_LENGTH = 16;
    private static final long DAY_MS = 24L * 3600 * 1000;

    private ConsoleConfig() {
    }

    /** Adds the console's settings to {@code definition}. */
    static ConfigDef define(ConfigDef definition) {
        return definition
                .define(CONSOLE_ENABLED, Type.BOOLEAN, false, HIGH, ENABLED_DOC)
                .define(CONSOLE_BIND_ADDRESS, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), HIGH,
                        BIND_ADDRESS_DOC)
                .define(CONSOLE_PORT, Type.INT, 8470, between(0, 65_535), MEDIUM, PORT_DOC)
                .define(CONSOLE_ADVERTISED_HOST, Type.STRING, "", MEDIUM, ADVERTISED_HOST_DOC)
                .define(CONSOLE_PUBLIC_URL, Type.STRING, "", MEDIUM, PUBLIC_URL_DOC)
                .define(CONSOLE_TOKEN, Type.PASSWORD, "", HIGH, TOKEN_DOC)
                .define(CONSOLE_SESSION_TTL_MS, Type.LONG, 8L * 3600 * 1000, between(60_000, 7 * DAY_MS), LOW,
                        SESSION_TTL_MS_DOC)
                .define(CONSOLE_SIGNIN_MAX_FAILURES, Type.INT, 5, between(1, 1000), LOW, SIGNIN_MAX_FAILURES_DOC)
                .define(CONSOLE_TLS_KEYSTORE_PATH, Type.STRING, "", MEDIUM, TLS_KEYSTORE_PATH_DOC)
                .define(CONSOLE_TLS_KEYSTORE_PASSWORD, Type.PASSWORD, "", MEDIUM, TLS_KEYSTORE_PASSWORD_DOC)
                .define(CONSOLE_TLS_KEYSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.ValidString.in("PKCS12", "JKS"), LOW,
                        TLS_KEYSTORE_TYPE_DOC)
                .define(CONSOLE_TRUSTED_PROXIES, Type.LIST, List.of(), MEDIUM, TRUSTED_PROXIES_DOC)
                .define(CONSOLE_IDENTITY_HEADER, Type.STRING, "", MEDIUM, IDENTITY_HEADER_DOC)
                .define(CONSOLE_OIDC_ISSUER, Type.STRING, "", MEDIUM, OIDC_ISSUER_DOC)
                .define(CONSOLE_OIDC_JWKS_URL, Type.STRING, "", MEDIUM, OIDC_JWKS_URL_DOC)
                .define(CONSOLE_OIDC_AUDIENCE, Type.STRING, "", MEDIUM, OIDC_AUDIENCE_DOC)
                .define(CONSOLE_OIDC_AGENT_CLAIM, Type.STRING, "email", new ConfigDef.NonEmptyString(), LOW,
                        OIDC_AGENT_CLAIM_DOC)
                .define(CONSOLE_OIDC_WORKSPACES_CLAIM, Type.STRING, "", LOW, OIDC_WORKSPACES_CLAIM_DOC);
    }

    /** The console's settings of {@code config}; a value breaking a rule is a {@link ConfigException} naming the key. */
    static ConsoleSettings parse(AbstractConfig config) {
        String token = config.getPassword(CONSOLE_TOKEN).value();
        if (!token.isEmpty() && (token.length() < CONSOLE_TOKEN_MIN_LENGTH
                || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            // The value is a secret: the message names the rule, never the value.
            throw new ConfigException(CONSOLE_TOKEN + " must be at least " + CONSOLE_TOKEN_MIN_LENGTH
                    + " printable ASCII characters without spaces");
        }
        String advertised = config.getString(CONSOLE_ADVERTISED_HOST).trim();
        if (!advertised.isEmpty() && !advertised.matches("[A-Za-z0-9.\\-\\[\\]:_$()]+")) {
            throw new ConfigException(CONSOLE_ADVERTISED_HOST, advertised, "not a host name");
        }
        String header = config.getString(CONSOLE_IDENTITY_HEADER).trim();
        if (!header.isEmpty() && !header.matches("[A-Za-z0-9-]{1,64}")) {
            throw new ConfigException(CONSOLE_IDENTITY_HEADER, header, "not an HTTP header name");
        }
        List<String> proxies = config.getList(CONSOLE_TRUSTED_PROXIES);
        if (!header.isEmpty() && proxies.isEmpty()) {
            throw new ConfigException(CONSOLE_IDENTITY_HEADER + " needs " + CONSOLE_TRUSTED_PROXIES
                    + ": the addresses of the proxies allowed to set it");
        }
        return new ConsoleSettings(config.getBoolean(CONSOLE_ENABLED), config.getString(CONSOLE_BIND_ADDRESS).trim(),
                config.getInt(CONSOLE_PORT), advertised.isEmpty() ? Optional.empty() : Optional.of(advertised),
                publicUrl(config.getString(CONSOLE_PUBLIC_URL).trim()), token, config.getLong(CONSOLE_SESSION_TTL_MS),
                config.getInt(CONSOLE_SIGNIN_MAX_FAILURES), tls(config), proxies, header, oidc(config));
    }

    private static Optional<URI> publicUrl(String value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null
                    || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                    || uri.getQuery() != null || uri.getUserInfo() != null) {
                throw new ConfigException(CONSOLE_PUBLIC_URL, value, "must be http(s)://host[:port] with no path");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new ConfigException(CONSOLE_PUBLIC_URL, value, "not a URL");
        }
    }

    private static Optional<ConsoleSettings.Tls> tls(AbstractConfig config) {
        String path = config.getString(CONSOLE_TLS_KEYSTORE_PATH).trim();
        if (path.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ConsoleSettings.Tls(Path.of(path), config.getPassword(CONSOLE_TLS_KEYSTORE_PASSWORD).value(),
                config.getString(CONSOLE_TLS_KEYSTORE_TYPE)));
    }

    private static Optional<ConsoleSettings.Oidc> oidc(AbstractConfig config) {
        String issuer = config.getString(CONSOLE_OIDC_ISSUER).trim();
        if (issuer.isEmpty()) {
            return Optional.empty();
        }
        String jwks = config.getString(CONSOLE_OIDC_JWKS_URL).trim();
        String audience = config.getString(CONSOLE_OIDC_AUDIENCE).trim();
        if (jwks.isEmpty() || audience.isEmpty()) {
            throw new ConfigException(CONSOLE_OIDC_ISSUER + " needs " + CONSOLE_OIDC_JWKS_URL + " and "
                    + CONSOLE_OIDC_AUDIENCE);
        }
        URL jwksUrl;
        try {
            jwksUrl = new URI(jwks).toURL();
        } catch (URISyntaxException | java.net.MalformedURLException | IllegalArgumentException e) {
            throw new ConfigException(CONSOLE_OIDC_JWKS_URL, jwks, "not a URL");
        }
        return Optional.of(new ConsoleSettings.Oidc(issuer, jwksUrl, audience,
                config.getString(CONSOLE_OIDC_AGENT_CLAIM).trim(), config.getString(CONSOLE_OIDC_WORKSPACES_CLAIM).trim()));
    }
}
