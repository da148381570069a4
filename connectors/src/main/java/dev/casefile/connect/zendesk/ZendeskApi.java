package dev.casefile.connect.zendesk;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few Zendesk Support API calls the connectors make, with API-token authentication
 * ({@code {email}/token:{api_token}}). A 429 is retried after its {@code Retry-After} seconds, and a
 * 5xx or a network failure after an exponential back-off, until the retry budget is spent; then the
 * call fails with a retriable {@link ZendeskException}. The token is never logged.
 */
final class ZendeskApi {

    private static final Logger LOG = LoggerFactory.getLogger(ZendeskApi.class);
    private static final long FIRST_BACKOFF_MS = 1_000;
    private static final long MAX_BACKOFF_MS = 60_000;
    /** Zendesk's documented default when a 429 carries no Retry-After. */
    private static final long DEFAULT_RETRY_AFTER_MS = 60_000;

    private final String baseUrl;
    private final String authorization;
    private final Duration requestTimeout;
    private final long retryBudgetMs;
    private final Pause pause;
    private final HttpClient http;

    ZendeskApi(ZendeskConnection connection, Pause pause) {
        this.baseUrl = connection.baseUrl();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (connection.email() + "/token:" + connection.apiToken().value()).getBytes(StandardCharsets.UTF_8));
        this.requestTimeout = connection.requestTimeout();
        this.retryBudgetMs = connection.retryBudgetMs();
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

    /** Updates the ticket with {@code {"ticket": ticket}} and returns the ticket as Zendesk now has it. */
    JsonObject update(long id, JsonObject ticket) {
        String path = "/api/v2/tickets/" + id + ".json";
        JsonObject request = new JsonObject();
        request.add("ticket", ticket);
        return ticketOf(json(send("PUT", path, request.toString()), path), path);
    }

    private HttpResponse<String> send(String method, String path, String body) {
        long deadline = System.currentTimeMillis() + retryBudgetMs;
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout)
                    .header("Authorization", authorization).header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            long waitMs;
            String why;
            int status = 0;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                if (status < 300) {
                    return response;
                }
                if (status == 429) {
                    waitMs = retryAfterMs(response);
                    why = "429 Too Many Requests, Retry-After " + waitMs / 1000 + " s";
                } else if (status >= 500) {
                    waitMs = backoff;
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                    why = status + " from Zendesk";
                } else {
                    throw new ZendeskException(method + " " + pathOnly(path) + " failed with HTTP " + status
                            + errorName(response), status, false, null);
                }
            } catch (IOException e) {
                waitMs = backoff;
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                why = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ZendeskException(method + " " + pathOnly(path) + " was interrupted", 0, true, e);
            }
            if (System.currentTimeMillis() + waitMs > deadline) {
                throw new ZendeskException(method + " " + pathOnly(path) + " still fails (" + why
                        + ") after the retry budget of " + retryBudgetMs + " ms", status, true, null);
            }
            LOG.info("Zendesk {} {}: {}; retrying in {} ms", method, pathOnly(path), why, waitMs);
            if (!pause.sleep(waitMs)) {
                throw new ZendeskException(method + " " + pathOnly(path) + " stopped while waiting to retry", status, true, null);
            }
        }
    }

    private static long retryAfterMs(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").map(String::trim).map(v -> {
            try {
                return Math.max(0, Long.parseLong(v)) * 1000;
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

    private static String pathOnly(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
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

    private static ZendeskException malformed(String path, String what) {
        return new ZendeskException("Zendesk's answer to " + pathOnly(path) + " is not as documented: " + what, 200, true, null);
    }
}
