package dev.casefile.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {

    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir
    Path dir;

    @Test
    void mapsADashedFlagFollowedByItsValueToTheDottedKey() {
        assertEquals(Map.of("bootstrap.servers", "host:1"),
                ConfigSources.resolve(List.of("--bootstrap-servers", "host:1"), NO_ENV));
    }

    @Test
    void mapsADottedFlagWithAnEqualsSignToTheSameKey() {
        assertEquals(Map.of("bootstrap.servers", "host:1"),
                ConfigSources.resolve(List.of("--bootstrap.servers=host:1"), NO_ENV));
    }

    @Test
    void keepsEverythingAfterTheFirstEqualsSignAsTheValue() {
        assertEquals(Map.of("kafka.sasl.jaas.config", "a=b c=d", "topic.dlq", ""),
                ConfigSources.resolve(List.of("--kafka-sasl-jaas-config=a=b c=d", "--topic-dlq="), NO_ENV));
    }

    @Test
    void letsTheLastOfTwoFlagsForOneKeyWin() {
        assertEquals(Map.of("bootstrap.servers", "host:2"),
                ConfigSources.resolve(List.of("--bootstrap-servers", "host:1", "--bootstrap.servers=host:2"), NO_ENV));
    }

    @Test
    void mapsPrefixedEnvironmentVariablesToLowercaseDottedKeys() {
        Map<String, String> env = Map.of(
                "CASEFILE_BOOTSTRAP_SERVERS", "host:1",
                "CASEFILE_KAFKA_SECURITY_PROTOCOL", "SSL");

        assertEquals(Map.of("bootstrap.servers", "host:1", "kafka.security.protocol", "SSL"),
                ConfigSources.resolve(List.of(), env));
    }

    @Test
    void ignoresEnvironmentVariablesWithoutThePrefix() {
        Map<String, String> env = Map.of(
                "BOOTSTRAP_SERVERS", "host:1",
                "PATH", "/usr/bin",
                "KAFKA_SECURITY_PROTOCOL", "SSL",
                "casefile_application_id", "lowercase-prefix",
                "XCASEFILE_STATE_DIR", "/tmp/x",
                "CASEFILE_", "prefix-alone");

        assertEquals(Map.of(), ConfigSources.resolve(List.of(), env));
    }

    @Test
    void readsTheConfigFileThatAFlagNamesWithoutKeepingTheFlagAsASetting() throws IOException {
        Path file = propertiesFile("bootstrap.servers = file:1  ", "topic.dlq=dead");

        Map<String, String> fromSpaced = ConfigSources.resolve(List.of("--config-file", file.toString()), NO_ENV);
        Map<String, String> fromEquals = ConfigSources.resolve(List.of("--config.file=" + file), NO_ENV);

        assertEquals(Map.of("bootstrap.servers", "file:1", "topic.dlq", "dead"), fromSpaced,
                "values are trimmed");
        assertEquals(fromSpaced, fromEquals);
    }

    @Test
    void letsTheEnvironmentBeatTheFileAndAFlagBeatBoth() throws IOException {
        Path file = propertiesFile(
                "topic.feedback=feedback-from-file",
                "topic.tickets=tickets-from-file",
                "bootstrap.servers=file:1");
        Map<String, String> env = Map.of(
                "CASEFILE_TOPIC_TICKETS", "tickets-from-env",
                "CASEFILE_BOOTSTRAP_SERVERS", "env:1");
        List<String> flags = List.of("--config-file", file.toString(), "--bootstrap-servers", "flag:1");

        Map<String, String> settings = ConfigSources.resolve(flags, env);

        assertEquals(Map.of(
                "topic.feedback", "feedback-from-file",
                "topic.tickets", "tickets-from-env",
                "bootstrap.servers", "flag:1"), settings);
    }

    @Test
    void namesEveryDeclaredSettingTheSameWayAsAFlagAndAsAnEnvironmentVariable() {
        for (String key : CasefileConfig.definition().names()) {
            String flag = "--" + key.replace('.', '-');
            String variable = ConfigSources.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');

            assertEquals(Map.of(key, "from-flag"), ConfigSources.resolve(List.of(flag, "from-flag"), NO_ENV), flag);
            assertEquals(Map.of(key, "from-env"), ConfigSources.resolve(List.of(), Map.of(variable, "from-env")),
                    variable);
        }
    }

    @Test
    void rejectsAFlagWithoutAValue() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigSources.resolve(List.of("--application-id", "casefile", "--bootstrap-servers"), NO_ENV));

        assertTrue(e.getMessage().startsWith("Flag --bootstrap-servers needs a value"), e.getMessage());
    }

    @Test
    void rejectsAFlagFollowedByAnotherFlagInsteadOfTakingItAsTheValue() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigSources.resolve(List.of("--state-dir", "--application-id", "x"), NO_ENV));

        assertTrue(e.getMessage().startsWith("Flag --state-dir needs a value"), e.getMessage());
        assertEquals(Map.of("state.dir", "--odd"), ConfigSources.resolve(List.of("--state-dir=--odd"), NO_ENV));
    }

    @Test
    void readsTheConfigFileThatTheEnvironmentNamesUnlessAFlagNamesAnother() throws IOException {
        Path fromEnv = Files.writeString(dir.resolve("env.properties"), "application.id=from-env-file\n");
        Path fromFlag = Files.writeString(dir.resolve("flag.properties"), "application.id=from-flag-file\n");
        Map<String, String> env = Map.of("CASEFILE_CONFIG_FILE", fromEnv.toString());

        assertEquals(Map.of("application.id", "from-env-file"), ConfigSources.resolve(List.of(), env));
        assertEquals(Map.of("application.id", "from-flag-file"),
                ConfigSources.resolve(List.of("--config-file", fromFlag.toString()), env));
    }

    @Test
    void rejectsABareWord() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigSources.resolve(List.of("host:1"), NO_ENV));

        assertEquals("Unexpected argument 'host:1': settings are given as --key value or --key=value",
                e.getMessage());
    }

    @Test
    void rejectsASingleDashFlagAndABareDoubleDash() {
        ConfigException singleDash = assertThrows(ConfigException.class,
                () -> ConfigSources.resolve(List.of("-bootstrap-servers", "host:1"), NO_ENV));
        ConfigException doubleDash = assertThrows(ConfigException.class,
                () -> ConfigSources.resolve(List.of("--"), NO_ENV));

        assertTrue(singleDash.getMessage().startsWith("Unexpected argument '-bootstrap-servers'"),
                singleDash.getMessage());
        assertTrue(doubleDash.getMessage().startsWith("Unexpected argument '--'"), doubleDash.getMessage());
    }

    @Test
    void rejectsAConfigFileThatCannotBeRead() {
        Path missing = dir.resolve("missing.properties");

        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigSources.resolve(List.of("--config-file", missing.toString()), NO_ENV));

        assertTrue(e.getMessage().startsWith("Cannot read the config file " + missing), e.getMessage());
    }

    private Path propertiesFile(String... lines) throws IOException {
        Path file = dir.resolve("casefile.properties");
        Files.write(file, List.of(lines));
        return file;
    }
}
