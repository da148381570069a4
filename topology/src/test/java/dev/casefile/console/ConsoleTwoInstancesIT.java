package dev.casefile.console;

import static dev.casefile.testing.ConsoleClient.encode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.casefile.app.CasefileApp;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.testing.ConsoleCasefile;
import dev.casefile.testing.ConsoleClient;
import dev.casefile.testing.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of one application on one real broker, each holding part of the state: each answers
 * every query, key lookups by forwarding to the owner, index queries by asking both and merging,
 * and both give the same answers, equal to the final view of linked-complaints.
 */
@Tag("integration")
@Timeout(300)
class ConsoleTwoInstancesIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private static CasefileApp first;
    private static CasefileApp second;
    private static List<ConsoleClient> consoles;
    private static Map<String, LinkedComplaint> expected;

    @BeforeAll
    static void start() throws InterruptedException {
        String applicationId = "console-two-" + UUID.randomUUID();
        first = ConsoleCasefile.start(kafka.bootstrapServers(), applicationId);
        second = ConsoleCasefile.start(kafka.bootstrapServers(), applicationId);
        first.awaitRunning(Duration.ofSeconds(90));
        second.awaitRunning(Duration.ofSeconds(90));
        // Both instances own complaint partitions (2 partitions, one each once the group has settled).
        await().atMost(Duration.ofSeconds(90)).until(() -> ownsComplaints(first) && ownsComplaints(second));
        consoles = List.of(ConsoleCasefile.client(first), ConsoleCasefile.client(second));
        ConsoleCasefile.publish(first, 100, 11);
        expected = ConsoleCasefile.settledComplaints(first, Duration.ofSeconds(6), Duration.ofSeconds(150));
        for (ConsoleClient console : consoles) {
            await().atMost(Duration.ofSeconds(90)).until(() -> ConsoleApiIT.caughtUp(console, expected));
        }
    }

    @AfterAll
    static void stop() {
        for (CasefileApp app : new CasefileApp[] {first, second}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void keyLookupsAreServedByTheOwnerWhicheverInstanceIsAsked() {
        for (ConsoleClient console : consoles) {
            int remote = 0;
            for (LinkedComplaint complaint : expected.values()) {
                ConsoleClient.Response r = console.get("/api/complaints/" + encode(complaint.getComplaintId()));
                assertEquals(200, r.status(), r.body());
                assertEquals(Views.Complaint.of(complaint, ConsoleCasefile.TRACE_LINK), Json.GSON.fromJson(r.body(), Views.Complaint.class));
                if (!console.base().endsWith(r.header("X-Casefile-Served-By") + "")) {
                    remote++;
                }
            }
            assertTrue(remote > 0 && remote < expected.size(), "some lookups were forwarded, some answered locally: " + remote);
        }
    }

    @Test
    void everyQueryGivesTheSameAnswerOnBothInstances() {
        List<String[]> queries = List.of(
                new String[] {"/api/complaints", "workspace", WorkedExample.WORKSPACE, "limit", "100"},
                new String[] {"/api/complaints", "ticket", WorkedExample.TICKET},
                new String[] {"/api/complaints", "session", WorkedExample.SESSION},
                new String[] {"/api/complaints", "trace", WorkedExample.TRACE_ALIAS},
                new String[] {"/api/complaints", "key", "ord_5521"},
                new String[] {"/api/complaints", "email", ConsoleApiIT.EMAIL},
                new String[] {"/api/complaints", "tag", "doc_version=v17", "limit", "100"},
                new String[] {"/api/search", "q", WorkedExample.TICKET},
                new String[] {"/api/similar", "tag", "doc_version=v17", "limit", "100"},
                new String[] {"/api/traces/" + WorkedExample.TRACE_ALIAS},
                new String[] {"/api/rates", "tag_key", "doc_version", "from", "2026-05-21T00:00:00Z", "to", "2026-05-22T00:00:00Z"});
        for (String[] query : queries) {
            String[] params = java.util.Arrays.copyOfRange(query, 1, query.length);
            ConsoleClient.Response a = consoles.get(0).get(query[0], params);
            ConsoleClient.Response b = consoles.get(1).get(query[0], params);
            assertEquals(200, a.status(), a.body());
            assertEquals(200, b.status(), b.body());
            assertEquals(a.json(), b.json(), query[0] + " " + String.join(" ", params));
        }
        // And the merged pages hold exactly the complaints of the final view, newest first.
        JsonObject workspace = consoles.get(1).get("/api/complaints", "workspace", WorkedExample.WORKSPACE, "limit", "100")
                .json().getAsJsonObject();
        assertEquals(ConsoleApiIT.newestFirst(expected.values().stream()
                        .filter(c -> c.getWorkspaceId().equals(WorkedExample.WORKSPACE)).toList()),
                ConsoleApiIT.ids(workspace.getAsJsonArray("items")));
        long v17 = expected.values().stream().filter(c -> ConsoleApiIT.hasTag(c, "doc_version", "v17")).count();
        assertEquals(v17, consoles.get(0).get("/api/similar", "tag", "doc_version=v17").json().getAsJsonObject()
                .get("complaints").getAsLong());
    }

    @Test
    void theCaseFileIsReadFromTheTraceOwnerOnEitherInstance() {
        ConsoleClient.Response a = consoles.get(0).get("/api/traces/" + WorkedExample.OTLP_TRACE_ID);
        ConsoleClient.Response b = consoles.get(1).get("/api/traces/" + WorkedExample.OTLP_TRACE_ID);
        assertEquals(a.header("X-Casefile-Served-By"), b.header("X-Casefile-Served-By"), "one owner of the trace");
        assertNotEquals(null, a.header("X-Casefile-Served-By"));
        JsonObject caseFile = b.json().getAsJsonObject();
        assertEquals("retrieve.policy_docs", caseFile.getAsJsonObject("suspect").get("span_name").getAsString());
        assertEquals(5, caseFile.get("span_count").getAsInt());
    }

    /** A sign-in works on both instances; a sign-out on one ends it on both, although the cookie itself is still signed. */
    @Test
    void aSessionSignedOutOnOneInstanceIsRefusedOnBoth() {
        String cookie = ConsoleClient.sessionCookie(consoles.get(0).signIn(ConsoleCasefile.TOKEN));
        String worked = "/api/complaints/" + ConsoleApiIT.WORKED;
        for (ConsoleClient console : consoles) {
            assertEquals(200, console.getWithCookie(cookie, worked).status(), console.base());
        }
        assertEquals(303, consoles.get(1).post("/logout", "", consoles.get(1).origin(), cookie).status());
        for (ConsoleClient console : consoles) {
            await().atMost(Duration.ofSeconds(10)).until(() -> console.getWithCookie(cookie, worked).status() == 401);
        }
        String other = ConsoleClient.sessionCookie(consoles.get(1).signIn(ConsoleCasefile.TOKEN));
        assertEquals(200, consoles.get(0).getWithCookie(other, worked).status(), "only the signed-out session ended");
    }

    private static boolean ownsComplaints(CasefileApp app) {
        return app.streams().state() == KafkaStreams.State.RUNNING && app.streams().metadataForLocalThreads().stream()
                .flatMap(t -> t.activeTasks().stream()).flatMap(t -> t.topicPartitions().stream())
                .anyMatch(tp -> tp.topic().equals(app.topics().linkedComplaints().name()));
    }
}
