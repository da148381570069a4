package dev.casefile.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceIdTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedIdIsKeptWithTheStateAndReusedOnRestart() {
        CasefileConfig config = new CasefileConfig(Map.of());
        String first = InstanceId.of(config, dir.resolve("a"));

        assertTrue(first.startsWith("casefile-"), first);
        assertTrue(Files.exists(dir.resolve("a").resolve(InstanceId.FILE)));
        assertEquals(first, InstanceId.of(config, dir.resolve("a")), "the same state directory: the same member");
        assertNotEquals(first, InstanceId.of(config, dir.resolve("b")), "another state directory: another member");
    }

    @Test
    void aConfiguredIdWinsAndWritesNothing() {
        CasefileConfig config = new CasefileConfig(Map.of(CasefileConfig.INSTANCE_ID, "casefile-0"));

        assertEquals("casefile-0", InstanceId.of(config, dir));
        assertFalse(Files.exists(dir.resolve(InstanceId.FILE)));
    }
}
