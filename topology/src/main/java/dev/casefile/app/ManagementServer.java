package dev.casefile.app;

import dev.casefile.config.ManagementSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management endpoints, on a port of their own and without a token: {@code /metrics} for
 * Prometheus, {@code /health/live} and {@code /health/ready} for Kubernetes' probes. A Jetty server
 * with read and idle timeouts and a bounded header size, so a slow client cannot hold its threads.
 */
public final class ManagementServer implements AutoCloseable {

    /** Prometheus' text exposition format. */
    public static final String METRICS = "/metrics";
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";

    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final long IDLE_TIMEOUT_MS = 30_000;

    private final Server server;
    private final ServerConnector connector;
    private final ManagementSettings settings;

    private ManagementServer(ManagementSettings settings, PrometheusMeterRegistry metrics, Health health) {
        this.settings = settings;
        QueuedThreadPool threads = new QueuedThreadPool(8, 2, 60_000);
        threads.setName("casefile-management");
        threads.setDaemon(true);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(8 * 1024);
        http.setSendServerVersion(false);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.bindAddress());
        connector.setPort(settings.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        server.setHandler(new Routes(metrics, health));
        server.setStopTimeout(2_000);
    }

    /**
     * Starts serving; a port of 0 is resolved to a free one. If the server cannot start (the port is taken, say),
     * what it had started (its threads) is stopped before this throws.
     */
    public static ManagementServer start(ManagementSettings settings, PrometheusMeterRegistry metrics, Health health) {
        ManagementServer management = new ManagementServer(settings, metrics, health);
        try {
            management.server.start();
        } catch (Exception e) {
            try {
                management.server.stop();
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw new IllegalStateException("Cannot serve the management endpoints on " + settings.bindAddress() + ":"
                    + settings.port() + " (" + e.getMessage() + "); set management.port (CASEFILE_MANAGEMENT_PORT) to a"
                    + " free port, or management.enabled=false", e);
        }
        LOG.info("Management endpoints (metrics, health) listening on {}", management.url());
        return management;
    }

    /** The address of {@code /metrics}' server, {@code http://host:port}. */
    public String url() {
        return "http://" + settings.bindAddress() + ":" + connector.getLocalPort();
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Management endpoints did not stop cleanly: {}", e.toString());
        }
    }

    /** The three routes; anything else is a 404, anything but GET or HEAD a 405. */
    private static final class Routes extends Handler.Abstract {
        private final PrometheusMeterRegistry metrics;
        private final Health health;

        Routes(PrometheusMeterRegistry metrics, Health health) {
            this.metrics = metrics;
            this.health = health;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                return send(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "application/json", "{\"error\":\"GET only\"}");
            }
            return switch (path) {
                case METRICS -> send(response, callback, 200, PROMETHEUS_TEXT, metrics.scrape());
                case LIVE -> probe(response, callback, health.alive());
                case READY -> probe(response, callback, health.ready());
                default -> send(response, callback, 404, "application/json", "{\"error\":\"no such route\"}");
            };
        }

        private boolean probe(Response response, Callback callback, boolean up) {
            String body = "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"state\":\""
                    + health.state().name().toLowerCase(Locale.ROOT) + "\",\"restoring\":" + health.restoring() + "}";
            return send(response, callback, up ? 200 : 503, "application/json", body);
        }

        private static boolean send(Response response, Callback callback, int status, String type, String body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }
}
