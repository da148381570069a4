package dev.casefile.app;

import dev.casefile.config.CasefileConfig;
import dev.casefile.console.ConsoleServer;
import dev.casefile.kafka.EmbeddedKafka;
import dev.casefile.kafka.TopicCreator;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.topics.CasefileTopics;
import dev.casefile.topology.CasefileTopology;
import dev.casefile.topology.TopologySettings;
import dev.casefile.topology.ingest.OtlpSpanDecoder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Casefile: the brokers (embedded when no bootstrap servers are configured), its topics,
 * and the Kafka Streams application. Closing it stops the application, then the embedded broker.
 */
public final class CasefileApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CasefileApp.class);

    /**
     * How long reading a trace's records back from the spans topic may take before the rest count as missing: below
     * the producers' 10 s transaction timeout, since the trace stage reads on the stream thread.
     */
    private static final Duration SPAN_READ_TIMEOUT = Duration.ofSeconds(5);

    private final CasefileConfig config;
    private final Optional<EmbeddedKafka> embedded;
    private final String bootstrapServers;
    private final CasefileTopics topics;
    private final Path stateDir;
    private final boolean temporaryStateDir;
    private final KafkaStreams streams;
    private final Optional<ConsoleServer> console;
    /** Where the trace stage reads a complained trace's spans back from, and where the console reads a trace's. */
    private final TopicSpanSource evidenceSpans;
    private final TopicSpanSource consoleSpans;
    private final PrometheusMeterRegistry metrics;
    private final AppMetrics appMetrics;
    private final Health health = new Health();
    private Optional<ManagementServer> management = Optional.empty();
    private RateGauges rateGauges;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Counted down once Streams is RUNNING or has stopped, whichever comes first. */
    private final CountDownLatch settled = new CountDownLatch(1);

    private CasefileApp(CasefileConfig config, Optional<EmbeddedKafka> embedded, String bootstrapServers) {
        this.config = config;
        this.embedded = embedded;
        this.bootstrapServers = bootstrapServers;
        RecordSerdes serdes = config.recordSerdes();
        this.topics = CasefileTopics.from(config.topicNames(), serdes, config.outputEncoding());
        this.temporaryStateDir = config.stateDir().isEmpty();
        this.stateDir = config.stateDir().orElseGet(CasefileApp::temporaryDirectory);
        Map<String, Object> streamsProps = StreamsProperties.of(config, bootstrapServers, stateDir,
                InstanceId.of(config, stateDir));
        try (Admin admin = Admin.create(config.kafkaClientProperties(bootstrapServers))) {
            TopicCreator.ensure(admin, topics.all());
            TopicCreator.warnIfSpansKeptShorter(admin, topics.spans().name(), config.retention().uncomplainedMs());
        }
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.evidenceSpans = spanSource(config, bootstrapServers, "evidence");
        this.consoleSpans = spanSource(config, bootstrapServers, "console");
        Topology topology = CasefileTopology.build(topics, TopologySettings.from(config).withMeters(metrics)
                .withSpanSource(evidenceSpans), serdes);
        if (LOG.isDebugEnabled()) {
            LOG.debug("Topology:\n{}", topology.describe());
        }
        // The console binds first, so that Streams knows the host:port other instances forward queries to.
        this.console = config.console().enabled() ? Optional.of(ConsoleServer.bind(config.console())) : Optional.empty();
        console.ifPresent(c -> streamsProps.put(StreamsConfig.APPLICATION_SERVER_CONFIG,
                c.advertised().host() + ":" + c.advertised().port()));
        try {
            this.streams = new CasefileStreams(topology, new StreamsConfig(streamsProps));
        } catch (RuntimeException e) {
            console.ifPresent(ConsoleServer::close);
            evidenceSpans.close();
            consoleSpans.close();
            throw e;
        }
        this.appMetrics = AppMetrics.bind(metrics, streams);
        streams.setGlobalStateRestoreListener(health);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Casefile stops: unexpected error in a stream thread", e);
            health.markFailed();
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("Streams state {} -> {}", before, now);
            health.changed(now);
            if (now == KafkaStreams.State.RUNNING) {
                Health.Restored restored = health.restored();
                LOG.info("Casefile RUNNING {} ms after the process started; {} changelog records restored into {} store"
                        + " partitions so far", ManagementFactory.getRuntimeMXBean().getUptime(), restored.records(),
                        restored.storePartitions());
                running.countDown();
                settled.countDown();
            }
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
                settled.countDown();
            }
        });
    }

    /** A reader of the spans topic by offset, for {@code use}, with the application's client settings. */
    private static TopicSpanSource spanSource(CasefileConfig config, String bootstrapServers, String use) {
        return new TopicSpanSource(config.kafkaClientProperties(bootstrapServers),
                config.applicationId() + "-spans-" + use, config.topicNames().spans(),
                new OtlpSpanDecoder(config.spanMapping(), config.spanFormat()), SPAN_READ_TIMEOUT);
    }

    /** Connects to the configured brokers, or starts the embedded one, creates the topics and starts streaming. */
    public static CasefileApp start(CasefileConfig config) {
        Optional<EmbeddedKafka> embedded = Optional.empty();
        String bootstrap;
        if (config.bootstrapServers().isPresent()) {
            bootstrap = config.bootstrapServers().get();
        } else {
            EmbeddedKafka broker = EmbeddedKafka.start(new EmbeddedKafka.Options(
                    config.embeddedDataDir().orElse(null), Map.of(), config.embeddedPort()));
            embedded = Optional.of(broker);
            bootstrap = broker.bootstrapServers();
            LOG.info("Embedded Kafka broker listening on {}", bootstrap);
        }
        try {
            CasefileApp app = new CasefileApp(config, embedded, bootstrap);
            try {
                app.startServing();
            } catch (RuntimeException e) {
                try {
                    app.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            return app;
        } catch (RuntimeException e) {
            embedded.ifPresent(EmbeddedKafka::close);
            throw e;
        }
    }

    /** The management endpoints first (probes answer during restoration), then Streams, the console and the gauges. */
    private void startServing() {
        if (config.management().enabled()) {
            management = Optional.of(ManagementServer.start(config.management(), metrics, health));
        }
        streams.start();
        console.ifPresent(c -> {
            c.start(streams, config, topics, consoleSpans, config.kafkaClientProperties(bootstrapServers));
            c.bindMetrics(metrics);
        });
        rateGauges = new RateGauges(streams, config.spanMapping().evidenceTagKeys(), config.rateSettings().windowSizeMs(),
                Clock.systemUTC(), metrics).start();
        AlertGauge.register(streams, metrics);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public CasefileTopics topics() {
        return topics;
    }

    public CasefileConfig config() {
        return config;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The management endpoints (metrics, health), when {@code management.enabled}. */
    public Optional<ManagementServer> management() {
        return management;
    }

    /** Whether this instance is alive and ready, as its probes answer. */
    public Health health() {
        return health;
    }

    /** The support console, when {@code console.enabled}. */
    public Optional<ConsoleServer> console() {
        return console;
    }

    /** Blocks until the application is RUNNING, or fails after {@code timeout}. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Casefile not running after " + timeout + ": " + streams.state());
        }
    }

    /**
     * Blocks, however long restoring the state takes, until the application is RUNNING (true) or has stopped or
     * failed first (false), logging its state and the restoration's progress every {@code logEvery}.
     */
    public boolean awaitRunningOrStopped(Duration logEvery) throws InterruptedException {
        long started = System.nanoTime();
        while (!settled.await(logEvery.toMillis(), TimeUnit.MILLISECONDS)) {
            Health.RestoreProgress restore = health.restoreProgress();
            LOG.info("Casefile not running yet after {} s: state={}, restoring {} store partitions ({} of {} changelog"
                    + " records restored)", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), health.state(),
                    restore.partitions(), restore.restored(), restore.toRestore());
        }
        return running.getCount() == 0;
    }

    /** Blocks until the Streams application has stopped; true if it stopped because of an error. */
    public boolean awaitStopped() throws InterruptedException {
        stopped.await();
        return health.failed();
    }

    /**
     * Stops the gauges, the console, Kafka Streams, the span readers, the management endpoints, the metrics and the
     * embedded broker, in that order, and deletes a temporary state directory. A part that fails to close is logged and the others
     * are closed all the same; the first failure is then thrown, with the others suppressed in it.
     */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        closing("the rate gauges", failures, () -> {
            if (rateGauges != null) {
                rateGauges.close();
            }
        });
        closing("the console", failures, () -> console.ifPresent(ConsoleServer::close));
        closing("Kafka Streams", failures, () -> {
            if (!streams.close(Duration.ofSeconds(30))) {
                LOG.warn("Kafka Streams did not stop within 30 s");
            }
        });
        closing("the trace stage's span reader", failures, evidenceSpans::close);
        closing("the console's span reader", failures, consoleSpans::close);
        closing("the management endpoints", failures, () -> management.ifPresent(ManagementServer::close));
        closing("the Kafka Streams metrics", failures, appMetrics::close);
        closing("the metrics registry", failures, metrics::close);
        closing("the embedded broker", failures, () -> embedded.ifPresent(EmbeddedKafka::close));
        if (temporaryStateDir) {
            closing("the temporary state directory", failures, () -> deleteRecursively(stateDir));
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void closing(String what, List<RuntimeException> failures, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.warn("Closing {} failed; closing the rest", what, e);
            failures.add(e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("casefile-state-");
            LOG.info("State stores in temporary directory {} (set state.dir to keep them across restarts)", dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary state directory", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete temporary state directory {}: {}", dir, e.getMessage());
        }
    }
}
