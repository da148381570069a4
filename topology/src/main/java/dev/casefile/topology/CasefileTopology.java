package dev.casefile.topology;

import dev.casefile.schema.FeedbackEvent;
import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.TraceFragment;
import dev.casefile.schema.internal.TraceInput;
import dev.casefile.schema.internal.TraceState;
import dev.casefile.schema.internal.TurnEvent;
import dev.casefile.schema.internal.TurnState;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.spans.OtlpSpanDecoder;
import dev.casefile.topics.CasefileTopics;
import dev.casefile.topics.TopicSpec;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The Casefile topology, a pure function of its topics, settings and serdes.
 *
 * <pre>
 * otlp_spans ─▶ spans-gate ─┬─▶ casefile-dlq
 *                           └─▶ [traces-by-id] ─▶ trace-assembler (trace-store) ─┐
 * feedback ──▶ feedback-gate ┬─▶ casefile-dlq                                    │
 *                            ├─ trace id only ─▶ [traces-by-id]                  │
 *                            └─ session/turn ──────────────────────────────────┐ │
 *                                                                              ▼ ▼
 *                            [turn-events] ─▶ turn-linker (turn-store) ─▶ linked-complaints
 * </pre>
 */
public final class CasefileTopology {

    private CasefileTopology() {
    }

    /** Builds the topology; no I/O happens here. */
    public static Topology build(CasefileTopics topics, TopologySettings settings, RecordSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<TurnKey> turnKeySerde = serdes.forType(TurnKey.class, true);
        Serde<TurnEvent> turnEventSerde = serdes.forType(TurnEvent.class, false);
        Serde<TraceInput> traceInputSerde = serdes.forType(TraceInput.class, false);

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.TRACE_STORE),
                Serdes.String(), serdes.forType(TraceState.class, false)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.TURN_STORE),
                turnKeySerde, serdes.forType(TurnState.class, false)));

        // Spans: decode each OTLP record into one fragment per trace.
        Map<String, KStream<byte[], Gated<TraceFragment>>> spans = source(builder, topics.spans(), Names.SPANS_SOURCE)
                .processValues(() -> new SpanGate(new OtlpSpanDecoder(settings.spanMapping())), Named.as(Names.SPANS_GATE))
                .split(Named.as("spans-"))
                .branch((k, v) -> v instanceof Gated.Rejected, Branched.as("rejected"))
                .defaultBranch(Branched.as("accepted"));
        KStream<String, TraceInput> fragments = spans.get("spans-accepted")
                .map((k, v) -> {
                    TraceFragment fragment = ((Gated.Accepted<TraceFragment>) v).value();
                    return KeyValue.pair(fragment.getTraceId(), new TraceInput(fragment));
                }, Named.as("fragments-by-trace"));

        // Feedback: by turn when it names one, else by the trace it names.
        Map<String, KStream<byte[], Gated<FeedbackEvent>>> feedback = source(builder, topics.feedback(), Names.FEEDBACK_SOURCE)
                .processValues(() -> new AvroGate<>(serdes.forType(FeedbackEvent.class, false).deserializer(),
                        Validation::feedback), Named.as(Names.FEEDBACK_GATE))
                .split(Named.as("feedback-"))
                .branch((k, v) -> v instanceof Gated.Rejected, Branched.as("rejected"))
                .branch((k, v) -> namesTurn(accepted(v)), Branched.as("by-turn"))
                .defaultBranch(Branched.as("by-trace"));
        KStream<String, TraceInput> traceOnlyFeedback = feedback.get("feedback-by-trace")
                .map((k, v) -> KeyValue.pair(accepted(v).getTraceId(), new TraceInput(accepted(v))),
                        Named.as("feedback-by-trace-id"));
        KStream<TurnKey, TurnEvent> turnFeedback = feedback.get("feedback-by-turn")
                .map((k, v) -> KeyValue.pair(turnOf(accepted(v)), new TurnEvent(accepted(v))),
                        Named.as("feedback-by-turn-key"));

        deadLetters(topics, spans.get("spans-rejected"), "spans");
        deadLetters(topics, feedback.get("feedback-rejected"), "feedback");

        // Traces: assembled per trace id, then told to their turn.
        KStream<TurnKey, TurnEvent> traceViews = fragments
                .merge(traceOnlyFeedback, Named.as("trace-inputs"))
                .repartition(Repartitioned.<String, TraceInput>as(Names.TRACES_BY_ID)
                        .withKeySerde(Serdes.String()).withValueSerde(traceInputSerde))
                .process(() -> new TraceAssembler(settings.spanMapping(), settings.maxSpansPerTrace()),
                        Named.as(Names.TRACE_ASSEMBLER), Names.TRACE_STORE);

        // Turns: all evidence of one turn meets in one task.
        traceViews.merge(turnFeedback, Named.as("turn-inputs"))
                .repartition(Repartitioned.<TurnKey, TurnEvent>as(Names.TURN_EVENTS)
                        .withKeySerde(turnKeySerde).withValueSerde(turnEventSerde))
                .process(TurnLinker::new, Named.as(Names.TURN_LINKER), Names.TURN_STORE)
                .to(topics.linkedComplaints().name(), Produced.with(topics.linkedComplaints().keySerde(),
                        topics.linkedComplaints().valueSerde()).withName(Names.LINKED_COMPLAINTS_SINK));

        return builder.build();
    }

    private static KStream<byte[], byte[]> source(StreamsBuilder builder, TopicSpec<byte[], byte[]> topic, String name) {
        return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name));
    }

    private static <T> void deadLetters(CasefileTopics topics, KStream<byte[], Gated<T>> rejected, String from) {
        rejected.mapValues(v -> ((Gated.Rejected<T>) v).rawValue(), Named.as(from + "-dead-letter-values"))
                .to(topics.deadLetters().name(), Produced.with(topics.deadLetters().keySerde(),
                        topics.deadLetters().valueSerde()).withName(from + "-" + Names.DEAD_LETTERS_SINK));
    }

    private static <T> T accepted(Gated<T> gated) {
        return ((Gated.Accepted<T>) gated).value();
    }

    private static boolean namesTurn(FeedbackEvent event) {
        return !Validation.blank(event.getSessionId()) && !Validation.blank(event.getTurnId());
    }

    private static TurnKey turnOf(FeedbackEvent event) {
        return new TurnKey(event.getWorkspaceId(), event.getSessionId(), event.getTurnId());
    }
}
