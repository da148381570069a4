package dev.casefile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void configListsEverySettingWithItsDefault() {
        assertEquals(0, Main.run(new String[] {"config"}, Map.of(), out));
        String listing = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(listing.contains("topic.dlq (string, default: casefile-dlq)"), listing);
        assertTrue(listing.contains("processing.guarantee (string, default: exactly_once_v2)"), listing);
        assertTrue(listing.contains("demo.turns (int, default: 300)"), listing);
    }

    @Test
    void anUnknownSettingStopsBeforeAnythingStartsWithExitCode2() {
        assertEquals(2, Main.run(new String[] {"run", "--topic-dql", "oops"}, Map.of(), out));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("topic.dql"), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownVariableIsNamedByItsVariableNameAndItsValueIsNeverShown() {
        assertEquals(2, Main.run(new String[] {"run"}, Map.of("CASEFILE_CONSOLE_TOKN", "s3cret-value-0123456789"), out));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("Configuration error: environment variable CASEFILE_CONSOLE_TOKN is not a setting"), printed);
        assertTrue(!printed.contains("s3cret"), printed);
    }

    @Test
    void anInvalidEnvironmentValueIsAConfigurationError() {
        assertEquals(2, Main.run(new String[] {"run"}, Map.of("CASEFILE_LOG_LEVEL", "LOUD"), out));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("Configuration error:"));
    }

    @Test
    void anUnknownCommandPrintsTheUsage() {
        assertEquals(2, Main.run(new String[] {"serve"}, Map.of(), out));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("Usage: casefile <command>"));
    }
}
