package dev.casefile.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.casefile.config.CasefileConfig;
import dev.casefile.config.ConsoleSettings;
import dev.casefile.contract.KeyedHash;
import dev.casefile.topology.query.SpanSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The support console's HTTP server, inside the Streams application: the JSON API, the routes
 * instances ask each other, and the page with its assets (from the jar). Every request needs the
 * bearer token or the page's session cookie. Logs name the route and status, never the values asked.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    /** The JDK HTTP server's switch for TCP_NODELAY on its connections. */
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";
    private static final int MAX_QUERY_CHARS = 4096;
    private static final int MAX_FORM_BYTES = 4096;
    private static final String JSON = "application/json; charset=utf-8";
    private static final String NDJSON = "application/x-ndjson; charset=utf-8";
    /** The labeling export, JSON Lines rather than one JSON body. */
    static final String EXPORT = "/api/export";
    private static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    private static final String LOGIN_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
            + "form-action 'self'; base-uri 'none'";
    /** The API described as an OpenAPI 3.1 document, served like the API. */
    static final String OPENAPI = "/api/openapi.json";
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html",
            "/assets/app.js", "app.js",
            "/assets/app.css", "app.css");

    private final HttpServer server;
    private final ExecutorService executor;
    private final HostInfo advertised;
    private final Auth auth;
    private final ConsoleSettings settings;
    private volatile ConsoleApi api;

    private ConsoleServer(HttpServer server, ExecutorService executor, HostInfo advertised, ConsoleSettings settings) {
        this.server = server;
        this.executor = executor;
        this.advertised = advertised;
        this.settings = settings;
        this.auth = new Auth(settings.token(), settings.sessionTtlMs(), Clock.systemUTC());
    }

    /**
     * Binds the console's port (so a port of 0 is resolved before Kafka Streams is told its
     * {@code application.server}); it serves once {@link #start} is called.
     */
    public static ConsoleServer bind(ConsoleSettings settings) {
        settings.requiredToken();
        // The JDK server writes a response's headers and body apart; with Nagle's algorithm on, the body then waits
        // for the client's delayed ACK (about 40 ms on Linux). The property is read once, when the server first loads.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()),
                    settings.port()), 64);
            AtomicInteger threads = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "casefile-console-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            int port = server.getAddress().getPort();
            return new ConsoleServer(server, executor, new HostInfo(advertisedHost(settings), port), settings);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the console to " + settings.bindAddress() + ":" + settings.port(), e);
        }
    }

    /** The host and port other instances reach this console by: Kafka Streams' {@code application.server}. */
    public HostInfo advertised() {
        return advertised;
    }

    /** The address to open in a browser. */
    public String url() {
        return "http://" + advertised.host() + ":" + advertised.port() + "/";
    }

    /** Starts answering from {@code streams}' state, reading traces' spans back through {@code spans}. */
    public void start(KafkaStreams streams, CasefileConfig config, SpanSource spans) {
        Cluster cluster = new Cluster(streams, advertised, new Remote(settings.requiredToken()));
        LocalQueries local = new LocalQueries(streams, config.topicNames().linkedComplaints(), config.traceLink(), spans);
        this.api = new ConsoleApi(cluster, local,
                new KeyedHash(config.businessKeyHashSecret()), config.rateSettings().windowSizeMs(), config.traceLink());
        server.createContext("/", this::handle);
        server.start();
        LOG.info("Console listening on {}:{}, advertised as {}", settings.bindAddress(), advertised.port(), advertised);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        String route = "unknown";
        int status;
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            route = routeOf(path);
            status = respond(exchange, path);
        } catch (IOException | RuntimeException e) {
            // Nothing of the request is logged: its values may be personal data.
            LOG.warn("Console route {} failed: {}", route, e.getClass().getName());
            status = 500;
        }
        LOG.debug("Console {} -> {} in {} ms", route, status, (System.nanoTime() - started) / 1_000_000);
    }

    private int respond(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        if (path.equals("/session") || path.equals("/logout")) {
            if (!method.equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                return json(exchange, new ApiException(405, "use POST"));
            }
            return path.equals("/session") ? signIn(exchange) : signOut(exchange);
        }
        boolean page = ASSETS.containsKey(path);
        if (!method.equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            return json(exchange, new ApiException(405, "use GET"));
        }
        if (!auth.allows(exchange.getRequestHeaders().getFirst("Authorization"),
                String.join(";", exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"casefile\"");
            return page ? loginPage(exchange, 401, "") : json(exchange, new ApiException(401, "a valid bearer token is required"));
        }
        if (page) {
            return asset(exchange, ASSETS.get(path));
        }
        if (path.equals(OPENAPI)) {
            return send(exchange, 200, JSON, resource("openapi.json"));
        }
        try {
            if (path.equals(EXPORT)) {
                return export(exchange, api.export(query(exchange.getRequestURI().getRawQuery())));
            }
            ConsoleApi.Answer answer = answer(path, query(exchange.getRequestURI().getRawQuery()));
            if (answer.servedBy() != null) {
                exchange.getResponseHeaders().set("X-Casefile-Served-By", answer.servedBy());
            }
            return send(exchange, 200, JSON, Json.GSON.toJson(answer.body()).getBytes(StandardCharsets.UTF_8));
        } catch (ApiException e) {
            return json(exchange, e);
        } catch (InvalidStateStoreException e) {
            return json(exchange, ApiException.unavailable("state is moving between instances (rebalancing); retry"));
        }
    }

    private ConsoleApi.Answer answer(String path, Map<String, String> query) {
        ConsoleApi api = this.api;
        return switch (path) {
            case "/api/complaints" -> api.complaints(query);
            case "/api/search" -> api.search(query.get("q"));
            case "/api/similar" -> api.similar(query);
            case "/api/rates" -> api.rates(query);
            case "/api/alerts" -> api.alerts();
            case "/internal/complaint" -> api.internalComplaint(query.get("id"));
            case "/internal/page" -> api.internalPage(query);
            case "/internal/count" -> api.internalCount(query);
            case "/internal/trace" -> api.internalTrace(query.get("id"));
            case "/internal/rates" -> api.internalRates(query);
            case "/internal/export" -> api.internalExport(query);
            case "/internal/alerts" -> api.internalAlerts();
            default -> {
                if (path.startsWith("/api/complaints/")) {
                    yield api.complaint(segment(path, "/api/complaints/"));
                }
                if (path.startsWith("/api/traces/")) {
                    yield api.caseFile(segment(path, "/api/traces/"));
                }
                throw ApiException.notFound("no such route");
            }
        };
    }

    /** A labeling export as a JSON Lines download; {@code X-Casefile-Export-Strata} says how many cases each stratum got. */
    private static int export(HttpExchange exchange, LabelExport.Result result) throws IOException {
        StringBuilder lines = new StringBuilder();
        result.cases().forEach(c -> lines.append(Json.GSON.toJson(c)).append('\n'));
        StringBuilder strata = new StringBuilder();
        result.strata().forEach((stratum, n) -> strata.append(strata.length() == 0 ? "" : ",")
                .append(URLEncoder.encode(stratum, StandardCharsets.UTF_8)).append('=').append(n));
        exchange.getResponseHeaders().set("X-Casefile-Export-Strata", strata.toString());
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"casefile-labels.jsonl\"");
        return send(exchange, 200, NDJSON, lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The route template of a path, for logs: never the ids in it. */
    private static String routeOf(String path) {
        if (path.startsWith("/api/complaints/")) {
            return "/api/complaints/{id}";
        }
        if (path.startsWith("/api/traces/")) {
            return "/api/traces/{id}";
        }
        return path.length() > 40 ? path.substring(0, 40) + "..." : path;
    }

    private int signIn(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_FORM_BYTES + 1);
        }
        if (body.length > MAX_FORM_BYTES) {
            return loginPage(exchange, 413, "That request is too large.");
        }
        Map<String, String> form;
        try {
            form = query(new String(body, StandardCharsets.UTF_8));
        } catch (ApiException e) {
            return loginPage(exchange, 400, "That form could not be read.");
        }
        if (!auth.isToken(form.get("token"))) {
            return loginPage(exchange, 401, "That token is not the console token.");
        }
        exchange.getResponseHeaders().add("Set-Cookie", Auth.COOKIE + "=" + auth.newSession()
                + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + auth.sessionTtlSeconds());
        exchange.getResponseHeaders().set("Location", "/");
        return send(exchange, 303, null, new byte[0]);
    }

    private int signOut(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Set-Cookie", Auth.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        exchange.getResponseHeaders().set("Location", "/");
        return send(exchange, 303, null, new byte[0]);
    }

    private int loginPage(HttpExchange exchange, int status, String message) throws IOException {
        String html = new String(resource("login.html"), StandardCharsets.UTF_8).replace("{{message}}", message);
        exchange.getResponseHeaders().set("Content-Security-Policy", LOGIN_POLICY);
        return send(exchange, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private int asset(HttpExchange exchange, String name) throws IOException {
        String type = name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
        exchange.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
        return send(exchange, 200, type, resource(name));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ConsoleServer.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IOException("console asset missing from the jar: " + name);
            }
            return in.readAllBytes();
        }
    }

    private static int json(HttpExchange exchange, ApiException e) throws IOException {
        return send(exchange, e.status(), JSON, Json.GSON.toJson(new Views.Error(e.status(), e.getMessage()))
                .getBytes(StandardCharsets.UTF_8));
    }

    private static int send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        var headers = exchange.getResponseHeaders();
        if (type != null) {
            headers.set("Content-Type", type);
        }
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }

    /** The decoded path segment after {@code prefix}. */
    private static String segment(String rawPath, String prefix) {
        return decode(rawPath.substring(prefix.length()));
    }

    /** Query or form parameters; a name given twice, or a query too long, is a bad request. */
    static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        if (raw.length() > MAX_QUERY_CHARS) {
            throw ApiException.badRequest("the query is longer than " + MAX_QUERY_CHARS + " characters");
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.put(name, value) != null) {
                throw ApiException.badRequest("parameter " + (name.matches("[a-z_]{1,20}") ? name : "") + " given twice");
            }
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed percent-encoding");
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
