package dev.casefile.bench;

import dev.casefile.config.CasefileConfig;
import dev.casefile.kafka.TopicCreator;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.topics.CasefileTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bench --bench.mode recovery}: how long a Casefile instance killed with SIGKILL takes to come
 * back. For {@code turns} preloaded turns on {@code instances} instances (each with its own state
 * directory; two get {@code num.standby.replicas=1}), it waits until the state is built and the app
 * idle, kills the first instance, starts it again on the same state directory, and times from that
 * start: RUNNING, and every complaint of traffic sent at the restart linked (with two instances, so the
 * restarted one's partitions are counted, not only the survivor's). The restarted
 * instance's log says how many changelog records it restored. With one instance it then restarts it
 * with transactional state stores off, kills it again and times that restart: Casefile as it ran
 * before them, on the same state.
 */
final class RecoveryBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryBenchmark.class);
    private static final Pattern RESTORED = Pattern.compile("RUNNING (\\d+) ms after the process started; (\\d+) changelog records restored");
    /** Turns sent at the restart: about 2% are complained about, so about ten complaints. */
    private static final int PROBE_TURNS = 500;
    private static final Duration IDLE = Duration.ofSeconds(5);

    /** One measurement: state before the kill, and the times after the restart. */
    record Result(long turns, int instances, boolean transactional, long stateBytes, long restartToRunningMs, long restartToLinkedMs,
                  long restoredRecords) {
    }

    private final BenchConfig bench;
    private final Map<String, String> appSettings;
    private final String bootstrap;
    private final String runId;
    private int starts;
    /** Records of probe traffic sent so far, in the measurement under way. */
    private long probeRecords;

    RecoveryBenchmark(BenchConfig bench, Map<String, String> appSettings, String bootstrap, String runId) {
        this.bench = bench;
        this.appSettings = appSettings;
        this.bootstrap = bootstrap;
        this.runId = runId;
    }

    /** Builds the state of {@code turns} turns on {@code instances} instances, kills the first, and measures its restart. */
    List<Result> run(int turns, int instances) throws Exception {
        String prefix = "bench-" + runId + "-recovery-" + turns + "-" + instances;
        Map<String, String> settings = new HashMap<>(appSettings);
        settings.put(CasefileConfig.BOOTSTRAP_SERVERS, bootstrap);
        settings.put(CasefileConfig.APPLICATION_ID, prefix);
        settings.put(CasefileConfig.TOPIC_SPANS, prefix + "-spans");
        settings.put(CasefileConfig.TOPIC_FEEDBACK, prefix + "-feedback");
        settings.put(CasefileConfig.TOPIC_TICKETS, prefix + "-tickets");
        settings.put(CasefileConfig.TOPIC_LINKED_COMPLAINTS, prefix + "-linked-complaints");
        settings.put(CasefileConfig.TOPIC_DLQ, prefix + "-dead-letters");
        settings.put(CasefileConfig.TOPIC_COMPLAINT_RATES, prefix + "-complaint-rates");
        settings.put(CasefileConfig.TOPIC_RATE_ALERTS, prefix + "-complaint-rate-alerts");
        if (instances > 1) {
            settings.put(CasefileConfig.KAFKA_PREFIX + StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        }
        CasefileConfig config = new CasefileConfig(settings);
        CasefileTopics topics = CasefileTopics.from(config.topicNames(), config.recordSerdes());
        BenchTraffic traffic = new BenchTraffic(bench.seed(), Instant.now().minus(Duration.ofDays(3)), config.recordSerdes());
        Path root = bench.outputDir().resolve("state").resolve(prefix).toAbsolutePath();
        List<Map<String, String>> perInstance = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            Map<String, String> own = new HashMap<>(settings);
            own.put(CasefileConfig.STATE_DIR, root.resolve("instance-" + i).toString());
            perInstance.add(own);
        }
        List<WorkerProcess> workers = new ArrayList<>();
        probeRecords = 0;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
             KafkaProducer<byte[], byte[]> producer = AppBenchmark.producer(bootstrap)) {
            TopicCreator.ensure(admin, topics.all());
            Thread.sleep(1_000);
            LOG.info("[recovery] {} turns on {} instance(s): building the state", turns, instances);
            long records = send(producer, topics, traffic.records(0, turns, e -> { }));
            for (int i = 0; i < instances; i++) {
                workers.add(start(i, perInstance.get(i)));
            }
            for (WorkerProcess worker : workers) {
                worker.awaitRunning(Duration.ofMinutes(10));
            }
            awaitDrained(admin, config.applicationId(), topics, records);
            Thread.sleep(IDLE.toMillis());
            long stateBytes = AppBenchmark.storeSizes(root).values().stream().mapToLong(Long::longValue).sum();
            LOG.info("[recovery] state built: {} MiB on disk; killing instance 0", stateBytes >> 20);

            List<Result> results = new ArrayList<>();
            results.add(restart(workers, perInstance, traffic, topics, producer, turns, turns, stateBytes, true));
            if (instances == 1) {
                // As Casefile ran before transactional stores: one start with them off first, so that when the
                // measured kill comes, the stores are open as they were then (marked open, no committed offsets of
                // their own), and Kafka Streams wipes and restores them all.
                perInstance.get(0).put(CasefileConfig.KAFKA_PREFIX + StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "false");
                for (int start = 1; start <= 2; start++) {
                    awaitDrained(admin, config.applicationId(), topics, records + probeRecords);
                    Thread.sleep(IDLE.toMillis());
                    Result off = restart(workers, perInstance, traffic, topics, producer, turns,
                            turns + start * PROBE_TURNS, stateBytes, false);
                    if (start == 2) {
                        results.add(off);
                    }
                }
            }
            return results;
        } finally {
            for (WorkerProcess worker : workers) {
                worker.close();
            }
            AppBenchmark.deleteRecursively(root);
        }
    }

    /** Kills instance 0, starts it again with its settings, sends probe turns from {@code probeFrom}, and times it. */
    private Result restart(List<WorkerProcess> workers, List<Map<String, String>> perInstance, BenchTraffic traffic,
                           CasefileTopics topics, KafkaProducer<byte[], byte[]> producer, int turns, int probeFrom,
                           long stateBytes, boolean transactional) throws Exception {
        Set<String> probes = ConcurrentHashMap.newKeySet();
        try (FirstLinked linked = new FirstLinked(topics, probes)) {
            workers.get(0).kill();
            long restart = System.nanoTime();
            workers.set(0, start(0, perInstance.get(0)));
            probeRecords += send(producer, topics, traffic.records(probeFrom, probeFrom + PROBE_TURNS,
                    e -> probes.add(e.complaintId())));
            workers.get(0).awaitRunning(Duration.ofMinutes(60));
            long running = System.nanoTime();
            long linkedAt = linked.await(Duration.ofMinutes(10));
            String prefix = perInstance.get(0).get(CasefileConfig.APPLICATION_ID);
            Result result = new Result(turns, workers.size(), transactional, stateBytes,
                    TimeUnit.NANOSECONDS.toMillis(running - restart), TimeUnit.NANOSECONDS.toMillis(linkedAt - restart),
                    restoredRecords(logOf(0, prefix)));
            LOG.info("[recovery] {}", result);
            return result;
        }
    }

    private WorkerProcess start(int instance, Map<String, String> settings) {
        starts++;
        return WorkerProcess.start("casefile", bench.workerJvmOptions(), settings,
                logOf(instance, settings.get(CasefileConfig.APPLICATION_ID)));
    }

    /** The log of the latest start of {@code instance}: each start gets its own file. */
    private Path logOf(int instance, String prefix) {
        return bench.outputDir().resolve(prefix + "-instance-" + instance + "-start-" + starts + ".log");
    }

    /** Sends every record and waits for all to be acknowledged; fails if any could not be sent. */
    private static long send(KafkaProducer<byte[], byte[]> producer, CasefileTopics topics, BenchTraffic.Records records) {
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> first = new AtomicReference<>();
        long sent = 0;
        while (records.hasNext()) {
            BenchRecord r = records.next();
            producer.send(new ProducerRecord<>(AppBenchmark.topicOf(topics, r.kind()), null, r.timestamp(), r.key(), r.value()), (metadata, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                    first.compareAndSet(null, e);
                }
            });
            sent++;
        }
        producer.flush();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " input records could not be sent", first.get());
        }
        return sent;
    }

    /** Waits until the group has consumed every input record and read its internal topics to their ends. */
    private void awaitDrained(Admin admin, String group, CasefileTopics topics, long records) throws Exception {
        Set<String> inputs = Set.of(topics.spans().name(), topics.feedback().name(), topics.tickets().name());
        long deadline = System.nanoTime() + bench.phaseTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("Cannot read the offsets of " + group, e.getCause());
            }
            long consumed = committed.entrySet().stream().filter(e -> inputs.contains(e.getKey().topic()))
                    .mapToLong(e -> e.getValue().offset()).sum();
            if (consumed >= records && AppBenchmark.internalTopicsDrained(admin, committed)) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new IllegalStateException("The state was not built within " + bench.phaseTimeout());
    }

    private static long restoredRecords(Path log) throws IOException {
        long restored = -1;
        for (String line : Files.readAllLines(log)) {
            Matcher m = RESTORED.matcher(line);
            if (m.find()) {
                restored = Long.parseLong(m.group(2));
            }
        }
        return restored;
    }

    /** Reads linked-complaints from its end and notes when every complaint of the probe traffic has arrived linked. */
    private final class FirstLinked implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Deserializer<LinkedComplaint> complaints;
        private final String output;
        private final Set<String> probes;

        FirstLinked(CasefileTopics topics, Set<String> probes) {
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.complaints = topics.linkedComplaints().valueSerde().deserializer();
            this.output = topics.linkedComplaints().name();
            this.probes = probes;
            List<TopicPartition> partitions = consumer.partitionsFor(output).stream()
                    .map(p -> new TopicPartition(output, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        /** System.nanoTime() when the last of the probe complaints was read linked. */
        long await(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            Set<String> waiting = new HashSet<>(probes);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    if (r.value() == null) {
                        continue;
                    }
                    LinkedComplaint complaint = complaints.deserialize(output, r.value());
                    if (complaint.getStatus() == ComplaintStatus.LINKED && waiting.remove(complaint.getComplaintId())
                            && waiting.isEmpty()) {
                        return System.nanoTime();
                    }
                }
            }
            throw new IllegalStateException(waiting.size() + " complaints of the traffic sent at the restart were not linked within "
                    + timeout);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
