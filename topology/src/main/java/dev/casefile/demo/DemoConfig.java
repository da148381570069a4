package dev.casefile.demo;

import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of the {@code demo} command only (keys start with {@code demo.}). */
public final class DemoConfig extends AbstractConfig {

    public static final String PREFIX = "demo.";
    public static final String TURNS = "demo.turns";
    public static final String SEED = "demo.seed";
    public static final String EXIT_AFTER_MS = "demo.exit.after.ms";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(TURNS, Type.INT, 300, between(0, 1_000_000), LOW, "Generated answered turns besides the worked example.")
            .define(SEED, Type.LONG, 42L, LOW, "Seed of the generated traffic; the same seed gives the same traffic.")
            .define(EXIT_AFTER_MS, Type.LONG, 0L, atLeast(0), LOW,
                    "Stop the demo this long after the last record was published; 0 runs until stopped (Ctrl-C).");

    public DemoConfig(Map<String, ?> props) {
        super(DEFINITION, props, false);
    }

    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    public int turns() {
        return getInt(TURNS);
    }

    public long seed() {
        return getLong(SEED);
    }

    public long exitAfterMs() {
        return getLong(EXIT_AFTER_MS);
    }
}
