package dev.casefile.console;

import com.google.gson.JsonParseException;
import dev.casefile.config.ConsoleSettings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls another instance's {@code /internal/...} routes with the shared bearer token. */
final class Remote {

    private static final Logger LOG = LoggerFactory.getLogger(Remote.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * HTTP/1.1, as the console speaks: the JDK client's default, HTTP/2, opens every cleartext connection with an h2c
     * upgrade the console's server does not take, which added a fixed delay of about 70 ms to each call.
     */
    private final HttpClient client;
    private final String authorization;
    private final String scheme;

    /** Over HTTPS when the console has a keystore: other instances' certificates must then be in that keystore. */
    Remote(String token, String scheme, Optional<ConsoleSettings.Tls> tls) {
        this.authorization = "Bearer " + token;
        this.scheme = scheme;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3));
        tls.ifPresent(t -> builder.sslContext(trusting(t)));
        this.client = builder.build();
    }

    /** A TLS context trusting the certificates of the console's own keystore (every instance's, or their CA). */
    private static SSLContext trusting(ConsoleSettings.Tls tls) {
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            KeyStore store = KeyStore.getInstance(tls.type());
            store.load(in, tls.password().toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the console keystore " + tls.keystore() + ": " + e.getMessage(), e);
        }
    }

    /** GETs {@code path} with {@code params} from {@code host}; its 4xx errors are this request's. */
    <T> T get(HostInfo host, String path, Map<String, String> params, Type type) {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(scheme + "://" + host.host() + ":" + host.port() + path + (query.isEmpty() ? "" : "?" + query));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Authorization", authorization)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // The parameters may be personal data: the log names the instance and route only.
            LOG.warn("Instance {}:{} did not answer {}: {}", host.host(), host.port(), path, e.getClass().getName());
            throw ApiException.unavailable("another instance did not answer; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking another instance");
        }
        if (response.statusCode() == 200) {
            try {
                return Json.GSON.fromJson(response.body(), type);
            } catch (JsonParseException e) {
                throw new ApiException(502, "another instance answered with unreadable JSON");
            }
        }
        String message = "another instance answered " + response.statusCode();
        try {
            Views.Error error = Json.GSON.fromJson(response.body(), Views.Error.class);
            if (error != null && error.error() != null) {
                message = error.error();
            }
        } catch (JsonParseException e) {
            // keep the generic message
        }
        int status = response.statusCode();
        if (status == 401) {
            LOG.warn("Instance {}:{} refused this instance's console token: console.token must be the same on every instance",
                    host.host(), host.port());
            throw new ApiException(502, "instances disagree on the console token");
        }
        throw new ApiException(status >= 500 ? 503 : status, message);
    }
}
