package dev.casefile.connect.zendesk;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few Zendesk Support API calls the connectors make, with API-token authentication
 * ({@code {email}/token:{api_token}}). Within its retry budget a call waits out a 429 for its
 * {@code Retry-After}, and a 5xx or network failure for an exponential back-off, then tries again;
 * past the budget it fails with a retriable {@link ZendeskException} that says how long to wait. An
 * update is retried only after a 429, which Zendesk answers before applying anything: after a
 * timeout or a 5xx it may have been applied, so the caller reads the ticket again instead. A
 * request in flight ends when the task stops. The token is never logged.
 */
final class ZendeskApi {

    private static final Logger LOG = LoggerFactory.getLogger(ZendeskApi.class);
    private static final long FIRST_BACKOFF_MS = 1_000;
    private static final long MAX_BACKOFF_MS = 60_000;
    /** Zendesk's documented default when a 429 carries no Retry-After. */
    private static final long DEFAULT_RETRY_AFTER_MS = 60_000;
    private static final long MAX_RETRY_AFTER_MS = 3_600_000;

    private final String baseUrl;
    private final String authorization;
    private final Duration requestTimeout;
    private final long retryBudgetMs;
    private final Pause pause;
    private final HttpClient http;

    /** {@code retryBudgetMs}: how long one call may keep retrying; 0 hands every failure to the caller at once. */
    ZendeskApi(ZendeskConnection connection, long retryBudgetMs, Pause pause) {
        this.baseUrl = connection.baseUrl();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (connection.email() + "/token:" + connection.apiToken().value()).getBytes(StandardCharsets.UTF_8));
        this.requestTimeout = connection.requestTimeout();
        this.retryBudgetMs = retryBudgetMs;
        this.pause = pause;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    /** The first page of the export, for tickets updated at or after {@code startTimeSeconds}. */
    ExportPage exportFrom(long startTimeSeconds, int perPage) {
        return export("start_time=" + startTimeSeconds, perPage);
    }

    /** The page after {@code cursor}. */
    ExportPage exportAfter(String cursor, int perPage) {
        return export("cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8), perPage);
    }

    private ExportPage export(String position, int perPage) {
        String path = "/api/v2/incremental/tickets/cursor.json?" + position + "&per_page=" + perPage + "&include=users";
        JsonObject body = json(send("GET", path, null), path);
        List<JsonObject> tickets = new ArrayList<>();
        for (JsonElement ticket : array(body, "tickets", path)) {
            if (!ticket.isJsonObject()) {
                throw malformed(path, "an element of \"tickets\" is not an object");
            }
            tickets.add(ticket.getAsJsonObject());
        }
        Map<Long, String> emails = new HashMap<>();
        if (body.has("users") && body.get("users").isJsonArray()) {
            for (JsonElement user : body.getAsJsonArray("users")) {
                JsonObject u = user.isJsonObject() ? user.getAsJsonObject() : null;
                if (u != null && Json.isNumber(u, "id") && Json.isString(u, "email")) {
                    emails.put(u.get("id").getAsLong(), u.get("email").getAsString());
                }
            }
        }
        String after = Json.isString(body, "after_cursor") ? body.get("after_cursor").getAsString() : null;
        if (after == null && !tickets.isEmpty()) {
            // Without it the next request could only start over, which would export everything again.
            throw malformed(path, "a page of tickets has no after_cursor");
        }
        boolean end = body.has("end_of_stream") && body.get("end_of_stream").isJsonPrimitive()
                && body.get("end_of_stream").getAsBoolean();
        return new ExportPage(tickets, emails, after, end);
    }

    /** The ticket, or empty if Zendesk has no ticket with that id. */
    Optional<JsonObject> ticket(long id) {
        String path = "/api/v2/tickets/" + id + ".json";
        try {
            return Optional.of(ticketOf(json(send("GET", path, null), path), path));
        } catch (ZendeskException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Updates the ticket with {@code {"ticket": ticket}} and returns the ticket as Zendesk now has it.
     * A 409 (the ticket changed since {@code ticket}'s {@code updated_stamp}) is retriable.
     */
    JsonObject update(long id, JsonObject ticket) {
        String path = "/api/v2/tickets/" + id + ".json";
        JsonObject request = new JsonObject();
        request.add("ticket", ticket);
        return ticketOf(json(send("PUT", path, request.toString()), path), path);
    }

    private HttpResponse<String> send(String method, String path, String body) {
        long deadline = System.currentTimeMillis() + retryBudgetMs;
        long backoff = FIRST_BACKOFF_MS;
        boolean idempotent = body == null;
        while (true) {
            long waitMs;
            String why;
            int status = 0;
            try {
                HttpResponse<String> response = exchange(method, path, body);
                status = response.statusCode();
                if (status < 300) {
                    return response;
                }
                if (status == 429) {
                    waitMs = retryAfterMs(response);
                    why = "429 Too Many Requests, Retry-After " + waitMs / 1000 + " s";
                } else if (status == 409 || status >= 500) {
                    waitMs = backoff;
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                    why = "HTTP " + status + errorName(response);
                    if (!idempotent || status == 409) {
                        throw new ZendeskException(method + " " + pathOnly(path) + " failed with " + why, status, true, waitMs, null);
                    }
                } else {
                    throw new ZendeskException(method + " " + pathOnly(path) + " failed with HTTP " + status
                            + errorName(response), status, false, 0, null);
                }
            } catch (TimeoutException | ExecutionException e) {
                waitMs = backoff;
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                why = e instanceof TimeoutException ? "no answer within " + requestTimeout.toMillis() + " ms"
                        : e.getCause() == null ? "ExecutionException" : e.getCause().getClass().getSimpleName();
                if (!idempotent) {
                    throw new ZendeskException(method + " " + pathOnly(path) + " failed (" + why + "); it may have been"
                            + " applied", 0, true, waitMs, e);
                }
            }
            if (System.currentTimeMillis() + waitMs > deadline) {
                throw new ZendeskException(method + " " + pathOnly(path) + " failed (" + why + ")", status, true, waitMs, null);
            }
            LOG.info("Zendesk {} {}: {}; retrying in {} ms", method, pathOnly(path), why, waitMs);
            if (!pause.sleep(waitMs)) {
                throw stopped(method, path);
            }
        }
    }

    /** One request; it waits at most the request timeout, and ends early when the task stops. */
    private HttpResponse<String> exchange(String method, String path, String body) throws TimeoutException, ExecutionException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout)
                .header("Authorization", authorization).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        long deadline = System.currentTimeMillis() + requestTimeout.toMillis();
        while (true) {
            try {
                return response.get(Math.min(200, Math.max(1, deadline - System.currentTimeMillis())), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (pause.isStopped()) {
                    response.cancel(true);
                    throw stopped(method, path);
                }
                if (System.currentTimeMillis() >= deadline) {
                    response.cancel(true);
                    throw e;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response.cancel(true);
                throw stopped(method, path);
            }
        }
    }

    private static ZendeskException stopped(String method, String path) {
        return new ZendeskException(method + " " + pathOnly(path) + " ended: the task is stopping", 0, true, 0, null);
    }

    private static long retryAfterMs(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").map(String::trim).map(v -> {
            try {
                long seconds = Long.parseLong(v);
                return Math.max(1_000, Math.min(MAX_RETRY_AFTER_MS, seconds * 1000));
            } catch (NumberFormatException e) {
                return DEFAULT_RETRY_AFTER_MS;
            }
        }).orElse(DEFAULT_RETRY_AFTER_MS);
    }

    /** Zendesk's error name ({@code RecordNotFound}, {@code RecordInvalid}, ...), which holds no ticket content. */
    private static String errorName(HttpResponse<String> response) {
        try {
            JsonElement body = JsonParser.parseString(response.body());
            if (body.isJsonObject() && Json.isString(body.getAsJsonObject(), "error")) {
                String name = body.getAsJsonObject().get("error").getAsString();
                return name.matches("[A-Za-z]{1,40}") ? " (" + name + ")" : "";
            }
        } catch (JsonParseException e) {
            // no error name to add
        }
        return "";
    }

    /** The route, for logs and messages: no query, and no ticket id ({@code /api/v2/tickets/{id}.json}). */
    private static String pathOnly(String path) {
        int query = path.indexOf('?');
        return (query < 0 ? path : path.substring(0, query)).replaceAll("/tickets/[0-9]+", "/tickets/{id}");
    }

    private static JsonObject json(HttpResponse<String> response, String path) {
        try {
            JsonElement body = JsonParser.parseString(response.body());
            if (!body.isJsonObject()) {
                throw malformed(path, "the body is not a JSON object");
            }
            return body.getAsJsonObject();
        } catch (JsonParseException e) {
            throw malformed(path, "the body is not JSON");
        }
    }

    private static JsonArray array(JsonObject body, String field, String path) {
        if (!body.has(field) || !body.get(field).isJsonArray()) {
            throw malformed(path, "\"" + field + "\" is missing or not an array");
        }
        return body.getAsJsonArray(field);
    }

    private static JsonObject ticketOf(JsonObject body, String path) {
        if (!body.has("ticket") || !body.get("ticket").isJsonObject()) {
            throw malformed(path, "\"ticket\" is missing or not an object");
        }
        return body.getAsJsonObject("ticket");
    }

    /** An answer not as Zendesk documents it: asking again would get the same, so it is not retriable. */
    private static ZendeskException malformed(String path, String what) {
        return new ZendeskException("Zendesk's answer to " + pathOnly(path) + " is not as documented: " + what, 200, false, 0, null);
    }
}
