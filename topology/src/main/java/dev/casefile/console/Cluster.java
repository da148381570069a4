package dev.casefile.console;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where a query runs: a key lookup on the instance that owns the key's partition
 * ({@code queryMetadataForKey}), a secondary-index query on every instance holding active
 * partitions of the store, whose answers the caller merges.
 */
final class Cluster {

    /** A value and the instance that read it. */
    record Served<T>(T value, HostInfo servedBy) {
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Remote remote;
    private final StringSerializer keys = new StringSerializer();

    Cluster(KafkaStreams streams, HostInfo self, Remote remote) {
        this.streams = streams;
        this.self = self;
        this.remote = remote;
    }

    HostInfo self() {
        return self;
    }

    /** Runs {@code here} if this instance owns {@code key} of {@code store}, else asks the owner's {@code path}. */
    <T> Served<T> onOwner(String store, String key, Supplier<T> here, String path, Map<String, String> params, Type type) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, keys);
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw ApiException.unavailable("no instance owns this key right now (starting or rebalancing); retry");
        }
        HostInfo owner = metadata.activeHost();
        if (owner.equals(self)) {
            return new Served<>(here.get(), self);
        }
        return new Served<>(remote.get(owner, path, params, type), owner);
    }

    /** Runs {@code here} locally and {@code path} on every other instance with active partitions of {@code store}. */
    <T> List<T> onEveryInstance(String store, Supplier<T> here, String path, Map<String, String> params, Type type) {
        List<HostInfo> hosts = new ArrayList<>();
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            if (instance.stateStoreNames().contains(store)) {
                hosts.add(instance.hostInfo());
            }
        }
        if (hosts.isEmpty()) {
            throw ApiException.unavailable("no instance holds the " + store + " store right now (starting or rebalancing); retry");
        }
        List<T> answers = new ArrayList<>();
        for (HostInfo host : hosts) {
            answers.add(host.equals(self) ? here.get() : remote.<T>get(host, path, params, type));
        }
        return answers;
    }
}
