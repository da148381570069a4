package dev.casefile.topology;

/** What an input gate made of one raw record: a usable value, or a dead letter with its reason. */
sealed interface Gated<T> {

    /** A record that passed the gate. */
    record Accepted<T>(T value) implements Gated<T> {
    }

    /** A tombstone (null value) with a key: the deletion of what the key names. */
    record Deleted<T>(String key) implements Gated<T> {
    }

    /** A record that goes, unchanged, to the dead-letter topic. */
    record Rejected<T>(byte[] rawValue, String reason) implements Gated<T> {
    }
}
