package dev.casefile.demo;

import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SupportTicket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded demo traffic: answered turns in three workspaces, traced with OTLP spans (several traces
 * per record, as a Collector batches them), thumbs-downs on some of them, and support tickets on
 * about a third of those, naming the trace, the feedback, the turn, or only a business key (the
 * pasted response id, the customer's email), some of them days late. The complaint probability is
 * planted per retrieved document version, so the stale {@code doc_version=v17} draws far more
 * complaints than v18 and v19. From the next hour on, a new prompt version is rolled out to half of
 * the traffic, and draws more complaints than the prompts it replaces: the rollout alert's case.
 */
public final class DemoTraffic {

    /** Planted complaint probability per document version. */
    public static final Map<String, Double> COMPLAINT_RATE = Map.of("v17", 0.30, "v18", 0.05, "v19", 0.02);

    private static final List<String> WORKSPACES = List.of("acme_eu", "globex_us", "initech_de");
    private static final List<String> DOC_VERSIONS = List.of("v17", "v18", "v19");
    private static final List<String> PROMPTS = List.of("refund-v3", "refund-v4");
    private static final List<String> MODELS = List.of("claude-2025-04-01", "gpt-4.1-2025-04-14");
    private static final List<String> BUCKETS = List.of("control", "treatment");
    private static final List<String> LABELS = List.of("wrong_policy_answer", "thumbs_down", "outdated_info");
    private static final int TRACES_PER_RECORD = 5;
    private static final double TICKET_SHARE = 0.3;

    /** One produced record: to the spans topic (OTLP bytes) or the feedback topic. */
    public sealed interface Event {
        Instant at();
    }

    /** An OTLP record holding the spans of several turns. */
    public record SpanBatch(byte[] otlp, Instant at) implements Event {
    }

    /** A thumbs-down. */
    public record Feedback(FeedbackEvent event) implements Event {
        @Override
        public Instant at() {
            return event.getOccurredAt();
        }
    }

    /** A support ticket about a complained-about turn. */
    public record Ticket(SupportTicket ticket) implements Event {
        @Override
        public Instant at() {
            return ticket.getUpdatedAt();
        }
    }

    /** What users ask, and what the assistant answers from each document version (v17 is stale). */
    private static final List<String> QUESTIONS = List.of("Can I get a refund on my annual contract?",
            "How do I cancel my plan?", "Is a refund possible after 60 days?", "Where do I see my invoices?");
    private static final Map<String, String> POLICY = Map.of(
            "v17", "Annual contracts are refundable anytime.",
            "v18", "Annual contracts are refundable within 30 days of purchase.",
            "v19", "Annual contracts are refundable within 30 days; after that you can cancel at renewal.");

    /** The prompt version rolled out after the first turns, to half of the traffic. */
    public static final String ROLLOUT_PROMPT = "refund-v5";
    /** How much more likely a complaint is on the rolled-out prompt, on top of its document version's rate. */
    public static final double ROLLOUT_LIFT = 0.30;
    /** Turns of the rollout per turn before it. */
    private static final int ROLLOUT_TURNS_PER_TURN = 2;

    private DemoTraffic() {
    }

    /** When the rollout starts: the first hour boundary after the first {@code turns} turns from {@code start}. */
    public static Instant rolloutStart(int turns, Instant start) {
        Instant end = start.plus(Duration.ofSeconds(7L * turns));
        return end.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    }

    /** The answer to turn {@code i}, from the policy its retrieved document version states; no randomness is drawn. */
    private static String answer(String docVersion, int i) {
        return i % QUESTIONS.size() == 3 ? "Invoices are under Billing, then History." : POLICY.get(docVersion);
    }

    /**
     * {@code turns} answered turns from {@code start} on, then a rollout of {@link #ROLLOUT_PROMPT} to half of twice as many
     * turns from the next hour on, and their complaints, the rollout's worse by {@link #ROLLOUT_LIFT}; the same seed gives
     * the same traffic.
     */
    public static List<Event> generate(int turns, long seed, Instant start) {
        return generate(turns, seed, start, ROLLOUT_LIFT);
    }

    /** The same traffic with the rolled-out prompt's complaint probability raised by {@code rolloutLift} (0: as good as the others). */
    public static List<Event> generate(int turns, long seed, Instant start, double rolloutLift) {
        Random random = new Random(seed);
        HexFormat hex = HexFormat.of();
        List<Event> events = new ArrayList<>();
        List<Event> lateFeedback = new ArrayList<>();
        OtlpTraceBuilder batch = new OtlpTraceBuilder().resource("service.name", "support-assistant");
        int inBatch = 0;
        int total = turns * (1 + ROLLOUT_TURNS_PER_TURN);
        Instant rollout = rolloutStart(turns, start);
        for (int i = 0; i < total; i++) {
            boolean rollingOut = i >= turns;
            Instant served = rollingOut ? rollout.plus(Duration.ofSeconds(7L * (i - turns))) : start.plus(Duration.ofSeconds(7L * i));
            String workspace = pick(random, WORKSPACES);
            String session = "sess_" + (1000 + i / 3);
            String turn = String.format("%02d", 1 + i % 3);
            String traceId = hex.formatHex(bytes(random, 16));
            String root = hex.formatHex(bytes(random, 8));
            String docVersion = pick(random, DOC_VERSIONS);
            String prompt = rollingOut && random.nextDouble() < 0.5 ? ROLLOUT_PROMPT : pick(random, PROMPTS);
            String model = pick(random, MODELS);
            batch.span(traceId, root, null, "chat.turn", served, served.plusMillis(1800), false,
                    Map.of("workspace.id", workspace, "session.id", session, "turn.id", turn));
            batch.span(traceId, hex.formatHex(bytes(random, 8)), root, "retrieve.policy_docs", served.plusMillis(10),
                    served.plusMillis(300), false, Map.of("doc_version", docVersion));
            batch.span(traceId, hex.formatHex(bytes(random, 8)), root, "llm.answer", served.plusMillis(310),
                    served.plusMillis(1700), random.nextDouble() < 0.01, Map.of("prompt_version", prompt,
                            "gen_ai.request.model", model, "model_deployment", model,
                            "experiment_bucket", pick(random, BUCKETS),
                            "gen_ai.response.id", "resp_" + traceId.substring(0, 12),
                            "gen_ai.input.messages", GenAiMessages.input(QUESTIONS.get(i % QUESTIONS.size())),
                            "gen_ai.output.messages", GenAiMessages.output(answer(docVersion, i))));
            if (++inBatch == TRACES_PER_RECORD || i == turns - 1 || i == total - 1) {
                events.add(new SpanBatch(batch.toBytes(), served));
                batch = new OtlpTraceBuilder().resource("service.name", "support-assistant");
                inBatch = 0;
            }
            double planted = COMPLAINT_RATE.get(docVersion) + (ROLLOUT_PROMPT.equals(prompt) ? rolloutLift : 0);
            if (random.nextDouble() < planted) {
                boolean captured = random.nextDouble() < 0.7;
                FeedbackEvent feedback = FeedbackEvent.newBuilder()
                        .setFeedbackId("fb_" + session + "_" + turn)
                        .setOccurredAt(served.plusSeconds(5 + random.nextInt(600)))
                        .setWorkspaceId(workspace).setSessionId(session).setTurnId(turn)
                        .setTraceId(captured ? traceId : null)
                        .setSurface("web_chat").setLabel(pick(random, LABELS)).setScore(-1.0)
                        .setEvidenceTags(Map.of("prompt_version", prompt))
                        .setBusinessKeys(Map.of("email", "customer" + i + "@example.com"))
                        .build();
                // Some feedback overtakes its spans, as it does when the exporter batches.
                (random.nextDouble() < 0.15 ? events : lateFeedback).add(new Feedback(feedback));
                if (random.nextDouble() < TICKET_SHARE) {
                    lateFeedback.add(new Ticket(ticket(random, feedback, "resp_" + traceId.substring(0, 12), i)));
                }
            }
        }
        events.addAll(lateFeedback);
        return List.copyOf(events);
    }

    /** A ticket about the complained turn, naming it one of five ways; a third of them arrive days later. */
    private static SupportTicket ticket(Random random, FeedbackEvent feedback, String responseId, int n) {
        Instant opened = feedback.getOccurredAt().plus(random.nextDouble() < 0.33
                ? Duration.ofDays(1 + random.nextInt(3)) : Duration.ofMinutes(5 + random.nextInt(120)));
        SupportTicket.Builder ticket = SupportTicket.newBuilder()
                .setTicketId("cs_" + (5000 + n)).setOpenedAt(opened).setUpdatedAt(opened).setStatus("open")
                .setChannel(pick(random, List.of("chat", "email", "web_form"))).setWorkspaceId(feedback.getWorkspaceId())
                .setCategory("wrong_answer").setSubject("The assistant gave a wrong answer");
        return nameTheTurn(random, ticket, feedback, responseId).build();
    }

    /**
     * Lets {@code ticket} name the complained turn one of five ways, as helpdesks do: the trace id the
     * UI captured (else the feedback id), the feedback id, the session and turn, the pasted response
     * id, or only the customer's email (shared with the benchmark's traffic).
     */
    public static SupportTicket.Builder nameTheTurn(Random random, SupportTicket.Builder ticket, FeedbackEvent feedback,
                                                    String responseId) {
        switch (random.nextInt(5)) {
            case 0 -> {
                if (feedback.getTraceId() != null) {
                    ticket.setTraceId(feedback.getTraceId());
                } else {
                    ticket.setFeedbackId(feedback.getFeedbackId());
                }
            }
            case 1 -> ticket.setFeedbackId(feedback.getFeedbackId());
            case 2 -> ticket.setSessionId(feedback.getSessionId()).setTurnId(feedback.getTurnId());
            case 3 -> ticket.setBusinessKeys(Map.of("response_id", responseId));
            default -> ticket.setRequesterEmail(feedback.getBusinessKeys().get("email"));
        }
        return ticket;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        b[0] |= 1; // never all zero: an all-zero id is invalid in OTLP
        return b;
    }
}
