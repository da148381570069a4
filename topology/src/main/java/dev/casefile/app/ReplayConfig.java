package dev.casefile.app;

import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of the {@code replay-dlq} command only (keys start with {@code replay.}). */
public final class ReplayConfig extends AbstractConfig {

    public static final String PREFIX = "replay.";
    public static final String SOURCE_TOPIC = "replay.source.topic";
    public static final String GROUP_ID = "replay.group.id";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(SOURCE_TOPIC, Type.STRING, "", MEDIUM,
                    "Replay only dead letters that came from this topic; empty replays all of them.")
            .define(GROUP_ID, Type.STRING, "casefile-dlq-replayer", new ConfigDef.NonEmptyString(), LOW,
                    "Consumer group whose committed offsets remember which dead letters were replayed, so none is "
                            + "replayed twice.");

    public ReplayConfig(Map<String, ?> props) {
        super(DEFINITION, props, false);
    }

    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    public String sourceTopic() {
        return getString(SOURCE_TOPIC).trim();
    }

    public String groupId() {
        return getString(GROUP_ID);
    }
}
