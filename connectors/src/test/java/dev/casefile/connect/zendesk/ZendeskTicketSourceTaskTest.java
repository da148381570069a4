package dev.casefile.connect.zendesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The offsets the source task gives its records, and where a restarted task begins. */
class ZendeskTicketSourceTaskTest {

    private HttpServer server;
    /** Scripted answers: status and body. */
    private final Deque<Object[]> answers = new ArrayDeque<>();
    private final List<String> queries = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                queries.add(exchange.getRequestURI().getRawQuery());
                Object[] answer = answers.isEmpty() ? new Object[] {200, page("A2", true)} : answers.poll();
                if ((int) answer[0] == 429) {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                }
                byte[] body = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders((int) answer[0], body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String ticket(long id) {
        return "{\"id\":" + id + ",\"created_at\":\"2026-05-24T09:20:11Z\",\"updated_at\":\"2026-05-24T10:02:45Z\","
                + "\"status\":\"open\",\"organization_id\":509974}";
    }

    private static String page(String afterCursor, boolean end, long... ids) {
        List<String> tickets = new ArrayList<>();
        for (long id : ids) {
            tickets.add(ticket(id));
        }
        return "{\"tickets\":[" + String.join(",", tickets) + "],\"users\":[],\"after_cursor\":\"" + afterCursor
                + "\",\"end_of_stream\":" + end + "}";
    }

    private ZendeskTicketSourceTask task(Map<String, Object> storedOffset) {
        Map<String, String> props = new HashMap<>(Map.of("zendesk.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "zendesk.email", "bot@acme.example", "zendesk.api.token", "t0k3n", "export.start.time", "1700000000",
                "export.request.interval.ms", "0", "export.poll.interval.ms", "0", "export.retry.budget.ms", "0"));
        ZendeskTicketSourceTask task = new ZendeskTicketSourceTask();
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    public <T> Map<String, Object> offset(Map<String, T> partition) {
                        return storedOffset;
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                        throw new UnsupportedOperationException();
                    }
                };
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return null;
            }
        });
        task.start(props);
        return task;
    }

    @Test
    void onlyThePageLastRecordCarriesTheNextCursor() {
        answers.add(new Object[] {200, page("A1", false, 1, 2, 3)});
        answers.add(new Object[] {200, page("A2", true, 4, 5)});
        ZendeskTicketSourceTask task = task(null);
        List<SourceRecord> first = task.poll();
        List<SourceRecord> second = task.poll();
        assertEquals(List.of(Map.of("start_time", 1700000000L), Map.of("start_time", 1700000000L), Map.of("cursor", "A1")),
                first.stream().map(SourceRecord::sourceOffset).toList());
        assertEquals(List.of(Map.of("cursor", "A1"), Map.of("cursor", "A2")), second.stream().map(SourceRecord::sourceOffset).toList());
        assertEquals("zd-1", first.get(0).key());
        assertEquals(Map.of("zendesk", "http://127.0.0.1:" + server.getAddress().getPort()), first.get(0).sourcePartition());
        assertTrue(queries.get(0).startsWith("start_time=1700000000&per_page=1000&include=users"), queries.get(0));
        assertTrue(queries.get(1).startsWith("cursor=A1&"), queries.get(1));

        // An empty page at the end of the stream: nothing to write, and the next request asks from the same cursor.
        answers.add(new Object[] {200, page("A2", true)});
        assertEquals(List.of(), task.poll());
        task.poll();
        assertTrue(queries.get(3).startsWith("cursor=A2&"), queries.get(3));
        task.stop();
    }

    @Test
    void aRestartedTaskResumesAtItsStoredCursor() {
        ZendeskTicketSourceTask task = task(Map.of("cursor", "A7"));
        task.poll();
        assertTrue(queries.get(0).startsWith("cursor=A7&"), queries.get(0));
        task.stop();
    }

    @Test
    void a429IsWaitedOutAndTheSamePageAskedAgain() {
        answers.add(new Object[] {429, "{\"error\":\"APIRateLimitExceeded\"}"});
        answers.add(new Object[] {200, page("A1", true, 1)});
        ZendeskTicketSourceTask task = task(null);
        long started = System.currentTimeMillis();
        assertNull(task.poll(), "the 429: nothing yet");
        List<SourceRecord> records = null;
        while (records == null) {
            records = task.poll();
        }
        assertTrue(System.currentTimeMillis() - started >= 1_000, "waited its Retry-After of 1 s");
        assertEquals(1, records.size());
        assertEquals(queries.get(0), queries.get(1), "the same page again");
        task.stop();
    }

    @Test
    void aRefusedExportFailsTheTaskWithTheStatus() {
        answers.add(new Object[] {403, "{\"error\":\"Forbidden\"}"});
        ConnectException e = assertThrows(ConnectException.class, () -> task(null).poll());
        assertTrue(e.getMessage().contains("HTTP 403 (Forbidden)"), e.getMessage());
    }
}
