package dev.casefile.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.casefile.app.CasefileApp;
import dev.casefile.demo.WorkedExample;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.EvidenceTag;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.testing.ConsoleCasefile;
import dev.casefile.testing.ConsoleClient;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.KafkaClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code casefile export-labels} against a running console on a real broker, over the demo traffic:
 * the counts per stratum, the same sample for the same seed, the filters, and no email address nor
 * personal key beyond what the complaint holds (and none of its business keys).
 */
@Tag("integration")
@Timeout(240)
class ExportLabelsIT {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[A-Za-z]");
    private static final String PLANTED_EMAIL = "pat.other@acme.example";

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    private static CasefileApp app;
    private static ConsoleClient console;
    private static Map<String, LinkedComplaint> expected;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws InterruptedException {
        app = ConsoleCasefile.start(kafka.bootstrapServers(), "export-labels-" + UUID.randomUUID());
        app.awaitRunning(Duration.ofSeconds(60));
        console = ConsoleCasefile.client(app);
        ConsoleCasefile.publish(app, 150, 7);
        // A second thumbs-down on the worked example's turn, a second earlier, whose text holds an email address.
        FeedbackEvent withEmail = FeedbackEvent.newBuilder(WorkedExample.feedback()).setFeedbackId("fb_with_email")
                .setOccurredAt(WorkedExample.FEEDBACK_AT.minusSeconds(1)).setTraceId(null)
                .setComplaintText("Wrong again, write to " + PLANTED_EMAIL + " please").build();
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(app.bootstrapServers())) {
            producer.send(new ProducerRecord<>(app.topics().feedback().name(), null, withEmail.getOccurredAt().toEpochMilli(),
                    null, app.config().recordSerdes().forType(FeedbackEvent.class, false).serializer()
                            .serialize(app.topics().feedback().name(), withEmail)));
        }
        expected = ConsoleCasefile.settledComplaints(app, Duration.ofSeconds(6), Duration.ofSeconds(120));
        // The console reads linked-complaints back: wait until an export holds every complaint the topic does.
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(console.get("/api/export").body()).size() == expected.size());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aStratifiedSampleHasEachStratumsShareAndTheSameSeedGivesTheSameFile() throws Exception {
        Path first = dir.resolve("first.jsonl");
        String said = exportLabels("--status", "LINKED", "--sample", "10", "--stratify-by", "doc_version", "--seed", "7",
                "--out", first.toString());
        assertTrue(said.startsWith("Wrote 10 cases to " + first), said);

        Map<String, Integer> sizes = new TreeMap<>();
        expected.values().stream().filter(c -> c.getStatus() == ComplaintStatus.LINKED)
                .forEach(c -> sizes.merge(docVersion(c), 1, Integer::sum));
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonObject line : lines(Files.readString(first))) {
            counts.merge(line.get("stratum").getAsString(), 1, Integer::sum);
            assertEquals("LINKED", line.get("status").getAsString());
            assertEquals(docVersion(expected.get(line.get("complaint_id").getAsString())), line.get("stratum").getAsString());
        }
        assertEquals(largestRemainder(sizes, 10), counts, "strata of " + sizes);
        for (Map.Entry<String, Integer> stratum : counts.entrySet()) {
            assertTrue(said.contains(stratum.getKey() + ": " + stratum.getValue()), said);
        }

        Path again = dir.resolve("again.jsonl");
        exportLabels("--status", "LINKED", "--sample", "10", "--stratify-by", "doc_version", "--seed", "7", "--out", again.toString());
        assertEquals(Files.readString(first), Files.readString(again), "the same seed, the same file");
        Path other = dir.resolve("other.jsonl");
        exportLabels("--status", "LINKED", "--sample", "10", "--stratify-by", "doc_version", "--seed", "8", "--out", other.toString());
        assertNotEquals(ids(Files.readString(first)), ids(Files.readString(other)), "another seed, another sample");
    }

    @Test
    void equalAllocationGivesEachStratumTheSame() throws Exception {
        Path file = dir.resolve("equal.jsonl");
        exportLabels("--sample", "9", "--stratify-by", "doc_version", "--allocation", "equal", "--out", file.toString());
        Map<String, Integer> counts = new TreeMap<>();
        lines(Files.readString(file)).forEach(l -> counts.merge(l.get("stratum").getAsString(), 1, Integer::sum));
        Map<String, Integer> sizes = new TreeMap<>();
        expected.values().forEach(c -> sizes.merge(docVersion(c), 1, Integer::sum));
        assertEquals(equalShares(sizes, 9), counts, "strata of " + sizes);
    }

    /** What equal allocation must give: one each in name order, round after round, skipping full strata. */
    private static Map<String, Integer> equalShares(Map<String, Integer> sizes, int n) {
        Map<String, Integer> counts = new TreeMap<>();
        int given = 0;
        while (given < n) {
            for (Map.Entry<String, Integer> stratum : sizes.entrySet()) {
                if (given < n && counts.getOrDefault(stratum.getKey(), 0) < stratum.getValue()) {
                    counts.merge(stratum.getKey(), 1, Integer::sum);
                    given++;
                }
            }
        }
        return counts;
    }

    @Test
    void filtersSelectExactlyTheComplaintsTheyDescribe() throws Exception {
        Path byTag = dir.resolve("v17.jsonl");
        exportLabels("--tag", "doc_version=v17", "--out", byTag.toString());
        assertEquals(ids(expected.values().stream().filter(c -> "v17".equals(docVersion(c))).toList()),
                ids(Files.readString(byTag)));

        Path byLabel = dir.resolve("label.jsonl");
        exportLabels("--label", "outdated_info", "--out", byLabel.toString());
        assertEquals(ids(expected.values().stream().filter(c -> c.getLabels().contains("outdated_info")).toList()),
                ids(Files.readString(byLabel)));

        Instant from = WorkedExample.SERVED_AT.minus(Duration.ofMinutes(30));
        Instant to = WorkedExample.SERVED_AT;
        Path byTime = dir.resolve("time.jsonl");
        exportLabels("--from", from.toString(), "--to", to.toString(), "--out", byTime.toString());
        assertEquals(ids(expected.values().stream().filter(c -> !c.getFirstReportedAt().isBefore(from)
                && c.getFirstReportedAt().isBefore(to)).toList()), ids(Files.readString(byTime)));
    }

    @Test
    void aCaseHoldsTheComplaintTheQuestionTheAnswerTheTreeAndNoPersonalKeys() throws Exception {
        Path file = dir.resolve("all.jsonl");
        exportLabels("--out", file.toString());
        String text = Files.readString(file);
        assertFalse(EMAIL.matcher(text).find(), "no email address in the export");
        for (String personal : List.of("u_acme_pat", "email_hash", "business_keys", "requester", "user_id", "customer")) {
            assertFalse(text.contains(personal), personal + " is not exported");
        }
        JsonObject worked = lines(text).stream().filter(l -> l.get("complaint_id").getAsString()
                .equals(expected.values().stream().filter(c -> WorkedExample.SESSION.equals(c.getSessionId()))
                        .findFirst().orElseThrow().getComplaintId())).findFirst().orElseThrow();
        assertEquals("Wrong again, write to [email] please", worked.get("complaint_text").getAsString());
        assertEquals(WorkedExample.QUESTION, worked.get("input").getAsString());
        assertEquals(WorkedExample.ANSWER, worked.get("answer").getAsString());
        assertEquals(List.of(WorkedExample.TICKET), strings(worked, "ticket_ids"));
        assertEquals(WorkedExample.OTLP_TRACE_ID, worked.get("otlp_trace_id").getAsString());
        assertEquals(List.of("chat.turn", "retrieve.policy_docs", "tool.contract_lookup", "llm.answer", "output.review"),
                worked.getAsJsonArray("spans").asList().stream().map(s -> s.getAsJsonObject().get("name").getAsString()).toList());
        assertTrue(worked.getAsJsonArray("evidence_tags").asList().stream()
                .anyMatch(t -> t.getAsJsonObject().get("key").getAsString().equals("doc_version")));
        long withAnswers = lines(text).stream().filter(l -> !l.get("answer").isJsonNull()).count();
        assertTrue(withAnswers > expected.size() / 2, "demo turns record their answers too: " + withAnswers);
    }

    @Test
    void everyLineIsWhatTheOpenApiDocumentSays() {
        JsonObject openapi = console.get("/api/openapi.json").json().getAsJsonObject();
        JsonObject schema = new JsonObject();
        schema.addProperty("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.add("components", openapi.get("components"));
        schema.addProperty("$ref", "#/components/schemas/ExportCase");
        var validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema.toString());
        String body = console.get("/api/export", "sample", "12", "stratify_by", "prompt_version").body();
        for (JsonObject line : lines(body)) {
            assertEquals(List.of(), validator.validate(line.toString(), InputFormat.JSON).stream().map(Object::toString).toList());
        }
        assertEquals(12, lines(body).size());
    }

    @Test
    void theSearchPagesExportIsTheSearchsComplaints() {
        ConsoleClient.Response r = console.get("/api/export", "q", WorkedExample.TICKET);
        assertEquals(200, r.status(), r.body());
        assertTrue(r.header("Content-Type").startsWith("application/x-ndjson"), r.header("Content-Type"));
        assertTrue(r.header("Content-Disposition").contains("casefile-labels.jsonl"));
        assertEquals(1, lines(r.body()).size());
        assertEquals(List.of(WorkedExample.TICKET), strings(lines(r.body()).get(0), "ticket_ids"));
    }

    @Test
    void mistakesAreClear() throws Exception {
        assertTrue(run("export-labels", "--sample", "5").startsWith("2 --out is required."));
        assertTrue(run("export-labels", "--colour", "red").startsWith("2 Unknown option '--colour'"));
        String refused = run("export-labels", "--console", console.base(), "--token", "not-the-token-0123456789",
                "--out", dir.resolve("refused.jsonl").toString());
        assertTrue(refused.startsWith("1 The console answered 401"), refused);
        String bad = run("export-labels", "--console", console.base(), "--token", ConsoleCasefile.TOKEN,
                "--stratify-by", "doc_version", "--out", dir.resolve("bad.jsonl").toString());
        assertTrue(bad.startsWith("1 The console answered 400") && bad.contains("stratify_by needs sample"), bad);
        assertFalse(Files.exists(dir.resolve("bad.jsonl")), "nothing written when the console refuses");
    }

    /** Runs the command against the test's console; returns what it printed, after checking it succeeded. */
    private static String exportLabels(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("export-labels", "--console", console.base(), "--token", ConsoleCasefile.TOKEN));
        all.addAll(List.of(args));
        String said = run(all.toArray(String[]::new));
        assertTrue(said.startsWith("0 "), said);
        return said.substring(2);
    }

    /** The exit code, a space, and what the command printed. */
    private static String run(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = Main.run(args, Map.of(), new PrintStream(printed, true, StandardCharsets.UTF_8));
        return code + " " + printed.toString(StandardCharsets.UTF_8);
    }

    /** What proportional allocation must give: floor of each share, then one more by largest remainder, ties by name. */
    private static Map<String, Integer> largestRemainder(Map<String, Integer> sizes, int n) {
        int total = sizes.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer> counts = new TreeMap<>();
        List<String> byRemainder = new ArrayList<>(sizes.keySet());
        sizes.forEach((s, size) -> counts.put(s, n * size / total));
        byRemainder.sort(Comparator.comparingInt((String s) -> -(n * sizes.get(s) % total)).thenComparing(s -> s));
        int left = n - counts.values().stream().mapToInt(Integer::intValue).sum();
        for (int i = 0; i < left; i++) {
            counts.merge(byRemainder.get(i), 1, Integer::sum);
        }
        counts.values().removeIf(c -> c == 0);
        return counts;
    }

    private static String docVersion(LinkedComplaint complaint) {
        return complaint.getEvidenceTags().stream().filter(t -> t.getKey().equals("doc_version")).map(EvidenceTag::getValue)
                .findFirst().orElse("(none)");
    }

    private static List<JsonObject> lines(String jsonLines) {
        return jsonLines.lines().filter(l -> !l.isBlank()).map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    }

    private static List<String> ids(String jsonLines) {
        return lines(jsonLines).stream().map(l -> l.get("complaint_id").getAsString()).sorted().toList();
    }

    private static List<String> ids(List<LinkedComplaint> complaints) {
        return complaints.stream().map(LinkedComplaint::getComplaintId).sorted().toList();
    }

    private static List<String> strings(JsonObject object, String field) {
        return object.getAsJsonArray(field).asList().stream().map(JsonElement::getAsString).toList();
    }
}
