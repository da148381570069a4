package dev.casefile.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
