import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Prints, per consumer group and topic, the committed offsets and the end offsets (summed over partitions). */
public class ConsumedOffsets {
    public static void main(String[] args) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", args[0]))) {
            for (var group : admin.listGroups().all().get()) {
                var committed = admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                Map<String, long[]> perTopic = new TreeMap<>();
                committed.forEach((tp, o) -> {
                    long[] sums = perTopic.computeIfAbsent(tp.topic(), k -> new long[2]);
                    sums[0] += o.offset();
                    sums[1] += ends.get(tp).offset();
                });
                perTopic.forEach((topic, s) -> System.out.println(group.groupId() + " " + topic + " " + s[0] + "/" + s[1]));
            }
        }
    }
}
