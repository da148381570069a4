package dev.casefile.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A plain HTTP client of one console instance, as a script or a support tool would call it. */
public final class ConsoleClient {

    /** One response: status, body, and the instance that read a key lookup. */
    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonElement json() {
            return JsonParser.parseString(body);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http;
    private final String base;
    private final String token;

    public ConsoleClient(String base, String token) {
        this(base, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** A client of an HTTPS console, trusting {@code tls}' certificates. */
    public ConsoleClient(String base, String token, javax.net.ssl.SSLContext tls) {
        this(base, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build());
    }

    private ConsoleClient(String base, String token, HttpClient http) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.http = http;
    }

    public String base() {
        return base;
    }

    /** GET with the bearer token. */
    public Response get(String path, String... params) {
        return send(path, query(params), "Bearer " + token, "GET");
    }

    /** GET with the given Authorization header (or none, if null). */
    public Response getAs(String authorization, String path, String... params) {
        return send(path, query(params), authorization, "GET");
    }

    public Response send(String path, String query, String authorization, String method) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return exchange(request);
    }

    /** The console's own origin, as its page sends it on a form POST. */
    public String origin() {
        URI uri = URI.create(base);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    /** POSTs the sign-in form with {@code token} from the console's own origin. */
    public Response signIn(String token) {
        return post("/session", "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), origin(), null);
    }

    /** The session cookie ({@code name=value}) a successful sign-in set. */
    public static String sessionCookie(Response signIn) {
        String cookie = signIn.raw().headers().firstValue("Set-Cookie").orElseThrow(
                () -> new AssertionError("no Set-Cookie; status " + signIn.status() + ": " + signIn.body()));
        return cookie.substring(0, cookie.indexOf(';'));
    }

    /** POSTs a form, with an Origin header (none if null) and a Cookie header (none if null). */
    public Response post(String path, String form, String origin, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return exchange(request);
    }

    /** GET with a session cookie ({@code name=value}) instead of the token. */
    public Response getWithCookie(String cookie, String path, String... params) {
        String query = query(params);
        return exchange(HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(30)).header("Cookie", cookie).GET());
    }

    private Response exchange(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            HttpResponse<String> response;
            try {
                response = http.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!closedBeforeAnswering(e)) {
                    throw e;
                }
                // A kept-alive connection the server had closed: no byte of an answer came, so the request was not
                // served. The JDK client retries only GET then; a browser retries any method, and so does this client.
                response = http.send(built, HttpResponse.BodyHandlers.ofString());
            }
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the connection closed before any byte of the answer (the JDK's message for a stale kept-alive connection). */
    private static boolean closedBeforeAnswering(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("header parser received no bytes");
    }

    /** Alternating names and values, URL-encoded. */
    public static String query(String... params) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        return map.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
