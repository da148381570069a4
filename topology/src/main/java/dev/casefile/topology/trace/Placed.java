package dev.casefile.topology.trace;

import dev.casefile.schema.internal.TraceInput;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/** Where trace placement sends a span fragment: to this task's assembler, or through traces-by-id. */
public sealed interface Placed {

    /** For this task's trace assembler; none if the fragment is elsewhere. */
    List<KeyValue<String, TraceInput>> here();

    /** For traces-by-id; none if the fragment is already here. */
    List<KeyValue<String, TraceInput>> elsewhere();

    /** The record already sits on its trace's partition. */
    record Here(String traceId, TraceInput input) implements Placed {
        @Override
        public List<KeyValue<String, TraceInput>> here() {
            return List.of(KeyValue.pair(traceId, input));
        }

        @Override
        public List<KeyValue<String, TraceInput>> elsewhere() {
            return List.of();
        }
    }

    /** The record must cross traces-by-id to reach its trace. */
    record Elsewhere(String traceId, TraceInput input) implements Placed {
        @Override
        public List<KeyValue<String, TraceInput>> here() {
            return List.of();
        }

        @Override
        public List<KeyValue<String, TraceInput>> elsewhere() {
            return List.of(KeyValue.pair(traceId, input));
        }
    }
}
