package dev.casefile.serde;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Registry-free {@link RecordSerdes}: Avro single-object encoding for every record type. */
public final class SingleObjectRecordSerdes implements RecordSerdes {

    private final ConcurrentMap<Class<?>, AvroSingleObjectSerde<?>> serdes = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> Serde<T> forType(Class<T> type, boolean isKey) {
        return (Serde<T>) serdes.computeIfAbsent(type, t -> new AvroSingleObjectSerde<>(type));
    }
}
