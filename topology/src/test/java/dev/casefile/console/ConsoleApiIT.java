package dev.casefile.console;

import static dev.casefile.testing.ConsoleClient.encode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.casefile.app.CasefileApp;
import dev.casefile.contract.ComplaintIds;
import dev.casefile.contract.KeyedHash;
import dev.casefile.demo.DemoTraffic;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.schema.TurnKey;
import dev.casefile.testing.ConsoleCasefile;
import dev.casefile.testing.ConsoleClient;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.GenAiForms;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Every console query against one instance on a real broker, each checked against the final view of
 * {@code linked-complaints}; then validation, methods and authentication; and that no complaint text
 * or email reached the logs.
 */
@Tag("integration")
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleApiIT {

    static final String WORKED = ComplaintIds.of(new TurnKey(WorkedExample.WORKSPACE, WorkedExample.SESSION, WorkedExample.TURN));
    static final String EMAIL = "pat@acme.example";

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private static CasefileApp app;
    private static ConsoleClient console;
    private static Map<String, LinkedComplaint> expected;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void start() throws InterruptedException {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        LOGS.start();
        root.addAppender(LOGS);
        ((Logger) LoggerFactory.getLogger("dev.casefile")).setLevel(Level.DEBUG);
        app = ConsoleCasefile.start(kafka.bootstrapServers(), "console-api-" + UUID.randomUUID());
        app.awaitRunning(Duration.ofSeconds(60));
        console = ConsoleCasefile.client(app);
        ConsoleCasefile.publish(app, 150, 7);
        ConsoleCasefile.publishConversationForms(app, WorkedExample.SERVED_AT);
        expected = ConsoleCasefile.settledComplaints(app, Duration.ofSeconds(6), Duration.ofSeconds(120));
        assertTrue(expected.containsKey(WORKED) && expected.get(WORKED).getTicketIds().contains(WorkedExample.TICKET),
                "the worked example with its ticket should be on linked-complaints");
        // The console reads linked-complaints back: wait until it has read as far as the test's own reader.
        await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(console, expected));
    }

    /** Whether the console answers every complaint by id exactly as the topic's final view has it. */
    static boolean caughtUp(ConsoleClient console, Map<String, LinkedComplaint> expected) {
        for (LinkedComplaint complaint : expected.values()) {
            ConsoleClient.Response r = console.get("/api/complaints/" + encode(complaint.getComplaintId()));
            if (r.status() != 200 || !Views.Complaint.of(complaint, ConsoleCasefile.TRACE_LINK).equals(Json.GSON.fromJson(r.body(), Views.Complaint.class))) {
                return false;
            }
        }
        return true;
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        ((Logger) LoggerFactory.getLogger("dev.casefile")).setLevel(Level.INFO);
        if (app != null) {
            app.close();
        }
    }

    /** Each route's answers, successes and errors, match the schema the console's OpenAPI document gives them. */
    @Test
    void everyAnswerIsWhatTheOpenApiDocumentSays() {
        ConsoleClient.Response doc = console.get("/api/openapi.json");
        assertEquals(200, doc.status(), doc.body());
        JsonObject openapi = doc.json().getAsJsonObject();
        assertEquals("3.1.0", openapi.get("openapi").getAsString());
        String worked = encode(WORKED);
        List<String[]> calls = List.of(
                new String[] {"/api/complaints/{complaint_id}", "/api/complaints/" + worked},
                new String[] {"/api/complaints/{complaint_id}", "/api/complaints/cmp-0000000000000000"},
                new String[] {"/api/complaints/{complaint_id}", "/api/complaints/bad%20id"},
                new String[] {"/api/complaints", "/api/complaints", "ticket", WorkedExample.TICKET},
                new String[] {"/api/complaints", "/api/complaints", "email", EMAIL, "limit", "2"},
                new String[] {"/api/complaints", "/api/complaints"},
                new String[] {"/api/search", "/api/search", "q", WorkedExample.TICKET},
                new String[] {"/api/search", "/api/search", "q", EMAIL},
                new String[] {"/api/traces/{trace_id}", "/api/traces/" + WorkedExample.TRACE_ALIAS},
                new String[] {"/api/traces/{trace_id}", "/api/traces/" + "0".repeat(31) + "1"},
                new String[] {"/api/similar", "/api/similar", "tag", "doc_version=v17", "limit", "3"},
                new String[] {"/api/rates", "/api/rates", "tag_key", "doc_version", "from", "2026-05-20T00:00:00Z",
                        "to", "2026-05-23T00:00:00Z", "window", "day"},
                new String[] {"/api/rates", "/api/rates", "tag_key", "doc_version"},
                new String[] {"/api/alerts", "/api/alerts"});
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (String[] call : calls) {
            ConsoleClient.Response r = console.get(call[1], java.util.Arrays.copyOfRange(call, 2, call.length));
            JsonObject responses = openapi.getAsJsonObject("paths").getAsJsonObject(call[0]).getAsJsonObject("get")
                    .getAsJsonObject("responses");
            JsonObject declared = responses.getAsJsonObject(Integer.toString(r.status()));
            assertNotNull(declared, call[1] + " answered " + r.status() + ", which the document does not declare");
            if (declared.has("$ref")) {
                String name = declared.get("$ref").getAsString().substring("#/components/responses/".length());
                declared = openapi.getAsJsonObject("components").getAsJsonObject("responses").getAsJsonObject(name);
            }
            JsonObject wrapper = new JsonObject();
            wrapper.addProperty("$schema", "https://json-schema.org/draft/2020-12/schema");
            wrapper.add("components", openapi.get("components"));
            wrapper.add("allOf", new JsonArray());
            wrapper.getAsJsonArray("allOf").add(declared.getAsJsonObject("content").getAsJsonObject("application/json")
                    .get("schema"));
            List<String> errors = registry.getSchema(wrapper.toString()).validate(r.body(), InputFormat.JSON).stream()
                    .map(Object::toString).toList();
            assertEquals(List.of(), errors, call[1] + " -> " + r.status());
        }
        assertEquals(401, console.getAs(null, "/api/openapi.json").status(), "the document needs the token too");
    }

    @Test
    void complaintById() {
        for (LinkedComplaint complaint : expected.values()) {
            ConsoleClient.Response r = console.get("/api/complaints/" + encode(complaint.getComplaintId()));
            assertEquals(200, r.status(), r.body());
            assertEquals(Views.Complaint.of(complaint, ConsoleCasefile.TRACE_LINK), Json.GSON.fromJson(r.body(), Views.Complaint.class));
        }
        assertEquals(404, console.get("/api/complaints/cmp-0000000000000000").status());
    }

    @Test
    void complaintsByEverySecondaryKeyNewestFirst() {
        LinkedComplaint worked = expected.get(WORKED);
        assertPages("ticket", WorkedExample.TICKET, c -> c.getTicketIds().contains(WorkedExample.TICKET), 5);
        assertPages("workspace", WorkedExample.WORKSPACE, c -> c.getWorkspaceId().equals(WorkedExample.WORKSPACE), 7);
        assertPages("session", WorkedExample.SESSION, c -> WorkedExample.SESSION.equals(c.getSessionId()), 5);
        assertPages("trace", WorkedExample.TRACE_ALIAS, c -> WorkedExample.TRACE_ALIAS.equals(c.getTraceId()), 5);
        assertPages("trace", WorkedExample.OTLP_TRACE_ID.toUpperCase(), c -> WorkedExample.OTLP_TRACE_ID.equals(c.getOtlpTraceId()), 5);
        assertPages("feedback", WorkedExample.FEEDBACK_ID, c -> c.getFeedbackIds().contains(WorkedExample.FEEDBACK_ID), 5);
        for (String value : List.of(worked.getBusinessKeys().get("order_id"), worked.getBusinessKeys().get("gen_ai.response.id"))) {
            assertNotNull(value, "the worked example carries an order id and a response id");
            assertPages("key", value, c -> c.getBusinessKeys().containsValue(value), 5);
        }
        String hash = new KeyedHash(app.config().businessKeyHashSecret()).of(EMAIL);
        List<String> byEmail = assertPages("email", EMAIL, c -> hash.equals(c.getBusinessKeys().get("email_hash")), 5);
        assertTrue(byEmail.contains(WORKED), "the requester's email finds the worked example through its hash");
        assertEquals(byEmail, assertPages("key", EMAIL, c -> hash.equals(c.getBusinessKeys().get("email_hash")), 5),
                "an email given as key= is the email: looked up, and sent to other instances, as its hash");
        assertPages("tag", "doc_version=v17", c -> hasTag(c, "doc_version", "v17"), 10);
    }

    @Test
    void searchBoxTakesAnyIdOrBusinessKey() {
        for (String q : List.of(WorkedExample.TICKET, WorkedExample.TRACE_ALIAS, WorkedExample.OTLP_TRACE_ID, WorkedExample.SESSION,
                "ord_5521", "msg_01HQ9021refund", EMAIL, WORKED)) {
            ConsoleClient.Response r = console.get("/api/search", "q", q);
            assertEquals(200, r.status(), r.body());
            JsonArray matches = r.json().getAsJsonObject().getAsJsonArray("matches");
            assertFalse(matches.isEmpty(), "search finds something for one of the worked example's ids");
            JsonArray items = matches.get(0).getAsJsonObject().getAsJsonArray("items");
            assertTrue(ids(items).contains(WORKED), "the first match of a worked-example id holds its complaint");
            assertFalse(r.body().contains(EMAIL), "an email is never echoed back");
        }
        JsonArray none = console.get("/api/search", "q", "no-such-thing-anywhere").json().getAsJsonObject().getAsJsonArray("matches");
        assertTrue(none.isEmpty());
    }

    @Test
    void caseFileDrawsTheSpanTreeAndNamesTheSuspect() {
        for (String id : List.of(WorkedExample.TRACE_ALIAS, WorkedExample.OTLP_TRACE_ID)) {
            ConsoleClient.Response r = console.get("/api/traces/" + id);
            assertEquals(200, r.status(), r.body());
            JsonObject cf = r.json().getAsJsonObject();
            assertEquals(WorkedExample.OTLP_TRACE_ID, cf.get("otlp_trace_id").getAsString());
            assertEquals("ok", cf.get("status").getAsString());
            assertEquals(2300, cf.get("duration_ms").getAsLong());
            assertEquals(5, cf.get("span_count").getAsInt());
            JsonArray roots = cf.getAsJsonArray("roots");
            assertEquals(1, roots.size());
            JsonObject root = roots.get(0).getAsJsonObject();
            assertEquals("chat.turn", root.get("name").getAsString());
            List<String> children = new ArrayList<>();
            root.getAsJsonArray("children").forEach(c -> children.add(c.getAsJsonObject().get("name").getAsString()));
            assertEquals(List.of("retrieve.policy_docs", "tool.contract_lookup", "llm.answer", "output.review"), children);
            JsonObject retrieve = root.getAsJsonArray("children").get(0).getAsJsonObject();
            assertTrue(retrieve.get("suspect").getAsBoolean(), "the stale retrieval is the suspect: " + cf.get("suspect"));
            assertEquals("doc_version", retrieve.getAsJsonArray("evidence").get(0).getAsJsonObject().get("key").getAsString());
            assertEquals("v17", retrieve.getAsJsonArray("evidence").get(0).getAsJsonObject().get("value").getAsString());
            JsonObject suspect = cf.getAsJsonObject("suspect");
            assertEquals("retrieve.policy_docs", suspect.get("span_name").getAsString());
            assertEquals("doc_version=v17", suspect.get("tag").getAsString());
            long othersWithV17 = expected.values().stream().filter(c -> hasTag(c, "doc_version", "v17")).count() - 1;
            JsonObject shared = sharedTag(cf, "doc_version");
            assertEquals(othersWithV17, shared.get("other_complaints").getAsLong());
            assertTrue(ids(cf.getAsJsonArray("complaints")).contains(WORKED));
        }
        assertEquals(404, console.get("/api/traces/tr_never_seen").status());
    }

    /**
     * The worked example's case file is the one the console drew when the trace store still held every span (at
     * 09b2985, saved then): reading spans back from the topic, and freezing them as evidence, changed nothing.
     */
    @Test
    @Order(1)
    void theWorkedExampleCaseFileIsTheOneDrawnWhenTheTraceStoreCopiedEverySpan() throws Exception {
        JsonElement before = withoutRevisions(JsonParser.parseString(resource("/console/worked-example-case-file.json")));
        for (String id : List.of(WorkedExample.OTLP_TRACE_ID, WorkedExample.TRACE_ALIAS)) {
            assertEquals(before, withoutRevisions(console.get("/api/traces/" + id).json()), id);
        }
    }

    /**
     * Once the spans topic's records are deleted, the worked example's case file is still drawn whole, from the
     * evidence frozen when its complaint linked; a trace nobody complained about can no longer be drawn, and the 404
     * says why. Runs last: it empties the spans topic.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aComplainedTraceIsDrawnAfterTheSpansTopicLostItsRecords() throws Exception {
        String uncomplained = GenAiForms.all().get(0).traceId();
        assertEquals(200, console.get("/api/traces/" + uncomplained).status(), "drawn from the spans topic");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, app.bootstrapServers()))) {
            String topic = app.topics().spans().name();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, RecordsToDelete> all = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, end) -> all.put(tp, RecordsToDelete.beforeOffset(end.offset())));
            admin.deleteRecords(all).all().get();
        }
        JsonElement before = withoutRevisions(JsonParser.parseString(resource("/console/worked-example-case-file.json")));
        assertEquals(before, withoutRevisions(console.get("/api/traces/" + WorkedExample.OTLP_TRACE_ID).json()));
        ConsoleClient.Response gone = console.get("/api/traces/" + uncomplained);
        assertEquals(404, gone.status(), gone.body());
        assertTrue(gone.body().contains("no longer on the spans topic"), gone.body());
    }

    /**
     * The case file less its complaints' {@code revision}: how many times a complaint was rewritten depends on the
     * order its feedback, ticket and trace happened to arrive in (feedback before the trace adds an AWAITING_TRACE
     * revision), which a loaded machine changes; everything the case file says is the same either way.
     */
    private static JsonElement withoutRevisions(JsonElement caseFile) {
        JsonElement copy = caseFile.deepCopy();
        copy.getAsJsonObject().getAsJsonArray("complaints").forEach(c -> c.getAsJsonObject().remove("revision"));
        return copy;
    }

    private static String resource(String name) throws Exception {
        try (var in = ConsoleApiIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void caseFileShowsWhatTheUserAskedAndTheAnswerAndLinksToTheTraceBackend() {
        JsonObject cf = console.get("/api/traces/" + WorkedExample.OTLP_TRACE_ID).json().getAsJsonObject();
        JsonObject said = cf.getAsJsonObject("conversation");
        assertEquals(WorkedExample.QUESTION, said.get("input").getAsString());
        assertEquals(WorkedExample.ANSWER, said.get("answer").getAsString());
        assertEquals("00f067aa0ba90204", said.get("answer_span_id").getAsString(), "the llm.answer span");
        String tempo = "https://tempo.example/explore?traceId=" + WorkedExample.OTLP_TRACE_ID;
        assertEquals(tempo, cf.get("trace_link").getAsString());
        JsonObject slip = console.get("/api/complaints/" + WORKED).json().getAsJsonObject();
        assertEquals(tempo, slip.get("trace_link").getAsString());
        assertFalse(attributesOf(cf).contains("gen_ai.input.messages"), "the raw messages are not kept as attributes");
    }

    @Test
    void everyFormOfGenAiMessagesIsRead() {
        for (GenAiForms.Form form : GenAiForms.all()) {
            ConsoleClient.Response r = await().atMost(Duration.ofSeconds(30)).until(
                    () -> console.get("/api/traces/" + form.traceId()), response -> response.status() == 200);
            JsonObject said = r.json().getAsJsonObject().getAsJsonObject("conversation");
            assertEquals(form.input(), said.get("input").getAsString(), form.name());
            assertEquals(form.output(), said.get("answer").getAsString(), form.name());
            assertEquals(form.traceId().substring(16), said.get("answer_span_id").getAsString(), form.name());
            assertEquals(List.of(), attributesOf(r.json().getAsJsonObject()).stream()
                    .filter(k -> k.startsWith("gen_ai.prompt") || k.startsWith("gen_ai.completion") || k.endsWith(".messages"))
                    .toList(), form.name());
        }
    }

    private static List<String> attributesOf(JsonObject caseFile) {
        List<String> keys = new ArrayList<>();
        caseFile.getAsJsonArray("roots").forEach(root -> collectAttributes(root.getAsJsonObject(), keys));
        return keys;
    }

    private static void collectAttributes(JsonObject node, List<String> keys) {
        keys.addAll(node.getAsJsonObject("attributes").keySet());
        node.getAsJsonArray("children").forEach(child -> collectAttributes(child.getAsJsonObject(), keys));
    }

    @Test
    void theRolloutOfAWorsePromptIsTheOneOpenAlert() {
        JsonArray alerts = await().atMost(Duration.ofSeconds(30)).until(
                () -> console.get("/api/alerts").json().getAsJsonObject().getAsJsonArray("alerts"), a -> a.size() > 0);
        assertEquals(1, alerts.size(), alerts.toString());
        JsonObject alert = alerts.get(0).getAsJsonObject();
        assertEquals("prompt_version", alert.get("tag_key").getAsString());
        assertEquals(DemoTraffic.ROLLOUT_PROMPT, alert.get("tag_value").getAsString());
        assertTrue(alert.get("rate").getAsDouble() > alert.get("baseline_rate").getAsDouble());
    }

    @Test
    void similarTracesShareTheEvidenceTagValue() {
        List<LinkedComplaint> withV17 = expected.values().stream().filter(c -> hasTag(c, "doc_version", "v17")).toList();
        ConsoleClient.Response r = console.get("/api/similar", "tag", "doc_version=v17", "limit", "100");
        assertEquals(200, r.status(), r.body());
        JsonObject similar = r.json().getAsJsonObject();
        assertEquals(withV17.size(), similar.get("complaints").getAsLong());
        assertEquals(withV17.stream().filter(c -> c.getOtlpTraceId() != null).count(), similar.get("traces").getAsLong());
        List<String> traces = new ArrayList<>();
        similar.getAsJsonArray("items").forEach(i -> traces.add(i.getAsJsonObject().get("complaint_id").getAsString()));
        assertEquals(newestFirst(withV17).stream().limit(100).toList(), traces);
        assertTrue(traces.contains(WORKED));
    }

    @Test
    void complaintRatesPerTagKeyOverATimeRange() {
        ConsoleClient.Response r = console.get("/api/rates", "tag_key", "doc_version", "window", "day",
                "from", "2026-05-21T00:00:00Z", "to", "2026-05-22T00:00:00Z");
        assertEquals(200, r.status(), r.body());
        JsonArray points = r.json().getAsJsonObject().getAsJsonArray("points");
        for (String version : List.of("v17", "v18", "v19")) {
            // Complaints counted in the day of the interaction: linked complaints whose trace was served that day.
            long complaints = expected.values().stream().filter(c -> c.getInteractionAt() != null
                    && c.getInteractionAt().toString().startsWith("2026-05-21") && hasTag(c, "doc_version", version)
                    && c.getEvidenceTags().stream().anyMatch(t -> t.getKey().equals("doc_version") && t.getSpanId() != null)).count();
            JsonObject point = null;
            for (JsonElement p : points) {
                if (p.getAsJsonObject().get("tag_value").getAsString().equals(version)) {
                    point = p.getAsJsonObject();
                }
            }
            assertNotNull(point, "a day point for " + version);
            assertEquals(complaints, point.get("complaints").getAsLong(), version);
            assertTrue(point.get("interactions").getAsLong() >= complaints);
        }
        ConsoleClient.Response windows = console.get("/api/rates", "tag_key", "doc_version",
                "from", "2026-05-21T00:00:00Z", "to", "2026-05-22T00:00:00Z");
        assertEquals(200, windows.status());
        assertTrue(windows.json().getAsJsonObject().getAsJsonArray("points").size() > 3, "several five-minute windows");
    }

    @Test
    void invalidInputsAreClearFourHundreds() {
        assertError(400, console.get("/api/complaints/" + "x".repeat(201)));
        assertError(400, console.get("/api/complaints/" + encode("bad id")));
        assertError(400, console.get("/api/complaints", "ticket", "cs_441", "workspace", "acme_eu"));
        assertError(400, console.get("/api/complaints"));
        assertError(400, console.get("/api/complaints", "ticket", "cs<441>"));
        assertError(400, console.get("/api/complaints", "workspace", "acme_eu", "limit", "0"));
        assertError(400, console.get("/api/complaints", "workspace", "acme_eu", "limit", "many"));
        assertError(400, console.get("/api/complaints", "workspace", "acme_eu", "cursor", "not-a-cursor"));
        assertError(400, console.get("/api/complaints", "email", "not-an-email"));
        assertError(400, console.get("/api/complaints", "key", "a\u0000b"));
        assertError(400, console.get("/api/search", "q", "y".repeat(513)));
        assertError(400, console.get("/api/similar", "tag", "doc_version"));
        assertError(400, console.get("/api/rates", "tag_key", "doc_version", "from", "yesterday", "to", "2026-05-22T00:00:00Z"));
        assertError(400, console.get("/api/rates", "tag_key", "doc_version", "from", "2026-05-22T00:00:00Z", "to", "2026-05-21T00:00:00Z"));
        assertError(404, console.get("/api/nothing-here"));
        assertError(405, console.send("/api/search", "q=cs_441", "Bearer " + ConsoleCasefile.TOKEN, "POST"));
        assertError(405, console.send("/api/complaints/" + WORKED, "", "Bearer " + ConsoleCasefile.TOKEN, "DELETE"));
    }

    @Test
    void everyRouteAndPageNeedsTheTokenAndLeaksNothingWithout() {
        List<String> paths = List.of("/api/complaints/" + WORKED, "/api/complaints?ticket=cs_441", "/api/search?q=cs_441",
                "/api/traces/tr_9021", "/api/similar?tag=doc_version%3Dv17",
                "/api/rates?tag_key=doc_version&from=2026-05-21T00:00:00Z&to=2026-05-22T00:00:00Z",
                "/internal/complaint?id=" + WORKED, "/internal/page?kind=ticket&value=cs_441", "/internal/trace?id="
                        + WorkedExample.OTLP_TRACE_ID, "/", "/assets/app.js", "/assets/app.css");
        for (String authorization : new String[] {null, "Bearer wrong-token-of-some-length", "Bearer ",
                "Basic " + ConsoleCasefile.TOKEN, ConsoleCasefile.TOKEN, "Bearer " + ConsoleCasefile.TOKEN + "x"}) {
            for (String path : paths) {
                int q = path.indexOf('?');
                ConsoleClient.Response r = console.send(q < 0 ? path : path.substring(0, q), q < 0 ? "" : path.substring(q + 1),
                        authorization, "GET");
                assertEquals(401, r.status(), path + " with " + authorization);
                assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"), path);
                for (String secret : List.of(WorkedExample.COMPLAINT_TEXT, WORKED, WorkedExample.TRACE_ALIAS, "acme_eu", "caseFileView",
                        "function")) {
                    assertFalse(r.body().contains(secret), path + " leaked " + secret);
                }
            }
        }
        assertEquals(200, console.get("/").status());
        assertEquals(200, console.get("/assets/app.js").status());
    }

    @Test
    void signInExchangesTheTokenForASessionCookie() {
        ConsoleClient.Response wrong = console.signIn("nope");
        assertEquals(401, wrong.status());
        assertTrue(wrong.raw().headers().firstValue("Set-Cookie").isEmpty());
        ConsoleClient.Response right = console.signIn(ConsoleCasefile.TOKEN);
        assertEquals(303, right.status(), right.body());
        String cookie = right.raw().headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP: a Secure cookie would never come back");
        String session = ConsoleClient.sessionCookie(right);
        assertEquals(200, console.getWithCookie(session, "/api/search", "q", "cs_441").status());
        String forged = session.substring(0, session.length() - 2) + (session.endsWith("00") ? "11" : "00");
        assertEquals(401, console.getWithCookie(forged, "/api/search", "q", "cs_441").status());
        assertEquals(401, console.send("/internal/complaint", "id=" + WORKED, null, "GET").status());
        assertEquals(401, console.getWithCookie(session, "/internal/complaint", "id", WORKED).status(),
                "what instances ask each other takes the shared token only");
    }

    @Test
    void logsHoldNeitherComplaintTextNorEmails() {
        console.get("/api/complaints", "email", EMAIL);
        console.get("/api/search", "q", EMAIL);
        console.get("/api/search", "q", "bad\u0001" + EMAIL);
        assertTrue(LOGS.list.stream().anyMatch(e -> e.getLoggerName().startsWith("dev.casefile.console")),
                "the console logs its routes (at debug)");
        for (ILoggingEvent event : List.copyOf(LOGS.list)) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertFalse(line.contains(EMAIL), line);
            assertFalse(line.contains(WorkedExample.COMPLAINT_TEXT), line);
            assertFalse(line.contains(ConsoleCasefile.TOKEN), line);
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    /** Walks every page of one query and checks it lists exactly the expected complaints, newest first. */
    static List<String> assertPages(String param, String value, Predicate<LinkedComplaint> matches, int limit) {
        List<String> want = newestFirst(expected.values().stream().filter(matches).toList());
        assertFalse(want.isEmpty(), param + " should match something");
        List<String> got = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ConsoleClient.Response r = cursor == null
                    ? console.get("/api/complaints", param, value, "limit", Integer.toString(limit))
                    : console.get("/api/complaints", param, value, "limit", Integer.toString(limit), "cursor", cursor);
            assertEquals(200, r.status(), r.body());
            JsonObject page = r.json().getAsJsonObject();
            assertTrue(page.getAsJsonArray("items").size() <= limit);
            got.addAll(ids(page.getAsJsonArray("items")));
            cursor = page.get("next_cursor").isJsonNull() ? null : page.get("next_cursor").getAsString();
            pages++;
        } while (cursor != null && pages < 1000);
        assertEquals(want, got, param);
        return got;
    }

    static List<String> newestFirst(List<LinkedComplaint> complaints) {
        return complaints.stream().sorted(Comparator.comparing(LinkedComplaint::getFirstReportedAt).reversed()
                .thenComparing(LinkedComplaint::getComplaintId)).map(LinkedComplaint::getComplaintId).toList();
    }

    static List<String> ids(JsonArray complaints) {
        List<String> ids = new ArrayList<>();
        complaints.forEach(c -> ids.add(c.getAsJsonObject().get("complaint_id").getAsString()));
        return ids;
    }

    static boolean hasTag(LinkedComplaint c, String key, String value) {
        for (EvidenceTag tag : c.getEvidenceTags()) {
            if (tag.getKey().equals(key) && tag.getValue().equals(value)) {
                return true;
            }
        }
        return false;
    }

    static JsonObject sharedTag(JsonObject caseFile, String key) {
        for (JsonElement t : caseFile.getAsJsonArray("shared_tags")) {
            if (t.getAsJsonObject().get("key").getAsString().equals(key)) {
                return t.getAsJsonObject();
            }
        }
        throw new AssertionError("no shared tag " + key);
    }

    static void assertError(int status, ConsoleClient.Response r) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.header("Content-Type").startsWith("application/json"));
        JsonObject error = r.json().getAsJsonObject();
        assertEquals(status, error.get("status").getAsInt());
        assertFalse(error.get("error").getAsString().isBlank());
        assertNull(r.header("X-Casefile-Served-By"));
    }

    static boolean linked(LinkedComplaint c) {
        return c.getStatus() == ComplaintStatus.LINKED;
    }
}
