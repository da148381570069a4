package dev.casefile.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster of {@code size} KRaft nodes (each broker and controller), each in its own JVM
 * started with {@code kafka.Kafka} from the {@code kafka_2.13} artifact on the test class path, so a
 * test can kill one with SIGKILL and start it again on the same data. Topics default to replication
 * factor {@code size} with {@code min.insync.replicas=2}, as in production, and so do the consumer
 * offsets and transaction logs.
 */
public final class BrokerCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerCluster.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Path logDir;
    private final String logPrefix;
    private final int size;
    private final int[] brokerPorts;
    private final int[] controllerPorts;
    private final Process[] processes;

    private BrokerCluster(Path dir, int size, Path logDir, String logPrefix) throws IOException {
        this.dir = dir;
        this.logDir = Files.createDirectories(logDir);
        this.logPrefix = logPrefix;
        for (int node = 1; node <= size; node++) {
            Files.deleteIfExists(logDir.resolve(logPrefix + "-node-" + node + ".log"));
        }
        this.size = size;
        int[] ports = freePorts(2 * size);
        this.brokerPorts = Arrays.copyOfRange(ports, 0, size);
        this.controllerPorts = Arrays.copyOfRange(ports, size, 2 * size);
        this.processes = new Process[size];
    }

    /**
     * Formats {@code size} nodes under {@code dir}, starts them, and returns once every broker serves clients. Node
     * {@code n} logs to {@code <logDir>/<logPrefix>-node-<n>.log}, kept after the test.
     */
    public static BrokerCluster start(Path dir, int size, Path logDir, String logPrefix) throws IOException, InterruptedException {
        BrokerCluster cluster = new BrokerCluster(dir, size, logDir, logPrefix);
        try {
            String clusterId = Uuid.randomUuid().toString();
            for (int node = 1; node <= size; node++) {
                cluster.format(node, clusterId);
            }
            for (int node = 1; node <= size; node++) {
                cluster.startNode(node);
            }
            cluster.awaitBrokers(size);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code bootstrap.servers} naming every broker. */
    public String bootstrapServers() {
        return IntStream.of(brokerPorts).mapToObj(p -> HOST + ":" + p).collect(Collectors.joining(","));
    }

    /** The node id of the current leader of {@code partition}. */
    public int leaderOf(TopicPartition partition) throws Exception {
        try (Admin admin = admin()) {
            TopicPartitionInfo info = admin.describeTopics(List.of(partition.topic())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(partition.topic()).partitions().get(partition.partition());
            Node leader = info.leader();
            if (leader == null || leader.isEmpty()) {
                throw new IllegalStateException(partition + " has no leader");
            }
            return leader.id();
        }
    }

    /** SIGKILL for node {@code node}'s JVM: no controlled shutdown, no flush. */
    public void kill(int node) throws InterruptedException {
        Process process = processes[node - 1];
        LOG.info("Killing Kafka node {} (pid {}) with SIGKILL", node, process.pid());
        ChildProcesses.kill(process);
    }

    /** Starts node {@code node} again on its data and ports, and waits until all brokers serve clients. */
    public void restart(int node) throws IOException, InterruptedException {
        startNode(node);
        awaitBrokers(size);
    }

    /** Whether every replica of every partition of {@code topics} is in sync again. */
    public boolean fullyReplicated(List<String> topics) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .flatMap(t -> t.partitions().stream())
                    .allMatch(p -> p.isr().size() == p.replicas().size());
        }
    }

    /** SIGKILL for every node at once: the data is the test's own, and nodes stopped one by one lose their quorum and hang. */
    @Override
    public void close() {
        for (Process process : processes) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
        for (Process process : processes) {
            if (process != null) {
                try {
                    process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    private Path nodeDir(int node) {
        return dir.resolve("node-" + node);
    }

    private void format(int node, String clusterId) throws IOException {
        Path config = Files.createDirectories(nodeDir(node)).resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            nodeConfig(node).store(out, "Kafka node " + node + " of a " + size + "-node test cluster");
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {"format", "--config", config.toString(), "--cluster-id", clusterId}, out);
        }
        if (status != 0) {
            throw new IllegalStateException("kafka-storage format of node " + node + " failed: " + buffer);
        }
    }

    private void startNode(int node) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), "kafka.Kafka",
                nodeDir(node).resolve("server.properties").toString()));
        Path log = logDir.resolve(logPrefix + "-node-" + node + ".log");
        processes[node - 1] = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        LOG.info("Started Kafka node {} (pid {}) on {}:{}, log in {}", node, processes[node - 1].pid(), HOST,
                brokerPorts[node - 1], log);
    }

    private void awaitBrokers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() == count) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException(count + " brokers were not up within " + READY_TIMEOUT.toSeconds() + " s", last);
    }

    private Properties nodeConfig(int node) {
        String voters = IntStream.rangeClosed(1, size).mapToObj(n -> n + "@" + HOST + ":" + controllerPorts[n - 1])
                .collect(Collectors.joining(","));
        String replicas = Integer.toString(size);
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(node));
        p.setProperty("controller.quorum.voters", voters);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + brokerPorts[node - 1] + ",CONTROLLER://" + HOST + ":"
                + controllerPorts[node - 1]);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPorts[node - 1]);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", nodeDir(node).resolve("logs").toAbsolutePath().toString());
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("default.replication.factor", replicas);
        p.setProperty("min.insync.replicas", "2");
        p.setProperty("unclean.leader.election.enable", "false");
        p.setProperty("offsets.topic.replication.factor", replicas);
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", replicas);
        p.setProperty("transaction.state.log.min.isr", "2");
        p.setProperty("transaction.state.log.num.partitions", "3");
        p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        p.setProperty("share.coordinator.state.topic.min.isr", "2");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // A killed node's partitions move to another leader within seconds, not the default 18.
        p.setProperty("broker.session.timeout.ms", "6000");
        p.setProperty("broker.heartbeat.interval.ms", "1000");
        return p;
    }

    private static int[] freePorts(int count) throws IOException {
        InetAddress host = InetAddress.getByName(HOST);
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, host));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
