package dev.casefile.topology.ingest;

import dev.casefile.serde.UnreadableRecordException;
import dev.casefile.topology.store.IngestTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads a raw input record as a record of the contract, a JSON object or single-object Avro, told
 * apart by its first byte; checks it and normalises it (emails become keyed hashes), and makes it
 * the change the next stage takes, keyed by its id. A record that cannot be read or lacks what
 * Casefile needs becomes a dead letter with the reason. A tombstone with a key is a deletion of what
 * the key names. Personal data is never logged.
 */
final class RecordGate<T, C> extends ContextualFixedKeyProcessor<byte[], byte[], Gated<C>> {

    private final Deserializer<T> deserializer;
    private final Function<T, Optional<Rejection>> problem;
    private final UnaryOperator<T> normalise;
    private final Function<T, String> id;
    private final BiFunction<String, T, C> change;
    private final DeadLetterReport report;

    /**
     * {@code problem} names what is wrong with a decoded record, or is empty when it is usable; {@code id} is the
     * record's own id, and {@code change} makes the change of that id from a record, or from null for a deletion;
     * {@code report} is the stage's, shared by the gates of every task.
     */
    RecordGate(Deserializer<T> deserializer, Function<T, Optional<Rejection>> problem, UnaryOperator<T> normalise,
               Function<T, String> id, BiFunction<String, T, C> change, DeadLetterReport report) {
        this.deserializer = deserializer;
        this.problem = problem;
        this.normalise = normalise;
        this.id = id;
        this.change = change;
        this.report = report;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Gated<C>> context) {
        super.init(context);
        context.schedule(Duration.ofSeconds(10), PunctuationType.WALL_CLOCK_TIME, now -> report.summarise());
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        RecordMetadata source = context().recordMetadata().orElseThrow();
        Rejection rejection = null;
        Gated<C> passed = null;
        if (record.value() == null) {
            if (record.key() != null && record.key().length > 0) {
                String deleted = new String(record.key(), StandardCharsets.UTF_8);
                passed = new Gated.Passed<>(deleted, change.apply(deleted, null));
            } else {
                rejection = new Rejection(DeadLetterCause.TOMBSTONE_WITHOUT_KEY, "tombstone without a key: nothing to delete");
            }
        } else {
            try {
                T value = deserializer.deserialize(source.topic(), record.headers(), record.value());
                rejection = problem.apply(value).orElse(null);
                if (rejection == null) {
                    T usable = normalise.apply(value);
                    String key = id.apply(usable);
                    passed = new Gated.Passed<>(key, change.apply(key, usable));
                }
            } catch (UnreadableRecordException e) {
                rejection = new Rejection(DeadLetterCause.of(e.kind()), e.getMessage());
            } catch (SerializationException e) {
                rejection = new Rejection(DeadLetterCause.UNREADABLE, e.getMessage());
            } catch (RuntimeException e) {
                // Whatever the input, the stream thread goes on: a record nothing above foresaw is a dead letter too.
                rejection = unexpected(e);
            }
        }
        if (passed != null) {
            // Upstream headers stay behind: what Casefile writes downstream depends only on the record's content.
            context().forward(record.withValue(passed).withHeaders(IngestTime.headers(context().currentSystemTimeMs())));
            return;
        }
        report.record(source, rejection.cause());
        Gated<C> rejected = new Gated.Rejected<>(record.value(), rejection.reason());
        context().forward(record.withValue(rejected).withHeaders(DeadLetters.headers(record.headers(), rejection, source)));
    }

    /**
     * An exception no rule of the gate expected. The reason names its type and where it was thrown, not its
     * message, which may quote the record.
     */
    private static Rejection unexpected(RuntimeException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return new Rejection(DeadLetterCause.UNREADABLE, "the record cannot be read: unexpected " + e.getClass().getName()
                + (trace.length == 0 ? "" : " at " + trace[0]) + " while decoding or checking it");
    }
}
