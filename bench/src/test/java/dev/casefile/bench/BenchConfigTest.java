package dev.casefile.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class BenchConfigTest {

    @Test
    void eachModeHasItsAppsAndAnExplicitListWins() {
        assertEquals(List.of("casefile", "passthrough"), new BenchConfig(Map.of()).apps());
        assertEquals(List.of("casefile", "passthrough", "decoding", "storing"),
                new BenchConfig(Map.of(BenchConfig.MODE, "full")).apps());
        assertEquals(List.of("storing", "casefile"),
                new BenchConfig(Map.of(BenchConfig.MODE, "full", BenchConfig.APPS, "storing,casefile")).apps());
        assertThrows(ConfigException.class, () -> new BenchConfig(Map.of(BenchConfig.APPS, "casefile,kafka")));
    }

    @Test
    void theLatencyLoadIsAFractionOfCasefilesMaximumUnlessARateIsGiven() {
        BenchConfig byDefault = new BenchConfig(Map.of());
        assertEquals(0.0, byDefault.loadRate());
        assertEquals(0.5, byDefault.loadFraction());
        assertEquals(5900.0, new BenchConfig(Map.of(BenchConfig.LOAD_RATE, "5900")).loadRate());
        assertThrows(ConfigException.class, () -> new BenchConfig(Map.of(BenchConfig.LOAD_RATE, "-1")));
    }

    @Test
    void theSoakRunsCasefileAloneForItsMinutesWarmUpIncluded() {
        BenchConfig soak = new BenchConfig(Map.of(BenchConfig.MODE, "soak", BenchConfig.APPS, "passthrough"));
        assertEquals(List.of("casefile"), soak.apps());
        assertEquals(0, soak.caseFiles());
        assertEquals(Duration.ofMinutes(15), soak.latencyWarmup());
        assertEquals(Duration.ofMinutes(30), soak.latencyWarmup().plus(soak.latencyPhase()));
        assertEquals(BenchConfig.SOAK_PRELOAD_TURNS, soak.turns());
        assertThrows(ConfigException.class, () -> new BenchConfig(Map.of(BenchConfig.MODE, "soak", BenchConfig.SOAK_MINUTES, "20")),
                "20 minutes leave too few after the 15 of warm-up");
    }

    @Test
    void theRecoveryModeMeasuresEachSizeWithOneAndTwoInstances() {
        BenchConfig recovery = new BenchConfig(Map.of(BenchConfig.MODE, "recovery", BenchConfig.RECOVERY_TURNS, "250000, 1000000"));
        assertEquals(List.of(250_000, 1_000_000), recovery.recoveryTurns());
        assertEquals(List.of(1, 2), recovery.recoveryInstances());
        assertThrows(ConfigException.class, () -> new BenchConfig(Map.of(BenchConfig.RECOVERY_INSTANCES, "3")));
        assertThrows(ConfigException.class, () -> new BenchConfig(Map.of(BenchConfig.RECOVERY_TURNS, "1e6")));
    }
}
