package dev.casefile.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code deploy/} and the code in agreement: every {@code CASEFILE_*} variable the Kubernetes
 * manifest or the Dockerfile sets, and every key of the example properties file, must be a setting
 * {@link CasefileConfig} accepts, and each file as a whole must make a valid configuration. Casefile
 * refuses to start on an unknown key, so a drifted manifest would otherwise fail only in production.
 */
class DeployManifestTest {

    /** Tests run with the topology module as working directory. */
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Path MANIFEST = DEPLOY.resolve("kubernetes/casefile.yaml");
    private static final Path PROPERTIES_EXAMPLE = DEPLOY.resolve("casefile.properties.example");
    private static final Path DOCKERFILE = DEPLOY.resolve("Dockerfile");
    private static final Path README = DEPLOY.resolve("README.md");

    private static final Pattern ENV_NAME = Pattern.compile("^\\s*-\\s+name:\\s*[\"']?(CASEFILE_[A-Za-z0-9_]+)[\"']?\\s*$");
    private static final Pattern ENV_VALUE = Pattern.compile("^\\s*value:\\s*(.*?)\\s*$");
    private static final Pattern ENV_VALUE_FROM = Pattern.compile("^\\s*valueFrom:\\s*$");
    private static final Pattern ANY_CASEFILE_VARIABLE = Pattern.compile("\\bCASEFILE_[A-Za-z0-9_]+");
    private static final Pattern MOUNT_PATH = Pattern.compile("^\\s*mountPath:\\s*[\"']?([^\"'\\s]+)[\"']?\\s*$");
    /** A commented-out example setting such as {@code #kafka.security.protocol=SASL_SSL}. */
    private static final Pattern COMMENTED_SETTING = Pattern.compile("^#([a-z][a-z0-9_.]*)\\s*=(.*)$");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    /** One {@code env} entry of the manifest; {@code value} is null for {@code valueFrom} entries (secrets). */
    private record EnvEntry(String name, String value, int line) {
    }

    // --- Kubernetes manifest ---------------------------------------------------------------

    @Test
    void everyManifestVariableIsAnAcceptedSetting() throws IOException {
        List<EnvEntry> entries = manifestEnvironment();
        assertFalse(entries.isEmpty(), "no CASEFILE_* variables found in " + MANIFEST);
        for (EnvEntry entry : entries) {
            Map<String, String> settings = ConfigSources.fromEnvironment(
                    Map.of(entry.name(), entry.value() == null ? "" : entry.value()));
            assertEquals(1, settings.size(), entry.name() + " maps to no setting");
            String key = settings.keySet().iterator().next();
            assertKnownKey(key, MANIFEST + ":" + entry.line() + " " + entry.name());
            if (entry.value() != null) {
                assertAccepted(settings, MANIFEST + ":" + entry.line() + " " + entry.name() + "=" + entry.value());
            }
        }
    }

    @Test
    void manifestEnvironmentBuildsAProductionConfig() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvEntry entry : manifestEnvironment()) {
            if (env.put(entry.name(), entry.value() == null ? "a-secret-from-kubernetes" : entry.value()) != null) {
                fail(MANIFEST + " sets " + entry.name() + " twice");
            }
        }
        CasefileConfig config = assertAccepted(ConfigSources.fromEnvironment(env), MANIFEST + " env");

        assertTrue(config.bootstrapServers().isPresent(),
                MANIFEST + " must set CASEFILE_BOOTSTRAP_SERVERS, or each pod runs its own embedded broker");
        assertFalse(config.hasPublicHashSecret(), MANIFEST + ": `run` refuses the public business-key hash secret");
        String stateDir = config.getString(CasefileConfig.STATE_DIR);
        assertTrue(mountPaths().contains(stateDir),
                MANIFEST + ": CASEFILE_STATE_DIR=" + stateDir + " is not a volume mount, so state is lost on restart");
    }

    /**
     * {@code run} refuses the public hash secret, so the manifest must give one, and from a Secret: a value written
     * in the manifest would be as public as the default. The Dockerfile must not bake one into the image either.
     */
    @Test
    void theHashSecretComesFromAKubernetesSecretAndNeverFromTheImage() throws IOException {
        List<EnvEntry> secret = manifestEnvironment().stream()
                .filter(e -> e.name().equals("CASEFILE_BUSINESS_KEY_HASH_SECRET")).toList();
        assertEquals(1, secret.size(), MANIFEST + " must set CASEFILE_BUSINESS_KEY_HASH_SECRET, or `run` refuses to start");
        assertNull(secret.get(0).value(), MANIFEST + ": CASEFILE_BUSINESS_KEY_HASH_SECRET must be valueFrom: secretKeyRef");
        String manifest = Files.readString(MANIFEST);
        String entry = manifest.substring(manifest.indexOf("- name: CASEFILE_BUSINESS_KEY_HASH_SECRET"));
        assertTrue(entry.substring(0, Math.min(entry.length(), 200)).contains("secretKeyRef:"), entry);
        assertTrue(dockerInstructions().stream().noneMatch(i -> i.contains("CASEFILE_BUSINESS_KEY_HASH_SECRET")),
                DOCKERFILE + " must not set the hash secret: every image would share it");
        Properties example = new Properties();
        try (Reader reader = Files.newBufferedReader(PROPERTIES_EXAMPLE)) {
            example.load(reader);
        }
        assertFalse(example.containsKey(CasefileConfig.BUSINESS_KEY_HASH_SECRET),
                PROPERTIES_EXAMPLE + " must not set a hash secret that people would copy");
        assertTrue(Files.readString(PROPERTIES_EXAMPLE).contains("CASEFILE_BUSINESS_KEY_HASH_SECRET"),
                PROPERTIES_EXAMPLE + " says how to give the hash secret");
    }

    /** The probes and the scrape annotations name the routes and the port the management server serves. */
    @Test
    void probesAndScrapeAnnotationsMatchTheManagementEndpoints() throws IOException {
        String manifest = Files.readString(MANIFEST);
        String port = manifestEnvironment().stream().filter(e -> e.name().equals("CASEFILE_MANAGEMENT_PORT"))
                .map(EnvEntry::value).findFirst().orElseThrow(() -> new AssertionError("no CASEFILE_MANAGEMENT_PORT"));
        assertTrue(manifest.contains("containerPort: " + unquote(port)), "the management port is a container port");
        assertTrue(manifest.contains("prometheus.io/port: \"" + unquote(port) + "\""), "scrape annotation port");
        assertTrue(manifest.contains("prometheus.io/path: \"" + dev.casefile.app.ManagementServer.METRICS + "\""),
                "scrape annotation path");
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            int at = manifest.indexOf(probe + ":");
            assertTrue(at >= 0, probe);
            String block = manifest.substring(at, Math.min(manifest.length(), at + 200));
            String expected = probe.equals("readinessProbe") ? dev.casefile.app.ManagementServer.READY
                    : dev.casefile.app.ManagementServer.LIVE;
            assertTrue(block.contains("path: " + expected) && block.contains("port: management"), probe + ": " + block);
        }
        Map<String, String> settings = ConfigSources.fromEnvironment(Map.of("CASEFILE_MANAGEMENT_PORT", unquote(port)));
        assertEquals(Integer.parseInt(unquote(port)), new CasefileConfig(settings).management().port());
    }

    private static String unquote(String value) {
        return value.replaceAll("^\"|\"$", "");
    }

    /**
     * A restoring pod is not ready, yet owns data and queries the others: the headless Service publishes every pod.
     * And no startup probe: liveness is true from the start (a restore does not fail it), so one would add nothing.
     */
    @Test
    void theHeadlessServicePublishesPodsThatAreNotReadyAndThereIsNoStartupProbe() throws IOException {
        String manifest = Files.readString(MANIFEST);
        int service = manifest.indexOf("kind: Service");
        int statefulSet = manifest.indexOf("kind: StatefulSet");
        assertTrue(service >= 0 && statefulSet > service, "the Service comes before the StatefulSet");
        String serviceBlock = manifest.substring(service, statefulSet);
        assertTrue(serviceBlock.contains("clusterIP: None"), "the Service is headless");
        assertTrue(serviceBlock.lines().anyMatch(l -> l.trim().equals("publishNotReadyAddresses: true")),
                MANIFEST + ": the headless Service must set publishNotReadyAddresses: true");
        assertFalse(manifest.contains("startupProbe"), MANIFEST + " has a startup probe");
    }

    @Test
    void manifestDisablesServiceLinks() throws IOException {
        // Service links inject CASEFILE_<SERVICE>_SERVICE_HOST etc. for Services named casefile-*,
        // which Casefile would reject as unknown settings.
        assertTrue(Files.readAllLines(MANIFEST).stream().anyMatch(l -> l.trim().equals("enableServiceLinks: false")),
                MANIFEST + " must set enableServiceLinks: false");
    }

    /**
     * The {@code - name: CASEFILE_...} entries of the manifest with their {@code value:}. Every
     * CASEFILE_ name outside comments must be such an entry, so a variable set some other way (a
     * ConfigMap, say) fails here instead of escaping the check.
     */
    private static List<EnvEntry> manifestEnvironment() throws IOException {
        List<String> lines = Files.readAllLines(MANIFEST);
        List<EnvEntry> entries = new ArrayList<>();
        int mentions = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i));
            Matcher any = ANY_CASEFILE_VARIABLE.matcher(line);
            while (any.find()) {
                mentions++;
            }
            Matcher name = ENV_NAME.matcher(line);
            if (!name.matches()) {
                continue;
            }
            int next = i + 1;
            while (next < lines.size() && stripComment(lines.get(next)).isBlank()) {
                next++;
            }
            String where = MANIFEST + ":" + (i + 1) + " " + name.group(1);
            String valueLine = next < lines.size() ? stripComment(lines.get(next)) : "";
            Matcher value = ENV_VALUE.matcher(valueLine);
            if (value.matches()) {
                entries.add(new EnvEntry(name.group(1), yamlString(value.group(1), where), i + 1));
            } else if (ENV_VALUE_FROM.matcher(valueLine).matches()) {
                entries.add(new EnvEntry(name.group(1), null, i + 1));
            } else {
                fail(where + ": expected a value: or valueFrom: line after it, found '" + valueLine.trim() + "'");
            }
        }
        assertEquals(mentions, entries.size(),
                MANIFEST + " names CASEFILE_ variables outside '- name: ... / value: ...' env entries");
        return entries;
    }

    /** Env values must be quoted YAML strings: Kubernetes rejects a number or boolean there. */
    private static String yamlString(String raw, String where) {
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            return raw.substring(1, raw.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (raw.length() >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
            return raw.substring(1, raw.length() - 1).replace("''", "'");
        }
        return fail(where + ": quote the value (" + raw + "); Kubernetes env values must be strings");
    }

    private static String stripComment(String line) {
        String trimmed = line.stripLeading();
        if (trimmed.startsWith("#")) {
            return "";
        }
        int hash = line.indexOf(" #");
        boolean quoted = line.indexOf('"') >= 0 || line.indexOf('\'') >= 0;
        return hash >= 0 && !quoted ? line.substring(0, hash) : line;
    }

    private static List<String> mountPaths() throws IOException {
        List<String> paths = new ArrayList<>();
        for (String line : Files.readAllLines(MANIFEST)) {
            Matcher m = MOUNT_PATH.matcher(stripComment(line));
            if (m.matches()) {
                paths.add(m.group(1));
            }
        }
        return paths;
    }

    // --- Properties example ----------------------------------------------------------------

    @Test
    void everyKeyOfThePropertiesExampleIsAnAcceptedSetting() throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(PROPERTIES_EXAMPLE)) {
            props.load(reader);
        }
        assertFalse(props.isEmpty(), PROPERTIES_EXAMPLE + " has no settings");
        for (String key : props.stringPropertyNames()) {
            assertKnownKey(key, PROPERTIES_EXAMPLE + " " + key);
            assertAccepted(Map.of(key, props.getProperty(key).trim()), PROPERTIES_EXAMPLE + " " + key);
        }
    }

    @Test
    void commentedOutExamplesAreAcceptedSettingsToo() throws IOException {
        int found = 0;
        for (String line : Files.readAllLines(PROPERTIES_EXAMPLE)) {
            Matcher m = COMMENTED_SETTING.matcher(line);
            if (m.matches()) {
                Properties one = new Properties();
                one.load(new StringReader(line.substring(1)));
                for (String key : one.stringPropertyNames()) {
                    assertKnownKey(key, PROPERTIES_EXAMPLE + " #" + key);
                    assertAccepted(Map.of(key, one.getProperty(key).trim()), PROPERTIES_EXAMPLE + " #" + key);
                    found++;
                }
            }
        }
        assertTrue(found > 0, "expected commented-out examples (e.g. #kafka.security.protocol=...) in " + PROPERTIES_EXAMPLE);
    }

    @Test
    void propertiesExampleBuildsAProductionConfigThroughConfigFile() {
        // The same path as `casefile run --config-file deploy/casefile.properties.example`.
        Map<String, String> settings = ConfigSources.resolve(
                List.of("--" + ConfigSources.CONFIG_FILE_FLAG, PROPERTIES_EXAMPLE.toString()), Map.of());
        CasefileConfig config = assertAccepted(settings, PROPERTIES_EXAMPLE.toString());
        assertTrue(config.bootstrapServers().isPresent(), PROPERTIES_EXAMPLE + " must set bootstrap.servers");
        assertTrue(config.topicNames().replicationFactor() >= 3,
                PROPERTIES_EXAMPLE + ": production topics need topic.replication.factor >= 3");
    }

    // --- Dockerfile ------------------------------------------------------------------------

    @Test
    void dockerfileRunsTheJarItCopies() throws IOException {
        List<String> instructions = dockerInstructions();
        List<String> entrypoint = execForm(instruction(instructions, "ENTRYPOINT"), "ENTRYPOINT");
        assertEquals("java", entrypoint.get(0), "ENTRYPOINT must start java: " + entrypoint);
        int jar = entrypoint.indexOf("-jar");
        assertTrue(jar >= 0 && jar + 1 < entrypoint.size(), "ENTRYPOINT must run java -jar: " + entrypoint);
        String jarPath = entrypoint.get(jar + 1);
        assertTrue(jarPath.endsWith("/casefile.jar"), "ENTRYPOINT must run casefile.jar: " + entrypoint);

        String copy = instruction(instructions, "COPY");
        assertTrue(copy.contains("topology/target/casefile.jar"), "COPY must take the built jar: " + copy);
        assertTrue(copy.endsWith(" " + jarPath), "COPY must put the jar where ENTRYPOINT runs it (" + jarPath + "): " + copy);

        assertEquals(List.of("run"), execForm(instruction(instructions, "CMD"), "CMD"));
        String user = instruction(instructions, "USER");
        assertFalse(user.startsWith("root") || user.startsWith("0"), "the image must not run as root: USER " + user);
    }

    @Test
    void dockerfileEnvironmentIsAcceptedSettings() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");
        for (String instruction : dockerInstructions()) {
            if (instruction.startsWith("ENV ")) {
                Matcher m = pair.matcher(instruction.substring(4));
                while (m.find()) {
                    env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
                }
            }
        }
        Map<String, String> settings = ConfigSources.fromEnvironment(env);
        settings.keySet().forEach(key -> assertKnownKey(key, DOCKERFILE + " ENV " + key));
        assertAccepted(settings, DOCKERFILE + " ENV");
        assertTrue(instruction(dockerInstructions(), "VOLUME").contains(
                        new CasefileConfig(settings).getString(CasefileConfig.STATE_DIR)),
                DOCKERFILE + ": the state dir must be the VOLUME");
    }

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    private static List<String> dockerInstructions() throws IOException {
        String text = Files.readString(DOCKERFILE).replaceAll("\\\\\\R", " ");
        return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static String instruction(List<String> instructions, String name) {
        List<String> found = instructions.stream().filter(l -> l.startsWith(name + " ")).toList();
        assertEquals(1, found.size(), DOCKERFILE + " must have exactly one " + name + ": " + found);
        return found.get(0).substring(name.length() + 1).trim();
    }

    /** The arguments of an exec-form (JSON array) instruction. */
    private static List<String> execForm(String args, String name) {
        assertTrue(args.startsWith("[") && args.endsWith("]"),
                name + " must use the exec form, so SIGTERM reaches the JVM: " + args);
        List<String> parts = new ArrayList<>();
        Matcher m = QUOTED.matcher(args);
        while (m.find()) {
            parts.add(m.group(1));
        }
        assertFalse(parts.isEmpty(), name + " is empty");
        return parts;
    }

    // --- README ----------------------------------------------------------------------------

    @Test
    void readmeListsTheTopicsCasefileCreates() throws IOException {
        String readme = Files.readString(README);
        CasefileConfig defaults = new CasefileConfig(Map.of());
        for (var topic : dev.casefile.topics.CasefileTopics.from(defaults.topicNames(), defaults.recordSerdes()).all()) {
            assertTrue(readme.contains("`" + topic.name() + "`"), README + " does not list the topic " + topic.name());
        }
    }

    // --- helpers ---------------------------------------------------------------------------

    private static void assertKnownKey(String key, String where) {
        assertTrue(CasefileConfig.definition().names().contains(key) || key.startsWith(CasefileConfig.KAFKA_PREFIX),
                where + ": '" + key + "' is not a Casefile setting (see `casefile config`)");
    }

    private static CasefileConfig assertAccepted(Map<String, String> settings, String where) {
        CasefileConfig config = assertDoesNotThrow(() -> new CasefileConfig(settings),
                where + ": CasefileConfig rejects " + settings);
        assertNotNull(config);
        return config;
    }
}
