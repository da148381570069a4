package dev.casefile.connect.zendesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries: 429 waits its Retry-After, 5xx backs off, a 4xx is not retried; the token goes only into the header. */
class ZendeskApiTest {

    private static final String PAGE = "{\"tickets\":[{\"id\":1}],\"users\":[{\"id\":5,\"email\":\"a@b.example\"}],"
            + "\"after_cursor\":\"MTox\",\"end_of_stream\":true}";

    private HttpServer server;
    private final Deque<int[]> script = new ArrayDeque<>();
    private final List<Long> times = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                times.add(System.currentTimeMillis());
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                int[] next = script.isEmpty() ? new int[] {200, 0} : script.poll();
                if (next[0] == 429) {
                    exchange.getResponseHeaders().add("Retry-After", Integer.toString(next[1]));
                }
                String page = exchange.getRequestMethod().equals("PUT") ? "{\"ticket\":{\"id\":7}}"
                        : next[1] == -1 ? PAGE.replace("\"after_cursor\":\"MTox\",", "") : PAGE;
                byte[] body = (next[0] == 200 ? page : "{\"error\":\"RecordInvalid\"}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(next[0], body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ZendeskApi api(long budgetMs) {
        return new ZendeskApi(new ZendeskConnection("http://127.0.0.1:" + server.getAddress().getPort(), "bot@acme.example",
                new Password("s3cret"), Duration.ofSeconds(5)), budgetMs, new Pause());
    }

    @Test
    void a429WaitsItsRetryAfterAndA5xxBacksOff() {
        script.add(new int[] {429, 1});
        script.add(new int[] {503, 0});
        ExportPage page = api(30_000).exportFrom(0, 100);
        assertEquals(1, page.tickets().size());
        assertEquals("a@b.example", page.userEmails().get(5L));
        assertEquals("MTox", page.afterCursor());
        assertTrue(page.endOfStream());
        assertEquals(3, times.size());
        assertTrue(times.get(1) - times.get(0) >= 1_000, "Retry-After: 1 honoured");
        assertTrue(times.get(2) - times.get(1) >= 1_000, "a second's back-off after the 503");
        assertEquals("Basic " + Base64.getEncoder().encodeToString("bot@acme.example/token:s3cret".getBytes(StandardCharsets.UTF_8)),
                authorizations.get(0));
    }

    @Test
    void whenTheBudgetIsSpentTheCallFailsRetriably() {
        script.add(new int[] {429, 60});
        ZendeskException e = assertThrows(ZendeskException.class, () -> api(5_000).exportFrom(0, 100));
        assertTrue(e.retriable());
        assertEquals(60_000, e.retryAfterMs(), "the caller learns how long Zendesk asked it to wait");
        assertEquals(1, times.size(), "no wait that outlasts the budget");
        assertFalse(e.getMessage().contains("s3cret"));
    }

    @Test
    void anUpdateIsRetriedAfterA429ButNotAfterA5xxThatMayHaveAppliedIt() {
        script.add(new int[] {429, 1});
        api(30_000).update(7, new JsonObject());
        assertEquals(2, times.size(), "a 429 is answered before anything is applied");

        times.clear();
        script.add(new int[] {503, 0});
        ZendeskException e = assertThrows(ZendeskException.class, () -> api(30_000).update(7, new JsonObject()));
        assertTrue(e.retriable());
        assertEquals(1, times.size(), "the caller reads the ticket again before another write");

        times.clear();
        script.add(new int[] {409, 0});
        e = assertThrows(ZendeskException.class, () -> api(30_000).update(7, new JsonObject()));
        assertTrue(e.retriable(), "an edit made meanwhile: read again and compare");
        assertEquals(409, e.status());
    }

    @Test
    void aPageWithoutItsCursorIsRefusedRatherThanStartingOver() {
        script.add(new int[] {200, -1});
        ZendeskException e = assertThrows(ZendeskException.class, () -> api(30_000).exportFrom(0, 100));
        assertFalse(e.retriable());
        assertTrue(e.getMessage().contains("no after_cursor"), e.getMessage());
    }

    @Test
    void aRefusedUpdateIsNotRetriedAndNamesZendesksError() {
        script.add(new int[] {422, 0});
        ZendeskException e = assertThrows(ZendeskException.class, () -> api(30_000).update(7, new JsonObject()));
        assertFalse(e.retriable());
        assertEquals(422, e.status());
        assertEquals("PUT /api/v2/tickets/{id}.json failed with HTTP 422 (RecordInvalid)", e.getMessage(), "no ticket id in a message");
        assertEquals(1, times.size());
    }
}
