package dev.casefile.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.serialization.Serde;

/**
 * The configuration point for how Casefile's Avro records are put on the wire. The default,
 * {@link SingleObjectRecordSerdes}, needs no registry; a registry-backed implementation can replace
 * it through the {@code record.serdes} setting without touching the topology.
 */
public interface RecordSerdes extends Configurable {

    /** A serde for values (or keys) of the given generated record class. */
    <T extends SpecificRecord> Serde<T> forType(Class<T> type, boolean isKey);

    @Override
    default void configure(Map<String, ?> configs) {
    }
}
