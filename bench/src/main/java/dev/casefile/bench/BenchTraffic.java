package dev.casefile.bench;

import dev.casefile.contract.ComplaintIds;
import dev.casefile.demo.DemoTraffic;
import dev.casefile.demo.OtlpTraceBuilder;
import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.SupportTicket;
import dev.casefile.schema.TurnKey;
import dev.casefile.serde.RecordSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Seeded benchmark traffic, generated lazily so ten million spans never sit in memory at once.
 * Each turn is one trace of 4–8 spans (the root {@code chat.turn}, {@code retrieve.policy_docs},
 * {@code llm.answer} and one to five tool, cache or guardrail spans), in one OTLP record as the
 * Collector writes it with {@code partition_traces_by_id}; a fifth of the traces arrive in two
 * records, the root span a few turns after its children. About 2% of turns get a thumbs-down
 * (planted per document version: v17 4%, v18 1.5%, v19 0.5%), 15% of which overtake their spans;
 * 30% of complained turns get a support ticket, naming the turn one of five ways and arriving
 * hundreds of turns later (a third of them dated days after the feedback). Turn {@code i} is the
 * same for the same seed, whichever range it is generated in.
 */
public final class BenchTraffic {

    /** Planted complaint probability per retrieved document version. */
    public static final Map<String, Double> COMPLAINT_RATE = Map.of("v17", 0.04, "v18", 0.015, "v19", 0.005);
    /** Event time between two turns: 50 turns a second, a large deployment. */
    public static final Duration TURN_SPACING = Duration.ofMillis(20);

    private static final List<String> DOC_VERSIONS = List.of("v17", "v18", "v19");
    private static final List<String> PROMPTS = List.of("refund-v3", "refund-v4", "refund-v5");
    private static final List<String> MODELS = List.of("claude-2025-04-01", "gpt-4.1-2025-04-14");
    private static final List<String> BUCKETS = List.of("control", "treatment");
    private static final List<String> LABELS = List.of("wrong_policy_answer", "thumbs_down", "outdated_info");
    private static final List<String> EXTRA_SPANS = List.of("embed.query", "cache.lookup", "rerank.docs",
            "tool.order_lookup", "guardrail.check");
    private static final double TICKET_SHARE = 0.3;
    private static final double SPLIT_TRACE_SHARE = 0.2;
    private static final double FEEDBACK_FIRST_SHARE = 0.15;
    private static final int WORKSPACES = 60;

    private final long seed;
    private final Duration spacing;
    private final Instant start;
    private final Serializer<FeedbackEvent> feedback;
    private final Serializer<SupportTicket> tickets;

    public BenchTraffic(long seed, Instant start, RecordSerdes serdes) {
        this(seed, start, serdes, TURN_SPACING);
    }

    /** Traffic whose turns are {@code spacing} apart in event time (the soak spreads days over its run). */
    public BenchTraffic(long seed, Instant start, RecordSerdes serdes, Duration spacing) {
        this.spacing = spacing;
        this.seed = seed;
        this.start = start;
        this.feedback = serdes.forType(FeedbackEvent.class, false).serializer();
        this.tickets = serdes.forType(SupportTicket.class, false).serializer();
    }

    /**
     * The records of turns {@code [from, to)} in arrival order; {@code expectations} hears of each
     * complained turn before the first of its records is returned.
     */
    public Records records(long from, long to, Consumer<Expectation> expectations) {
        return new Records(from, to, expectations);
    }

    /** A record held back until turn {@code releaseAt} has been generated. */
    private record Deferred(long releaseAt, long order, BenchRecord record) {
    }

    /** The records of a range of turns, generated as they are taken. */
    public final class Records implements Iterator<BenchRecord> {
        private final long to;
        private final Consumer<Expectation> expectations;
        private final ArrayDeque<BenchRecord> ready = new ArrayDeque<>();
        private final PriorityQueue<Deferred> deferred = new PriorityQueue<>(
                (a, b) -> a.releaseAt != b.releaseAt ? Long.compare(a.releaseAt, b.releaseAt) : Long.compare(a.order, b.order));
        private final long first;
        private long next;
        private long order;

        Records(long from, long to, Consumer<Expectation> expectations) {
            this.first = from;
            this.next = from;
            this.to = to;
            this.expectations = expectations;
        }

        /** Turns generated so far. */
        public long turns() {
            return next - first;
        }

        @Override
        public boolean hasNext() {
            fill();
            return !ready.isEmpty();
        }

        @Override
        public BenchRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void fill() {
            while (ready.isEmpty() && (next < to || !deferred.isEmpty())) {
                if (next < to) {
                    turn(next++);
                    while (!deferred.isEmpty() && deferred.peek().releaseAt <= next) {
                        ready.add(deferred.poll().record);
                    }
                } else {
                    ready.add(deferred.poll().record);
                }
            }
        }

        private void defer(long releaseAt, BenchRecord record) {
            deferred.add(new Deferred(releaseAt, order++, record));
        }

        private void turn(long i) {
            Random random = new Random(seed * 0x9E3779B97F4A7C15L + i);
            HexFormat hex = HexFormat.of();
            Instant served = start.plus(spacing.multipliedBy(i));
            String workspace = "ws_" + (int) (WORKSPACES * random.nextDouble() * random.nextDouble());
            String session = "sess_" + (i / 4);
            String turn = "t" + (i % 4);
            String traceId = hex.formatHex(nonZero(random, 16));
            String root = hex.formatHex(nonZero(random, 8));
            String docVersion = pick(random, DOC_VERSIONS);
            String prompt = pick(random, PROMPTS);
            String model = pick(random, MODELS);
            String responseId = "resp_" + traceId.substring(0, 16);

            OtlpTraceBuilder children = new OtlpTraceBuilder().resource("service.name", "support-assistant")
                    .resource("deployment.environment", "production");
            children.span(traceId, hex.formatHex(nonZero(random, 8)), root, "retrieve.policy_docs", served.plusMillis(10),
                    served.plusMillis(300), false, Map.of("doc_version", docVersion, "retrieval.top_k", "8"));
            int extra = 1 + random.nextInt(5);
            for (int s = 0; s < extra; s++) {
                Instant at = served.plusMillis(300 + 40L * s);
                children.span(traceId, hex.formatHex(nonZero(random, 8)), root, EXTRA_SPANS.get(s), at, at.plusMillis(35),
                        false, Map.of("component", EXTRA_SPANS.get(s).substring(0, EXTRA_SPANS.get(s).indexOf('.'))));
            }
            children.span(traceId, hex.formatHex(nonZero(random, 8)), root, "llm.answer", served.plusMillis(520),
                    served.plusMillis(1700), random.nextDouble() < 0.01, Map.of("prompt_version", prompt,
                            "gen_ai.request.model", model, "model_deployment", model,
                            "experiment_bucket", pick(random, BUCKETS), "gen_ai.response.id", responseId,
                            "gen_ai.usage.output_tokens", Integer.toString(80 + random.nextInt(400))));
            Map<String, String> rootAttributes = Map.of("workspace.id", workspace, "session.id", session, "turn.id", turn);
            boolean split = random.nextDouble() < SPLIT_TRACE_SHARE;
            int spanRecords = split ? 2 : 1;
            String complaintId = null;
            BenchRecord feedbackRecord = null;
            boolean feedbackFirst = false;
            if (random.nextDouble() < COMPLAINT_RATE.get(docVersion)) {
                complaintId = ComplaintIds.of(new TurnKey(workspace, session, turn));
                boolean captured = random.nextDouble() < 0.7;
                FeedbackEvent event = FeedbackEvent.newBuilder()
                        .setFeedbackId("fb_" + i)
                        .setOccurredAt(served.plusSeconds(5 + random.nextInt(600)))
                        .setWorkspaceId(workspace).setSessionId(session).setTurnId(turn)
                        .setTraceId(captured ? traceId : null)
                        .setSurface("web_chat").setLabel(pick(random, LABELS)).setScore(-1.0)
                        .setComplaintText(random.nextDouble() < 0.5 ? "That is not our refund policy any more." : null)
                        .setEvidenceTags(Map.of("prompt_version", prompt))
                        .setBusinessKeys(Map.of("email", "customer" + i + "@example.com"))
                        .build();
                feedbackRecord = new BenchRecord(BenchRecord.Kind.FEEDBACK, utf8(event.getFeedbackId()),
                        feedback.serialize("feedback", event), event.getOccurredAt().toEpochMilli(), 0, complaintId);
                feedbackFirst = random.nextDouble() < FEEDBACK_FIRST_SHARE;
                String ticketId = null;
                if (random.nextDouble() < TICKET_SHARE) {
                    SupportTicket ticket = ticket(random, event, responseId, i);
                    ticketId = ticket.getTicketId();
                    defer(i + 200 + random.nextInt(1800), new BenchRecord(BenchRecord.Kind.TICKETS, utf8(ticketId),
                            tickets.serialize("tickets", ticket), ticket.getUpdatedAt().toEpochMilli(), 0, complaintId));
                }
                expectations.accept(new Expectation(complaintId, traceId, event.getFeedbackId(), ticketId,
                        spanRecords + 1 + (ticketId == null ? 0 : 1)));
            }
            if (feedbackFirst) {
                ready.add(feedbackRecord);
            }
            if (split) {
                ready.add(spans(traceId, children, extra + 2, served, complaintId));
                OtlpTraceBuilder rootOnly = new OtlpTraceBuilder().resource("service.name", "support-assistant")
                        .resource("deployment.environment", "production")
                        .span(traceId, root, null, "chat.turn", served, served.plusMillis(1800), false, rootAttributes);
                defer(i + 1 + random.nextInt(50), spans(traceId, rootOnly, 1, served, complaintId));
            } else {
                children.span(traceId, root, null, "chat.turn", served, served.plusMillis(1800), false, rootAttributes);
                ready.add(spans(traceId, children, extra + 3, served, complaintId));
            }
            if (feedbackRecord != null && !feedbackFirst) {
                defer(i + 1 + random.nextInt(200), feedbackRecord);
            }
        }
    }

    private static BenchRecord spans(String traceId, OtlpTraceBuilder spans, int count, Instant served, String complaintId) {
        return new BenchRecord(BenchRecord.Kind.SPANS, utf8(traceId), spans.toBytes(), served.toEpochMilli(), count,
                complaintId);
    }

    /** A ticket about the complained turn, naming it one of five ways; a third are dated days after the feedback. */
    private static SupportTicket ticket(Random random, FeedbackEvent feedback, String responseId, long i) {
        Instant opened = feedback.getOccurredAt().plus(random.nextDouble() < 0.33
                ? Duration.ofHours(24 + random.nextInt(24)) : Duration.ofMinutes(5 + random.nextInt(120)));
        SupportTicket.Builder ticket = SupportTicket.newBuilder()
                .setTicketId("cs_" + i).setOpenedAt(opened).setUpdatedAt(opened).setStatus("open")
                .setChannel(pick(random, List.of("chat", "email", "web_form"))).setWorkspaceId(feedback.getWorkspaceId())
                .setCategory("wrong_answer").setSubject("The assistant gave a wrong answer")
                .setBody("I asked about returning an order and the bot quoted last year's policy.");
        return DemoTraffic.nameTheTurn(random, ticket, feedback, responseId).build();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] nonZero(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        b[0] |= 1; // an all-zero id is invalid in OTLP
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
