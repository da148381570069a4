package dev.casefile.topology.registry;

import dev.casefile.schema.TurnKey;
import dev.casefile.schema.internal.TraceInput;
import dev.casefile.schema.internal.TurnEvent;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * Where the feedback registrar sends a feedback event (or its removal): to its turn, or, when it names
 * no session and turn, to the trace it captured. Each kind says where it goes.
 */
public sealed interface FeedbackRoute {

    /** For the turn-keyed topic; none if the feedback goes to a trace. */
    List<KeyValue<TurnKey, TurnEvent>> toTurn();

    /** For the trace-keyed topic; none if the feedback goes to a turn. */
    List<KeyValue<String, TraceInput>> toTrace();

    /** To the turn store, through turn-events. */
    record ToTurn(TurnKey turn, TurnEvent event) implements FeedbackRoute {
        @Override
        public List<KeyValue<TurnKey, TurnEvent>> toTurn() {
            return List.of(KeyValue.pair(turn, event));
        }

        @Override
        public List<KeyValue<String, TraceInput>> toTrace() {
            return List.of();
        }
    }

    /** To the trace store, through traces-by-id. */
    record ToTrace(String traceId, TraceInput input) implements FeedbackRoute {
        @Override
        public List<KeyValue<TurnKey, TurnEvent>> toTurn() {
            return List.of();
        }

        @Override
        public List<KeyValue<String, TraceInput>> toTrace() {
            return List.of(KeyValue.pair(traceId, input));
        }
    }
}
