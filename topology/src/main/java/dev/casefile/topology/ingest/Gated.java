package dev.casefile.topology.ingest;

import java.util.Collections;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * What a gate made of one raw input record: a value for the next stage, keyed by its id, or a dead
 * letter. Each kind says where it goes, so the topology routes without casts.
 */
public sealed interface Gated<T> {

    /** The value for the next stage, keyed by its id (a feedback id, a ticket id, a trace id); none if rejected. */
    List<KeyValue<String, T>> passed();

    /** The raw value for the dead-letter topic, unchanged (null for a tombstone without a key); none if it passed. */
    List<byte[]> deadLetter();

    /** A usable record (or a tombstone that names what it deletes). */
    record Passed<T>(String key, T value) implements Gated<T> {
        @Override
        public List<KeyValue<String, T>> passed() {
            return List.of(KeyValue.pair(key, value));
        }

        @Override
        public List<byte[]> deadLetter() {
            return List.of();
        }
    }

    /** A record that goes, unchanged, to the dead-letter topic, with its reason in the headers. */
    record Rejected<T>(byte[] rawValue, String reason) implements Gated<T> {
        @Override
        public List<KeyValue<String, T>> passed() {
            return List.of();
        }

        @Override
        public List<byte[]> deadLetter() {
            return Collections.singletonList(rawValue);
        }
    }
}
