package dev.casefile.topology.store;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** Where Kafka's producer puts a record keyed by a string, so a processor can tell whether a record is already there. */
public final class Partitions {

    private Partitions() {
    }

    /** The partition Kafka's producer gives a record keyed by this string (UTF-8, murmur2), as Streams' repartition does. */
    public static int of(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
