package dev.casefile.cli;

import dev.casefile.app.CasefileApp;
import dev.casefile.app.DeadLetterReplayer;
import dev.casefile.app.ManagementServer;
import dev.casefile.app.ReplayConfig;
import dev.casefile.config.CasefileConfig;
import dev.casefile.config.ConsoleConfig;
import dev.casefile.config.ConfigSources;
import dev.casefile.config.UnknownSettingException;
import dev.casefile.demo.DemoConfig;
import dev.casefile.demo.DemoRunner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code casefile} command line: {@code run}, {@code demo}, {@code replay-dlq}, {@code export-labels}, {@code config} and {@code help}. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** How often the state and the restoration's progress are logged while Casefile is not yet running. */
    private static final Duration RESTORE_LOG_EVERY = Duration.ofSeconds(30);

    private static final String USAGE = """
            Usage: casefile <command> [--key value ...]

            Commands:
              run     Run the Casefile pipeline (against --bootstrap-servers, or an embedded broker).
              demo    Run the pipeline, publish the worked example (acme_eu, cs_441, tr_9021) and
                      generated traffic, and print each linked complaint as it appears.
              replay-dlq
                      Re-publish dead letters to the topic they came from (after a fix), each once;
                      needs --bootstrap-servers; --replay-source-topic T replays only those from T.
              export-labels
                      Write complaint-linked cases as JSON Lines for offline review, read through a
                      running console: filters, and seeded samples stratified by a tag key
                      (casefile export-labels --help).
              config  List every setting with its default and meaning.
              help    Show this text.

            Settings come from --config-file FILE (properties), then CASEFILE_<KEY> environment
            variables, then --key value flags; a key's dots may be written as dashes
            (bootstrap.servers = --bootstrap-servers = CASEFILE_BOOTSTRAP_SERVERS).
            Kafka client settings take the prefix kafka. (e.g. --kafka.security.protocol SSL).
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs a command and returns the process exit code; what would go to stderr goes to {@code out} too. */
    static int run(String[] args, Map<String, String> env, PrintStream out) {
        return run(args, env, out, out);
    }

    /** Runs a command and returns the process exit code; a refusal to start (see {@link HashSecret}) goes to {@code err}. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0 || List.of("help", "--help", "-h").contains(args[0])) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("export-labels")) {
            // A client of a running console, which hashes under its own secret: no hash secret here (HashSecret).
            try {
                return ExportLabels.run(Arrays.asList(args).subList(1, args.length), env, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
        }
        try {
            Map<String, String> settings = ConfigSources.resolve(Arrays.asList(args).subList(1, args.length), env);
            Map<String, String> demoSettings = new HashMap<>();
            Map<String, String> replaySettings = new HashMap<>();
            Map<String, String> pipelineSettings = new HashMap<>();
            settings.forEach((key, value) -> (key.startsWith(DemoConfig.PREFIX) ? demoSettings
                    : key.startsWith(ReplayConfig.PREFIX) ? replaySettings : pipelineSettings).put(key, value));
            return switch (args[0]) {
                case "run" -> {
                    CasefileConfig config = new CasefileConfig(pipelineSettings);
                    if (config.hasPublicHashSecret()) {
                        err.println(HashSecret.REFUSAL);
                        yield 2;
                    }
                    yield runPipeline(config, null, out);
                }
                case "demo" -> runPipeline(new CasefileConfig(demoDefaults(pipelineSettings)), new DemoConfig(demoSettings), out);
                // Re-publishes dead letters unchanged and hashes nothing: the hash secret is not its concern (HashSecret).
                case "replay-dlq" -> replayDeadLetters(new CasefileConfig(pipelineSettings), new ReplayConfig(replaySettings), out);
                case "config" -> describe(out);
                default -> {
                    out.print("Unknown command '" + args[0] + "'.\n\n" + USAGE);
                    yield 2;
                }
            };
        } catch (UnknownSettingException e) {
            List<String> flags = Arrays.asList(args).subList(1, args.length);
            out.println("Configuration error: " + ConfigSources.origin(e.key(), flags, env) + " is not a setting: "
                    + e.getMessage());
            return 2;
        } catch (ConfigException e) {
            out.println("Configuration error: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** Runs until stopped; the exit code is 1 when the Streams application stopped because of an error. */
    private static int runPipeline(CasefileConfig config, DemoConfig demo, PrintStream out) throws InterruptedException {
        applyLogLevel(config.logLevel());
        CasefileApp app = CasefileApp.start(config);
        DemoRunner runner = demo == null ? null : new DemoRunner(app, demo, out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down Casefile");
            if (runner != null) {
                runner.stop();
            }
            app.close();
        }, "casefile-shutdown"));
        // However long restoring the state takes: no deadline, the progress logged every 30 s.
        if (!app.awaitRunningOrStopped(RESTORE_LOG_EVERY)) {
            LOG.warn("Casefile stopped before it was running (state {})", app.health().state());
            return app.awaitStopped() ? 1 : 0;
        }
        LOG.info("Casefile is running against {}", app.bootstrapServers());
        if (runner != null) {
            // The demo's own terminal, not a log: the generated token is a secret of this run only.
            app.console().ifPresent(c -> out.printf("Support console: %s  (sign in with token %s)%n", c.url(),
                    config.console().token()));
            app.management().ifPresent(m -> out.printf("Metrics: %s%s  (health: %s, %s)%n", m.url(), ManagementServer.METRICS,
                    ManagementServer.LIVE, ManagementServer.READY));
            out.printf("Kafka: %s  (outside producers and consumers use it as bootstrap.servers)%n%n", app.bootstrapServers());
        }
        if (runner != null) {
            runner.run();
            app.close();
        }
        return app.awaitStopped() ? 1 : 0;
    }

    /**
     * The demo's events are dated like the domain text (May 2026); the broker deletes records by their
     * timestamp, so the demo keeps its input topics without time-based retention unless told otherwise.
     * It also serves the console, with a token generated for the run unless one is configured, and hashes emails
     * under a secret generated for the run unless one is configured ({@link HashSecret}): never the public default.
     */
    static Map<String, String> demoDefaults(Map<String, String> settings) {
        Map<String, String> withDefaults = HashSecret.withRandomUnlessGiven(settings);
        withDefaults.putIfAbsent(CasefileConfig.TOPIC_INPUT_RETENTION_MS, "-1");
        // The demo serves the console; without a configured token it makes one for this run.
        withDefaults.putIfAbsent(ConsoleConfig.CONSOLE_ENABLED, "true");
        if (withDefaults.getOrDefault(ConsoleConfig.CONSOLE_TOKEN, "").isEmpty()) {
            byte[] token = new byte[24];
            new java.security.SecureRandom().nextBytes(token);
            withDefaults.put(ConsoleConfig.CONSOLE_TOKEN, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(token));
        }
        return withDefaults;
    }

    private static int replayDeadLetters(CasefileConfig config, ReplayConfig replay, PrintStream out) {
        String bootstrap = config.bootstrapServers().orElseThrow(() -> new ConfigException(
                "replay-dlq needs --bootstrap-servers: the dead letters live on your cluster"));
        applyLogLevel(config.logLevel());
        DeadLetterReplayer.Result result = new DeadLetterReplayer(config, replay, bootstrap).run();
        out.printf("Replayed %d dead letters from %s (%d skipped)%n", result.replayed(), config.topicNames().deadLetters(),
                result.skipped());
        return 0;
    }

    private static void applyLogLevel(String level) {
        if (LoggerFactory.getLogger("dev.casefile") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.toLevel(level));
        }
    }

    private static int describe(PrintStream out) {
        for (ConfigDef def : List.of(CasefileConfig.definition(), DemoConfig.definition(), ReplayConfig.definition())) {
            for (ConfigDef.ConfigKey key : def.configKeys().values()) {
                out.printf("%s (%s, default: %s)%n    %s%n", key.name, key.type.toString().toLowerCase(),
                        key.hasDefault() ? ConfigDef.convertToString(key.defaultValue, key.type) : "required",
                        key.documentation);
            }
        }
        return 0;
    }
}
