package dev.casefile.topology.trace;

import dev.casefile.schema.internal.TraceFragment;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/** Where trace placement sends a span fragment: to this task's assembler, or through traces-by-id. */
public sealed interface Placed {

    /** For this task's trace assembler; none if the fragment is elsewhere. */
    List<KeyValue<String, TraceFragment>> here();

    /** For traces-by-id; none if the fragment is already here. */
    List<KeyValue<String, TraceFragment>> elsewhere();

    /** The record already sits on its trace's partition. */
    record Here(String traceId, TraceFragment input) implements Placed {
        @Override
        public List<KeyValue<String, TraceFragment>> here() {
            return List.of(KeyValue.pair(traceId, input));
        }

        @Override
        public List<KeyValue<String, TraceFragment>> elsewhere() {
            return List.of();
        }
    }

    /** The record must cross traces-by-id to reach its trace. */
    record Elsewhere(String traceId, TraceFragment input) implements Placed {
        @Override
        public List<KeyValue<String, TraceFragment>> here() {
            return List.of();
        }

        @Override
        public List<KeyValue<String, TraceFragment>> elsewhere() {
            return List.of(KeyValue.pair(traceId, input));
        }
    }
}
