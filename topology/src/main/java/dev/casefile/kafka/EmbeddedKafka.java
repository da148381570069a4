package dev.casefile.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A single-node KRaft Kafka broker (combined broker and controller) running inside this JVM. */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String STATE_FILE = "embedded-kafka.properties";
    private static final String CONFIG_FILE = "server.properties";
    private static final String LOG_DIR = "kafka-logs";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /**
     * How to start the broker: an optional persistent data directory, extra broker properties, and the port of its
     * listener on 127.0.0.1 (0: a free one, kept with the data directory).
     */
    public record Options(Path dataDir, Map<String, String> brokerProperties, int brokerPort) {

        /** Normalises a missing property map to an empty one; {@code dataDir} may be null (temporary directory). */
        public Options {
            brokerProperties = brokerProperties == null ? Map.of() : Map.copyOf(brokerProperties);
            if (brokerPort < 0 || brokerPort > 65_535) {
                throw new IllegalArgumentException("brokerPort must be 0 to 65535, not " + brokerPort);
            }
        }

        /** A free port. */
        public Options(Path dataDir, Map<String, String> brokerProperties) {
            this(dataDir, brokerProperties, 0);
        }

        /** A temporary data directory, no extra broker properties, a free port. */
        public static Options defaults() {
            return new Options(null, Map.of());
        }

        /** These options with the given persistent data directory. */
        public Options withDataDir(Path dir) {
            return new Options(dir, brokerProperties, brokerPort);
        }

        /** These options with the listener on {@code port} (0: a free one). */
        public Options withBrokerPort(int port) {
            return new Options(dataDir, brokerProperties, port);
        }
    }

    private final Path dataDir;
    private final boolean temporary;
    private final String clusterId;
    private final int brokerPort;
    private final int controllerPort;
    private final Properties config;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(Path dataDir, boolean temporary, Map<String, String> extra, int brokerPort) throws IOException {
        this.dataDir = dataDir;
        this.temporary = temporary;
        Properties state = loadOrCreateState(dataDir, brokerPort);
        this.clusterId = state.getProperty("cluster.id");
        this.brokerPort = Integer.parseInt(state.getProperty("broker.port"));
        this.controllerPort = Integer.parseInt(state.getProperty("controller.port"));
        this.config = brokerConfig(extra);
    }

    /** Starts a broker on a temporary data directory that {@link #close()} deletes. */
    public static EmbeddedKafka start() {
        return start(Options.defaults());
    }

    /** Starts a broker with the given options and returns once it serves clients. */
    public static EmbeddedKafka start(Options options) {
        boolean temporary = options.dataDir() == null;
        Path dir = null;
        EmbeddedKafka kafka = null;
        try {
            dir = temporary ? Files.createTempDirectory("casefile-kafka-") : Files.createDirectories(options.dataDir());
            kafka = new EmbeddedKafka(dir, temporary, options.brokerProperties(), options.brokerPort());
            kafka.format();
            kafka.startServer();
            return kafka;
        } catch (IOException | RuntimeException e) {
            if (kafka != null) {
                closeQuietly(kafka);
            } else if (temporary && dir != null) {
                deleteRecursively(dir);
            }
            throw e instanceof IOException io
                    ? new UncheckedIOException("Could not start the embedded Kafka broker", io)
                    : (RuntimeException) e;
        }
    }

    /** The {@code bootstrap.servers} value for clients of this broker. */
    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    /** The directory holding the broker's logs and state. */
    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down, keeping its data and ports for {@link #restart()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long begin = System.nanoTime();
        log.info("Stopping embedded Kafka at {}", bootstrapServers());
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
        log.info("Embedded Kafka stopped in {} ms", elapsedMillis(begin));
    }

    /** Starts the broker again (stopping it first if running) on the same data directory and ports. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("Embedded Kafka is closed");
        }
        stop();
        startServer();
    }

    /** Shuts the broker down and deletes a temporary data directory; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            if (temporary) {
                deleteRecursively(dataDir);
            }
        }
    }

    private synchronized void startServer() {
        long begin = System.nanoTime();
        log.info("Starting embedded Kafka (cluster {}) at {} with data in {}", clusterId, bootstrapServers(), dataDir);
        KafkaRaftServer raftServer = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        server = raftServer;
        raftServer.startup();
        awaitReady();
        log.info("Embedded Kafka ready at {} in {} ms", bootstrapServers(), elapsedMillis(begin));
    }

    private void format() throws IOException {
        Path file = dataDir.resolve(CONFIG_FILE);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            config.store(out, "Written by EmbeddedKafka for kafka-storage format");
        }
        String[] args = {"format", "--config", file.toString(), "--cluster-id", clusterId, "--ignore-formatted"};
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(args, out);
        }
        String output = buffer.toString(StandardCharsets.UTF_8).trim();
        if (status != 0) {
            throw new IllegalStateException("Formatting Kafka storage failed (" + status + "): " + output);
        }
        log.debug("kafka-storage format: {}", output);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        Exception last = null;
        try (Admin admin = Admin.create(adminConfig)) {
            while (System.nanoTime() < deadline) {
                try {
                    boolean up = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes().get(6, TimeUnit.SECONDS).stream()
                            .anyMatch(node -> node.id() == NODE_ID);
                    if (up) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for embedded Kafka", e);
                } catch (Exception e) {
                    last = e;
                }
                sleep(100);
            }
        }
        throw new IllegalStateException("Embedded Kafka at " + bootstrapServers() + " was not ready within "
                + READY_TIMEOUT.toSeconds() + " s", last);
    }

    private Properties brokerConfig(Map<String, String> extra) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve(LOG_DIR).toAbsolutePath().toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.putAll(extra);
        return p;
    }

    private static Properties loadOrCreateState(Path dir, int brokerPort) throws IOException {
        Path file = dir.resolve(STATE_FILE);
        Properties state = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                state.load(in);
            }
            log.info("Reusing embedded Kafka state from {}: {}", file, state);
            if (brokerPort == 0 || state.getProperty("broker.port").equals(String.valueOf(brokerPort))) {
                return state;
            }
            state.setProperty("broker.port", String.valueOf(brokerPort));
        } else {
            int[] ports = freePorts();
            state.setProperty("cluster.id", Uuid.randomUuid().toString());
            state.setProperty("broker.port", String.valueOf(brokerPort == 0 ? ports[0] : brokerPort));
            state.setProperty("controller.port", String.valueOf(ports[1]));
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            state.store(out, "Embedded Kafka identity: kept so a restart on this directory reuses cluster and ports");
        }
        return state;
    }

    private static int[] freePorts() throws IOException {
        InetAddress host = InetAddress.getByName(HOST);
        try (ServerSocket broker = new ServerSocket(0, 1, host);
             ServerSocket controller = new ServerSocket(0, 1, host)) {
            return new int[] {broker.getLocalPort(), controller.getLocalPort()};
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    log.warn("Could not delete {}: {}", path, e.toString());
                }
            });
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    private static void closeQuietly(EmbeddedKafka kafka) {
        if (kafka == null) {
            return;
        }
        try {
            kafka.close();
        } catch (RuntimeException e) {
            log.warn("Cleaning up after a failed start failed", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for embedded Kafka", e);
        }
    }

    private static long elapsedMillis(long beginNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beginNanos);
    }
}
