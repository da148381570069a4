package dev.casefile.topology.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a raw input record as an Avro record, checks it and normalises it (emails become keyed
 * hashes), and makes it the change the next stage takes, keyed by its id; a record that cannot be
 * read or lacks what Casefile needs becomes a dead letter with the reason. A tombstone with a key is
 * a deletion of what the key names. Personal data is never logged: the log line names the topic,
 * partition, offset and reason only.
 */
final class AvroGate<T, C> extends ContextualFixedKeyProcessor<byte[], byte[], Gated<C>> {

    private static final Logger LOG = LoggerFactory.getLogger(AvroGate.class);

    private final Deserializer<T> deserializer;
    private final Function<T, Optional<String>> problem;
    private final UnaryOperator<T> normalise;
    private final Function<T, String> id;
    private final BiFunction<String, T, C> change;

    /**
     * {@code problem} names what is wrong with a decoded record, or is empty when it is usable; {@code id} is the
     * record's own id, and {@code change} makes the change of that id from a record, or from null for a deletion.
     */
    AvroGate(Deserializer<T> deserializer, Function<T, Optional<String>> problem, UnaryOperator<T> normalise,
             Function<T, String> id, BiFunction<String, T, C> change) {
        this.deserializer = deserializer;
        this.problem = problem;
        this.normalise = normalise;
        this.id = id;
        this.change = change;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        RecordMetadata source = context().recordMetadata().orElseThrow();
        Optional<String> reason;
        T value = null;
        if (record.value() == null) {
            if (record.key() != null && record.key().length > 0) {
                String deleted = new String(record.key(), StandardCharsets.UTF_8);
                context().forward(record.withValue(new Gated.Passed<>(deleted, change.apply(deleted, null))));
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
            T usable = normalise.apply(value);
            String key = id.apply(usable);
            // Upstream headers stay behind: what Casefile writes downstream depends only on the record's content.
            context().forward(record.withValue(new Gated.Passed<>(key, change.apply(key, usable))).withHeaders(new RecordHeaders()));
            return;
        }
        LOG.warn("Record to dead letters: topic={} partition={} offset={} reason={}",
                source.topic(), source.partition(), source.offset(), reason.get());
        Gated<C> rejected = new Gated.Rejected<>(record.value(), reason.get());
        context().forward(record.withValue(rejected).withHeaders(DeadLetters.headers(record.headers(), reason.get(), source)));
    }
}
