package dev.casefile.connect.zendesk;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the few Zendesk Support API endpoints the connectors use, built from Zendesk's
 * published API documentation (it is not Zendesk): the cursor-based incremental ticket export with
 * {@code after_cursor}/{@code end_of_stream} and side-loaded users, ticket show, and ticket update
 * with custom fields, a private comment and {@code safe_update} (409 when the ticket changed after
 * {@code updated_stamp}). It checks API-token authentication, can answer a 429
 * with {@code Retry-After}, and, like Zendesk, moves a ticket's {@code updated_at} when it is updated,
 * so the update shows in the export again.
 */
final class ZendeskStandIn implements AutoCloseable {

    static final String EMAIL = "casefile-bot@acme.example";
    static final String TOKEN = "stand-in-token-7f3a";
    private static final Pattern TICKET_PATH = Pattern.compile("/api/v2/tickets/(\\d+)\\.json");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<Long, JsonObject> tickets = new HashMap<>();
    private final Map<Long, String> users = new HashMap<>();
    private final Map<Long, List<JsonObject>> comments = new HashMap<>();
    private final List<Long> exportRequestTimes = new ArrayList<>();
    private final List<String> exportQueries = new ArrayList<>();
    private final List<Long> updates = new ArrayList<>();
    private int exportRequests;
    private int throttleRequest = -1;
    private int retryAfterSeconds;
    private long exportDelayMs;

    ZendeskStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized void addUser(long id, String email) {
        users.put(id, email);
    }

    /** Adds or replaces a ticket as Zendesk would return it. */
    synchronized void putTicket(JsonObject ticket) {
        tickets.put(ticket.get("id").getAsLong(), ticket.deepCopy());
    }

    /** The {@code n}-th export request (1-based) is answered 429 with {@code Retry-After: seconds}. */
    synchronized void throttle(int n, int seconds) {
        throttleRequest = n;
        retryAfterSeconds = seconds;
    }

    /** Each export response waits this long, so a test can kill the worker in the middle of the export. */
    synchronized void slowExport(long millis) {
        exportDelayMs = millis;
    }

    synchronized List<Long> exportRequestTimes() {
        return List.copyOf(exportRequestTimes);
    }

    /** The query string of every export request, in order. */
    synchronized List<String> exportQueries() {
        return List.copyOf(exportQueries);
    }

    /** Ids of updated tickets, one entry per update. */
    synchronized List<Long> updates() {
        return List.copyOf(updates);
    }

    synchronized List<JsonObject> comments(long ticketId) {
        return List.copyOf(comments.getOrDefault(ticketId, List.of()));
    }

    synchronized JsonObject ticket(long id) {
        return tickets.get(id).deepCopy();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((EMAIL + "/token:" + TOKEN).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, error("Couldn't authenticate you"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Matcher ticketPath = TICKET_PATH.matcher(path);
            if (path.equals("/api/v2/incremental/tickets/cursor.json") && exchange.getRequestMethod().equals("GET")) {
                export(exchange);
            } else if (ticketPath.matches() && exchange.getRequestMethod().equals("GET")) {
                show(exchange, Long.parseLong(ticketPath.group(1)));
            } else if (ticketPath.matches() && exchange.getRequestMethod().equals("PUT")) {
                update(exchange, Long.parseLong(ticketPath.group(1)));
            } else {
                respond(exchange, 404, error("InvalidEndpoint"));
            }
        }
    }

    private void export(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        long delay;
        synchronized (this) {
            exportRequests++;
            exportRequestTimes.add(System.currentTimeMillis());
            exportQueries.add(exchange.getRequestURI().getRawQuery());
            if (exportRequests == throttleRequest) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
                respond(exchange, 429, error("APIRateLimitExceeded"));
                return;
            }
            delay = exportDelayMs;
        }
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int perPage = Integer.parseInt(query.getOrDefault("per_page", "1000"));
        JsonObject body;
        synchronized (this) {
            List<JsonObject> ordered = new ArrayList<>(tickets.values());
            ordered.sort(Comparator.comparing((JsonObject t) -> Instant.parse(t.get("updated_at").getAsString()))
                    .thenComparingLong(t -> t.get("id").getAsLong()));
            int from;
            if (query.containsKey("cursor")) {
                from = afterPosition(ordered, query.get("cursor"));
            } else {
                long start = Long.parseLong(query.getOrDefault("start_time", "0"));
                from = 0;
                while (from < ordered.size() && Instant.parse(ordered.get(from).get("updated_at").getAsString())
                        .getEpochSecond() < start) {
                    from++;
                }
            }
            List<JsonObject> page = ordered.subList(from, Math.min(ordered.size(), from + perPage));
            String after = page.isEmpty() ? (query.containsKey("cursor") ? query.get("cursor") : cursorBefore(ordered, from))
                    : cursorOf(page.get(page.size() - 1));
            body = new JsonObject();
            JsonArray ticketArray = new JsonArray();
            JsonArray userArray = new JsonArray();
            Map<Long, JsonObject> sideLoaded = new LinkedHashMap<>();
            for (JsonObject t : page) {
                ticketArray.add(t.deepCopy());
                if (t.has("requester_id") && !t.get("requester_id").isJsonNull()) {
                    long requester = t.get("requester_id").getAsLong();
                    if (users.containsKey(requester)) {
                        JsonObject user = new JsonObject();
                        user.addProperty("id", requester);
                        user.addProperty("email", users.get(requester));
                        user.addProperty("role", "end-user");
                        sideLoaded.put(requester, user);
                    }
                }
            }
            sideLoaded.values().forEach(userArray::add);
            body.add("tickets", ticketArray);
            if ("users".equals(query.get("include"))) {
                body.add("users", userArray);
            }
            body.addProperty("after_cursor", after);
            body.addProperty("after_url", url() + "/api/v2/incremental/tickets/cursor.json?cursor=" + after);
            body.addProperty("before_cursor", page.isEmpty() ? null : cursorOf(page.get(0)));
            body.addProperty("before_url", page.isEmpty() ? null : url() + "/api/v2/incremental/tickets/cursor.json?cursor="
                    + cursorOf(page.get(0)));
            body.addProperty("end_of_stream", from + page.size() >= ordered.size());
        }
        respond(exchange, 200, body);
    }

    /** A cursor names the (updated_at, id) of the last ticket returned; the next page starts after it. */
    private static String cursorOf(JsonObject ticket) {
        String position = Instant.parse(ticket.get("updated_at").getAsString()).getEpochSecond() + ":" + ticket.get("id").getAsLong();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String cursorBefore(List<JsonObject> ordered, int from) {
        return from == 0 ? Base64.getUrlEncoder().withoutPadding().encodeToString("0:0".getBytes(StandardCharsets.UTF_8))
                : cursorOf(ordered.get(from - 1));
    }

    private static int afterPosition(List<JsonObject> ordered, String cursor) {
        String[] position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
        long seconds = Long.parseLong(position[0]);
        long id = Long.parseLong(position[1]);
        int i = 0;
        while (i < ordered.size()) {
            long s = Instant.parse(ordered.get(i).get("updated_at").getAsString()).getEpochSecond();
            long tid = ordered.get(i).get("id").getAsLong();
            if (s > seconds || (s == seconds && tid > id)) {
                break;
            }
            i++;
        }
        return i;
    }

    private synchronized void show(HttpExchange exchange, long id) throws IOException {
        JsonObject ticket = tickets.get(id);
        if (ticket == null) {
            respond(exchange, 404, error("RecordNotFound"));
            return;
        }
        JsonObject body = new JsonObject();
        body.add("ticket", ticket.deepCopy());
        respond(exchange, 200, body);
    }

    private synchronized void update(HttpExchange exchange, long id) throws IOException {
        JsonObject ticket = tickets.get(id);
        if (ticket == null) {
            respond(exchange, 404, error("RecordNotFound"));
            return;
        }
        JsonElement request = JsonParser.parseString(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        JsonObject changes = request.getAsJsonObject().getAsJsonObject("ticket");
        if (changes.has("safe_update") && changes.get("safe_update").getAsBoolean()
                && !ticket.get("updated_at").getAsString().equals(changes.has("updated_stamp")
                        ? changes.get("updated_stamp").getAsString() : null)) {
            respond(exchange, 409, error("UpdateConflict"));
            return;
        }
        if (changes.has("custom_fields")) {
            JsonArray fields = ticket.has("custom_fields") ? ticket.getAsJsonArray("custom_fields") : new JsonArray();
            for (JsonElement change : changes.getAsJsonArray("custom_fields")) {
                long fieldId = change.getAsJsonObject().get("id").getAsLong();
                JsonObject existing = null;
                for (JsonElement f : fields) {
                    if (f.getAsJsonObject().get("id").getAsLong() == fieldId) {
                        existing = f.getAsJsonObject();
                    }
                }
                if (existing == null) {
                    existing = new JsonObject();
                    existing.addProperty("id", fieldId);
                    fields.add(existing);
                }
                existing.add("value", change.getAsJsonObject().get("value"));
            }
            ticket.add("custom_fields", fields);
        }
        if (changes.has("comment")) {
            comments.computeIfAbsent(id, k -> new ArrayList<>()).add(changes.getAsJsonObject("comment").deepCopy());
        }
        ticket.addProperty("updated_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        updates.add(id);
        JsonObject body = new JsonObject();
        body.add("ticket", ticket.deepCopy());
        JsonObject audit = new JsonObject();
        audit.addProperty("ticket_id", id);
        audit.addProperty("created_at", ticket.get("updated_at").getAsString());
        body.add("audit", audit);
        respond(exchange, 200, body);
    }

    private static JsonObject error(String name) {
        JsonObject error = new JsonObject();
        error.addProperty("error", name);
        return error;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void respond(HttpExchange exchange, int status, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
