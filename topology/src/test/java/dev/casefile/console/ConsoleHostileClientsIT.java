package dev.casefile.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.casefile.app.CasefileApp;
import dev.casefile.contract.ComplaintIds;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.TurnKey;
import dev.casefile.testing.ConsoleCasefile;
import dev.casefile.testing.ConsoleClient;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console against clients that do not play fair, on one instance and a real broker: hundreds of
 * connections sending their headers a byte at a time, Host headers naming other sites, forms posted
 * from other origins, forged and signed-out cookies, guessed tokens, and inputs at the edges of
 * every rule. Sign-in limits are per client address, and every client here is 127.0.0.1, so the
 * test that trips the limit runs last.
 */
@Tag("integration")
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleHostileClientsIT {

    static final String WORKED = ComplaintIds.of(new TurnKey(WorkedExample.WORKSPACE, WorkedExample.SESSION, WorkedExample.TURN));
    private static final int SLOW_CONNECTIONS = 200;
    private static final Duration SLOW_FOR = Duration.ofSeconds(30);

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private static CasefileApp app;
    private static ConsoleClient console;

    @BeforeAll
    static void start() throws InterruptedException {
        app = ConsoleCasefile.start(kafka.bootstrapServers(), "console-hostile-" + UUID.randomUUID());
        app.awaitRunning(Duration.ofSeconds(60));
        console = ConsoleCasefile.client(app);
        ConsoleCasefile.publish(app, 20, 3);
        await().atMost(Duration.ofSeconds(90)).until(() -> console.get("/api/complaints/" + WORKED).status() == 200);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void twoHundredSlowConnectionsDoNotDelayAValidRequest() throws Exception {
        URI uri = URI.create(console.base());
        List<Socket> slow = new ArrayList<>();
        byte[] head = ("GET /api/complaints/" + WORKED + " HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\nX-Slow: "
                + "a".repeat(4000)).getBytes(StandardCharsets.US_ASCII);
        List<Long> latencies = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                Socket socket = new Socket(uri.getHost(), uri.getPort());
                socket.setSoTimeout(1);
                slow.add(socket);
            }
            long end = System.nanoTime() + SLOW_FOR.toNanos();
            int sent = 0;
            long nextByte = 0;
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextByte) {
                    // One more header byte on every slow connection, each second: never a complete request.
                    for (Socket socket : slow) {
                        OutputStream out = socket.getOutputStream();
                        out.write(head[sent % head.length]);
                        out.flush();
                    }
                    sent++;
                    nextByte = System.nanoTime() + 1_000_000_000L;
                }
                long started = System.nanoTime();
                ConsoleClient.Response r = console.get("/api/complaints/" + WORKED);
                latencies.add((System.nanoTime() - started) / 1_000);
                assertEquals(200, r.status(), r.body());
                Thread.sleep(40);
            }
            int open = 0;
            for (Socket socket : slow) {
                if (stillOpen(socket)) {
                    open++;
                }
            }
            assertEquals(SLOW_CONNECTIONS, open, "every slow connection stayed open for the whole run");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
        assertTrue(sorted.length > 200, "requests made: " + sorted.length);
        assertTrue(p99 < 200_000, "p99 " + p99 / 1000.0 + " ms over " + sorted.length + " requests (max "
                + sorted[sorted.length - 1] / 1000.0 + " ms)");
    }

    private static boolean stillOpen(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return in.read() >= 0 || false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @Order(2)
    void aHostHeaderNamingAnotherSiteIsRefused() {
        RawHttp.Response r = RawHttp.send(console.base(), "GET /api/complaints/" + WORKED
                + " HTTP/1.1\r\nHost: attacker.example\r\nAuthorization: Bearer " + ConsoleCasefile.TOKEN);
        assertEquals(400, r.status());
        assertFalse(r.text().contains(WorkedExample.COMPLAINT_TEXT));
        assertEquals(200, RawHttp.request(console.base(), "GET", "/api/complaints/" + WORKED, ConsoleCasefile.TOKEN).status());
    }

    @Test
    @Order(3)
    void headIsAnsweredWithTheHeadersOfGetAndNoBody() {
        for (String path : List.of("/api/complaints/" + WORKED, "/api/traces/" + WorkedExample.OTLP_TRACE_ID, "/",
                "/api/nothing-here")) {
            RawHttp.Response get = RawHttp.request(console.base(), "GET", path, ConsoleCasefile.TOKEN);
            RawHttp.Response head = RawHttp.request(console.base(), "HEAD", path, ConsoleCasefile.TOKEN);
            assertEquals(get.status(), head.status(), path);
            assertEquals(Integer.toString(get.body().length), head.headers().get("content-length"), path);
            assertArrayEquals(new byte[0], head.body(), path);
            assertEquals("nosniff", head.headers().get("x-content-type-options"), path);
        }
    }

    @Test
    @Order(4)
    void everyInputRuleIsAJsonFourHundredWithTheSecurityHeaders() {
        for (String target : List.of("/api/complaints/%zz", "/api/complaints/%E0%A4", "/api/search?q=%zz",
                "/api/search?q=%C3%28", "/api/rates?tag_key=doc_version&from=-999999999-01-01T00:00:00Z&to=2026-05-22T00:00:00Z",
                "/api/rates?tag_key=doc_version&from=2026-05-21T00:00:00Z&to=%2B999999999-12-31T23:59:59Z",
                "/api/complaints?workspace=acme_eu&limit=%D9%A3",
                "/api/complaints?workspace=acme_eu&cursor=%D9%A3%D9%A3")) {
            RawHttp.Response r = RawHttp.request(console.base(), "GET", target, ConsoleCasefile.TOKEN);
            assertEquals(400, r.status(), target + ": " + r.text());
            assertTrue(r.headers().get("content-type").startsWith("application/json"), target);
            assertEquals(400, JsonParser.parseString(r.text()).getAsJsonObject().get("status").getAsInt(), target);
            assertEquals("nosniff", r.headers().get("x-content-type-options"), target);
            assertEquals("no-store", r.headers().get("cache-control"), target);
        }
        // A + in a path id is a +, not a space (which no id may hold): an unknown complaint, not a bad request.
        assertEquals(404, RawHttp.request(console.base(), "GET", "/api/complaints/cmp+0000", ConsoleCasefile.TOKEN).status());
    }

    @Test
    @Order(5)
    void aCookieWithAForgedExpiryIsRefused() {
        String cookie = ConsoleClient.sessionCookie(console.signIn(ConsoleCasefile.TOKEN));
        assertEquals(200, console.getWithCookie(cookie, "/api/complaints/" + WORKED).status());
        int eq = cookie.indexOf('=');
        String[] parts = cookie.substring(eq + 1).split("\\.");
        parts[1] = Long.toString(Long.parseLong(parts[1]) + 100L * 365 * 24 * 3600 * 1000);
        String forged = cookie.substring(0, eq + 1) + String.join(".", Arrays.asList(parts));
        assertEquals(401, console.getWithCookie(forged, "/api/complaints/" + WORKED).status());
    }

    @Test
    @Order(6)
    void onlyTheConsolesOwnPageMaySignOutOrIn() {
        String cookie = ConsoleClient.sessionCookie(console.signIn(ConsoleCasefile.TOKEN));
        for (String origin : new String[] {"https://attacker.example", "null", null}) {
            assertEquals(403, console.post("/logout", "", origin, cookie).status(), "logout from " + origin);
            assertEquals(403, console.post("/session", "token=" + ConsoleCasefile.TOKEN, origin, null).status(),
                    "sign-in from " + origin);
        }
        assertEquals(200, console.getWithCookie(cookie, "/api/complaints/" + WORKED).status(), "still signed in");
        ConsoleClient.Response out = console.post("/logout", "", console.origin(), cookie);
        assertEquals(303, out.status());
        assertTrue(out.raw().headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                console.getWithCookie(cookie, "/api/complaints/" + WORKED).status() == 401);
    }

    @Test
    @Order(7)
    void signInAttemptsBeyondTheLimitGetFourTwentyNine() {
        for (int i = 0; i < 6; i++) {
            assertEquals(401, console.signIn("not-the-token-" + i).status(), "attempt " + (i + 1));
        }
        ConsoleClient.Response limited = console.signIn(ConsoleCasefile.TOKEN);
        assertEquals(429, limited.status(), "even the right token waits its turn");
        assertTrue(limited.raw().headers().firstValue("Set-Cookie").isEmpty());
        assertTrue(Long.parseLong(limited.header("Retry-After")) >= 1);
        assertEquals(200, console.get("/api/complaints/" + WORKED).status(), "the API's bearer token is not limited");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> console.signIn(ConsoleCasefile.TOKEN).status() == 303);
    }

    /**
     * Sign-in bodies that stall after their first kilobyte, and others trickled in a byte a second, more of either kind
     * than the console has threads, do not hold its threads: a valid request is answered at once while they wait, and
     * each is answered 408 once its form's deadline has passed.
     */
    @Test
    @Order(8)
    void stalledAndTrickledSignInBodiesDoNotHoldTheThreads() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        List<Socket> trickled = new ArrayList<>();
        try {
            for (int i = 0; i < 96; i++) {
                stalled.add(signInBodyStarted("token=" + "x".repeat(1000)));
                trickled.add(signInBodyStarted("token="));
            }
            List<Long> latencies = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(12).toNanos();
            long nextByte = 0;
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextByte) {
                    for (Socket socket : trickled) {
                        try {
                            socket.getOutputStream().write('x');
                        } catch (IOException cutOff) {
                            // the console gave up on this body: what it should do
                        }
                    }
                    nextByte = System.nanoTime() + 1_000_000_000L;
                }
                long started = System.nanoTime();
                assertEquals(200, console.get("/api/complaints/" + WORKED).status());
                latencies.add((System.nanoTime() - started) / 1_000_000);
                Thread.sleep(40);
            }
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            long p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
            assertTrue(p99 < 200, "p99 " + p99 + " ms over " + sorted.length
                    + " requests beside 96 stalled and 96 trickled sign-in bodies");
            for (Socket cutOff : List.of(stalled.get(0), trickled.get(0))) {
                cutOff.setSoTimeout(15_000);
                String statusLine = new String(cutOff.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 408", statusLine, "a form not in within 10 s is answered 408 Request Timeout");
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
            for (Socket socket : trickled) {
                socket.close();
            }
        }
    }

    /** A connection that has sent a sign-in form's headers, declaring 16,000 bytes of body, and {@code start} of it. */
    private static Socket signInBodyStarted(String start) throws IOException {
        URI uri = URI.create(console.base());
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.getOutputStream().write(("POST /session HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\nOrigin: "
                + console.origin() + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 16000"
                + "\r\n\r\n" + start).getBytes(StandardCharsets.US_ASCII));
        return socket;
    }
}
