package dev.casefile.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a raw input record as an Avro record, checks it and normalises it (emails become keyed
 * hashes); a record that cannot be read or lacks what Casefile needs becomes a dead letter with the
 * reason. A tombstone with a key is a deletion. Personal data is never logged: the log line names
 * the topic, partition, offset and reason only.
 */
final class AvroGate<T> extends ContextualFixedKeyProcessor<byte[], byte[], Gated<T>> {

    private static final Logger LOG = LoggerFactory.getLogger(AvroGate.class);

    private final Deserializer<T> deserializer;
    private final Function<T, Optional<String>> problem;
    private final UnaryOperator<T> normalise;

    /** {@code problem} names what is wrong with a decoded record, or is empty when it is usable. */
    AvroGate(Deserializer<T> deserializer, Function<T, Optional<String>> problem, UnaryOperator<T> normalise) {
        this.deserializer = deserializer;
        this.problem = problem;
        this.normalise = normalise;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        RecordMetadata source = context().recordMetadata().orElseThrow();
        Optional<String> reason;
        T value = null;
        if (record.value() == null) {
            if (record.key() != null && record.key().length > 0) {
                context().forward(record.withValue(new Gated.Deleted<>(new String(record.key(), StandardCharsets.UTF_8))));
                return;
            }
            reason = Optional.of("tombstone without a key: nothing to delete");
        } else {
            try {
                value = deserializer.deserialize(source.topic(), record.headers(), record.value());
                reason = problem.apply(value);
            } catch (SerializationException e) {
                reason = Optional.of(e.getMessage());
            }
        }
        if (reason.isEmpty()) {
            // Upstream headers stay behind: what Casefile writes downstream depends only on the record's content.
            context().forward(record.withValue(new Gated.Accepted<>(normalise.apply(value))).withHeaders(new RecordHeaders()));
            return;
        }
        LOG.warn("Record to dead letters: topic={} partition={} offset={} reason={}",
                source.topic(), source.partition(), source.offset(), reason.get());
        context().forward(record.withValue((Gated<T>) new Gated.Rejected<T>(record.value(), reason.get()))
                .withHeaders(DeadLetters.headers(record.headers(), reason.get(), source)));
    }
}
