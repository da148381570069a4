package dev.casefile.console;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.casefile.config.CasefileConfig;
import dev.casefile.config.ConsoleConfig;
import dev.casefile.config.ConsoleSettings;
import dev.casefile.contract.KeyedHash;
import dev.casefile.topics.CasefileTopics;
import dev.casefile.topology.query.SpanSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The support console's HTTP server, inside the Streams application: Jetty, with read and idle
 * timeouts, bounded headers and a bounded number of connections. Jetty reads headers without
 * holding a worker thread, and the sign-in form is read the same way, with a deadline ({@link FormBody}),
 * so clients that send slowly, or not at all, cost a connection each and never a thread. Optionally
 * HTTPS, from a keystore. {@link ConsoleHandler} answers the requests.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final int MAX_THREADS = 64;
    private static final long IDLE_TIMEOUT_MS = 30_000;
    private static final int MAX_HEADER_BYTES = 8 * 1024;
    private static final int MAX_CONNECTIONS = 1024;

    private final Server server;
    private final ServerConnector connector;
    private final HostInfo advertised;
    private final ConsoleSettings settings;
    private final Agents agents;
    private AuditLog audit;
    private EndedSessions ended;

    private ConsoleServer(ConsoleSettings settings) {
        this.settings = settings;
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4, 60_000);
        threads.setName("casefile-console");
        threads.setDaemon(true);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setResponseHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        http.setIdleTimeout(IDLE_TIMEOUT_MS);
        HttpConnectionFactory plain = new HttpConnectionFactory(http);
        if (settings.tls().isPresent()) {
            ConsoleSettings.Tls tls = settings.tls().get();
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(tls.keystore().toString());
            ssl.setKeyStorePassword(tls.password());
            ssl.setKeyStoreType(tls.type());
            SecureRequestCustomizer customizer = new SecureRequestCustomizer();
            // Instances reach each other by their advertised names; the certificate, not SNI, proves them.
            customizer.setSniHostCheck(false);
            http.addCustomizer(customizer);
            this.connector = new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                    plain);
        } else {
            this.connector = new ServerConnector(server, plain);
        }
        connector.setHost(settings.bindAddress());
        connector.setPort(settings.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        connector.setAcceptQueueSize(128);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        server.setErrorHandler(new ConsoleErrors());
        server.setStopTimeout(2_000);
        this.agents = agents(settings);
        try {
            connector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the console to " + settings.bindAddress() + ":" + settings.port()
                    + "; set console.port to a free port", e);
        }
        this.advertised = new HostInfo(advertisedHost(settings), connector.getLocalPort());
    }

    /** How agents are identified; a trusted proxy that is not an address or CIDR block stops the start here. */
    private static Agents agents(ConsoleSettings settings) {
        // ConsoleConfig refuses an identity header without trusted proxies.
        Optional<Agents.Proxy> proxy = settings.trustedProxies().isEmpty()
                ? Optional.empty() : Optional.of(new Agents.Proxy(settings.trustedProxies(), settings.identityHeader()));
        try {
            return Agents.of(settings.oidc(), proxy);
        } catch (IllegalArgumentException e) {
            throw new org.apache.kafka.common.config.ConfigException(ConsoleConfig.CONSOLE_TRUSTED_PROXIES + ": "
                    + e.getMessage());
        }
    }

    /**
     * Binds the console's port (so a port of 0 is resolved before Kafka Streams is told its
     * {@code application.server}); it serves once {@link #start} is called.
     */
    public static ConsoleServer bind(ConsoleSettings settings) {
        settings.requiredToken();
        return new ConsoleServer(settings);
    }

    /** The host and port other instances reach this console by: Kafka Streams' {@code application.server}. */
    public HostInfo advertised() {
        return advertised;
    }

    /** The address to open in a browser. */
    public String url() {
        return scheme() + "://" + advertised.host() + ":" + advertised.port() + "/";
    }

    /**
     * Starts answering from {@code streams}' state, reading traces' spans back through {@code spans}; {@code clients}
     * are the settings of the Kafka clients writing the audit log ({@code topics}' console audit topic) and reading
     * ended sessions.
     */
    public void start(KafkaStreams streams, CasefileConfig config, CasefileTopics topics, SpanSource spans,
                      Map<String, Object> clients) {
        String instance = advertised.host() + ":" + advertised.port();
        Remote remote = new Remote(settings.requiredToken(), scheme(), settings.tls());
        Cluster cluster = new Cluster(streams, advertised, remote);
        LocalQueries local = new LocalQueries(streams, config.topicNames().linkedComplaints(), config.traceLink(), spans);
        ConsoleApi api = new ConsoleApi(cluster, local, new KeyedHash(config.businessKeyHashSecret()),
                config.rateSettings().windowSizeMs(), config.traceLink());
        this.ended = EndedSessions.start(clients, topics.consoleSessions(), instance);
        this.audit = new AuditLog(clients, topics.consoleAudit(), instance);
        Sessions sessions = new Sessions(settings.requiredToken(), config.applicationId(), settings.sessionTtlMs(),
                settings.secure(), Clock.systemUTC(), ended);
        Origins origins = new Origins(scheme(), advertised.host(), settings.bindAddress(), advertised.port(),
                settings.publicUrl());
        server.setHandler(new ConsoleHandler(api, settings.requiredToken(), sessions,
                new SignInLimiter(settings.signInMaxFailures(), Ticker.systemTicker()),
                agents, origins, audit));
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Cannot start the console on " + settings.bindAddress() + ":" + advertised.port(), e);
        }
        LOG.info("Console listening on {}:{} ({}), advertised as {}", settings.bindAddress(), advertised.port(), scheme(),
                advertised);
    }

    /**
     * Counts the audit log's records on {@code registry}: {@code casefile_console_audit_records_total}, by
     * {@code outcome} ({@code written}, or {@code lost}: not queued, sent or acknowledged). Call after {@link #start}.
     */
    public void bindMetrics(MeterRegistry registry) {
        AuditLog log = audit;
        FunctionCounter.builder("casefile.console.audit.records", log, AuditLog::written).tag("outcome", "written")
                .description("Console audit records written, or lost").register(registry);
        FunctionCounter.builder("casefile.console.audit.records", log, AuditLog::failures).tag("outcome", "lost")
                .description("Console audit records written, or lost").register(registry);
    }

    private String scheme() {
        return settings.tls().isPresent() ? "https" : "http";
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Console did not stop cleanly: {}", e.toString());
        }
        if (audit != null) {
            audit.close();
        }
        if (ended != null) {
            ended.close();
        }
    }

    private static String advertisedHost(ConsoleSettings settings) {
        if (settings.advertisedHost().isPresent()) {
            return settings.advertisedHost().get();
        }
        try {
            InetAddress bind = InetAddress.getByName(settings.bindAddress());
            return bind.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostName() : settings.bindAddress();
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("Cannot tell this machine's host name; set console.advertised.host", e);
        }
    }
}
