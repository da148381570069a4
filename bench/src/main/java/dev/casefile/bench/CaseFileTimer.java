package dev.casefile.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The console phase: after the latency phase, the case files of complained traces are asked of the
 * app's console one at a time ({@code GET /api/traces/{id}}, as the page does when an agent opens
 * one), and each answer's time is recorded. The traces are spread evenly over all linked complaints,
 * so old and new state are both read; the first few requests warm the connection and are not timed.
 */
final class CaseFileTimer {

    static final int WARMUP = 20;

    /** HTTP/1.1, as the console speaks (the JDK client's h2c upgrade attempt cost every request about 70 ms). */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String token;

    CaseFileTimer(int port, String token) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** Times up to {@code samples} case files of {@code traceIds}; a request that fails or is not 200 fails the phase. */
    Histogram time(List<String> traceIds, int samples) throws IOException, InterruptedException {
        Histogram ms = new Histogram(TimeUnit.MINUTES.toMillis(1), 3);
        List<String> picked = spread(traceIds, samples + WARMUP);
        for (int i = 0; i < picked.size(); i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/traces/"
                            + URLEncoder.encode(picked.get(i), StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /api/traces/{id} answered HTTP " + response.statusCode()
                        + " for a linked complaint's trace");
            }
            if (i >= WARMUP || picked.size() <= WARMUP) {
                ms.recordValue(Math.min(ms.getHighestTrackableValue(), Math.max(0, TimeUnit.NANOSECONDS.toMicros(took)) / 1000));
            }
        }
        return ms;
    }

    /** Every k-th id, so the picks cover the whole list. */
    static List<String> spread(List<String> ids, int count) {
        if (ids.size() <= count) {
            return List.copyOf(ids);
        }
        List<String> picked = new ArrayList<>(count);
        double step = (double) ids.size() / count;
        for (int i = 0; i < count; i++) {
            picked.add(ids.get((int) (i * step)));
        }
        return picked;
    }
}
