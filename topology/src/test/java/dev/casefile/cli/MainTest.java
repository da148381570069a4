package dev.casefile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

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

    @Test
    void runRefusesThePublicHashSecretWithExitCode2AndSaysHowToSetOne() {
        // Nothing starts: the refusal comes before any broker, embedded or not.
        assertEquals(2, Main.run(new String[] {"run"}, Map.of(), out, err));
        String refusal = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(refusal.startsWith("Refusing to start: business.key.hash.secret is the public default"), refusal);
        for (String needed : new String[] {"email_hash", "linked-complaints", "CASEFILE_BUSINESS_KEY_HASH_SECRET",
                "openssl rand -hex 32", "--business-key-hash-secret"}) {
            assertTrue(refusal.contains(needed), needed + " in: " + refusal);
        }
        assertEquals(1, refusal.strip().lines().count(), "one paragraph");
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "nothing on stdout");
    }

    @Test
    void runRefusesTheDefaultOrAnEmptySecretGivenOnPurposeToo() {
        assertEquals(2, Main.run(new String[] {"run", "--business-key-hash-secret", CasefileConfig.DEFAULT_HASH_SECRET},
                Map.of(), out, err));
        assertEquals(2, Main.run(new String[] {"run"}, Map.of("CASEFILE_BUSINESS_KEY_HASH_SECRET", " "), out, err));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("Refusing to start"));
    }

    @Test
    void otherConfigurationErrorsStillComeFirst() {
        assertEquals(2, Main.run(new String[] {"run", "--topic-dql", "oops"}, Map.of(), out, err));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("Configuration error:"));
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theDemoHashesUnderARandomSecretForEachRunUnlessOneIsGiven() {
        String first = Main.demoDefaults(Map.of()).get(CasefileConfig.BUSINESS_KEY_HASH_SECRET);
        String second = Main.demoDefaults(Map.of()).get(CasefileConfig.BUSINESS_KEY_HASH_SECRET);
        assertTrue(first.matches("[0-9a-f]{64}"), "32 random bytes in hex");
        assertNotEquals(first, second);
        assertFalse(new CasefileConfig(Main.demoDefaults(Map.of())).hasPublicHashSecret());
        assertEquals("my-own-demo-secret", Main.demoDefaults(Map.of(CasefileConfig.BUSINESS_KEY_HASH_SECRET,
                "my-own-demo-secret")).get(CasefileConfig.BUSINESS_KEY_HASH_SECRET));
        assertNotEquals("", Main.demoDefaults(Map.of(CasefileConfig.BUSINESS_KEY_HASH_SECRET, ""))
                .get(CasefileConfig.BUSINESS_KEY_HASH_SECRET));
    }
}
