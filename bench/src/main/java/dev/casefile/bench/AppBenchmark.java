package dev.casefile.bench;

import dev.casefile.config.CasefileConfig;
import dev.casefile.config.ConsoleConfig;
import dev.casefile.kafka.TopicCreator;
import dev.casefile.schema.ComplaintStatus;
import dev.casefile.schema.LinkedComplaint;
import dev.casefile.topics.CasefileTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures one app ({@code casefile} or one of the {@link ReferenceApps}) on its own topics, in two phases.
 * Throughput: the traffic is preloaded, then the app starts and drains it as fast as it can;
 * the phase ends when every input record is consumed, every expected result is out and the app's
 * internal topics are drained. Latency: the app gets fresh traffic at a fixed rate, and each
 * result's latency runs from the acknowledgement of the last input it needs to its arrival.
 */
final class AppBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(AppBenchmark.class);
    private static final String SEQ_HEADER = "bench-seq";
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(200);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final String app;
    private final BenchConfig bench;
    private final String bootstrap;
    private final CasefileConfig config;
    private final Map<String, String> workerSettings;
    private final Path stateDir;
    /** This run's state only: Kafka Streams keeps it under the application id, beside any earlier run's. */
    private final Path runStateDir;
    private final Path outputDir;
    private final CasefileTopics topics;
    private final BenchTraffic traffic;
    private final long originNanos = System.nanoTime();
    private final LatencyTracker tracker = new LatencyTracker(originNanos);
    private final Map<String, Expectation> expectations = new ConcurrentHashMap<>();
    private final AtomicLong outputs = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicReference<Exception> firstSendFailure = new AtomicReference<>();
    private volatile long timedFromSeq = Long.MAX_VALUE;
    /** OTLP trace ids of linked complaints, as the output reader sees them, for the console phase. */
    private final Set<String> linkedTraces = Collections.synchronizedSet(new LinkedHashSet<>());
    private final int consolePort = freePort();
    private final String consoleToken = "bench-" + UUID.randomUUID();
    private long seq;

    AppBenchmark(String app, BenchConfig bench, Map<String, String> appSettings, String bootstrap, String runId) {
        this.app = app;
        this.bench = bench;
        this.bootstrap = bootstrap;
        this.outputDir = bench.outputDir();
        this.stateDir = outputDir.resolve("state").resolve(app).toAbsolutePath();
        String prefix = "bench-" + runId + "-" + app;
        Map<String, String> settings = new HashMap<>(appSettings);
        settings.put(CasefileConfig.BOOTSTRAP_SERVERS, bootstrap);
        settings.put(CasefileConfig.APPLICATION_ID, prefix);
        this.runStateDir = stateDir.resolve(prefix);
        settings.put(CasefileConfig.STATE_DIR, stateDir.toString());
        settings.put(CasefileConfig.TOPIC_SPANS, prefix + "-spans");
        settings.put(CasefileConfig.TOPIC_FEEDBACK, prefix + "-feedback");
        settings.put(CasefileConfig.TOPIC_TICKETS, prefix + "-tickets");
        settings.put(CasefileConfig.TOPIC_LINKED_COMPLAINTS, prefix + "-" + (isCasefile() ? "linked-complaints" : "out"));
        settings.put(CasefileConfig.TOPIC_DLQ, prefix + "-dead-letters");
        settings.put(CasefileConfig.TOPIC_COMPLAINT_RATES, prefix + "-complaint-rates");
        settings.put(CasefileConfig.TOPIC_RATE_ALERTS, prefix + "-complaint-rate-alerts");
        if (isCasefile() && bench.caseFiles() > 0) {
            settings.put(ConsoleConfig.CONSOLE_ENABLED, "true");
            settings.put(ConsoleConfig.CONSOLE_PORT, Integer.toString(consolePort));
            settings.put(ConsoleConfig.CONSOLE_TOKEN, consoleToken);
        }
        if (bench.soak()) {
            Soak.SETTINGS.forEach(settings::putIfAbsent);
        }
        this.workerSettings = Map.copyOf(settings);
        this.config = new CasefileConfig(settings);
        this.topics = CasefileTopics.from(config.topicNames(), config.recordSerdes());
        // Three days ago: ticket dates a day or two after their feedback stay believable (not in the future). The soak
        // spreads its turns out to cross its retention, and starts early enough for ten million turns to stay past.
        this.traffic = bench.soak()
                ? new BenchTraffic(bench.seed(), Instant.now().minus(Soak.TURN_SPACING.multipliedBy(10_000_000))
                        .minus(Duration.ofDays(3)), config.recordSerdes(), Soak.TURN_SPACING)
                : new BenchTraffic(bench.seed(), Instant.now().minus(Duration.ofDays(3)), config.recordSerdes());
    }

    private boolean isCasefile() {
        return "casefile".equals(app);
    }

    /** Runs both phases; {@code loadRate} is the latency phase's input records/s, or 0 for a fraction of this app's own maximum. */
    AppResult run(double loadRate) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
             KafkaProducer<byte[], byte[]> producer = producer()) {
            TopicCreator.ensure(admin, topics.all());
            awaitLeaders(producer);
            int turns = bench.turns();
            LOG.info("[{}] preloading {} turns", app, turns);
            long preloadStart = System.nanoTime();
            Counts preloaded = send(producer, traffic.records(0, turns, e -> expect(e, false)), Long.MAX_VALUE, 0);
            producer.flush();
            double preloadSeconds = seconds(System.nanoTime() - preloadStart);
            checkSends();
            LOG.info("[{}] preloaded {} records ({} spans) in {} s", app, preloaded.records, preloaded.spans,
                    String.format("%.1f", preloadSeconds));

            OutputReader reader = new OutputReader();
            reader.start();
            List<String> jvm = new ArrayList<>(bench.workerJvmOptions());
            WorkerProcess worker = WorkerProcess.start(app, jvm, workerSettings, outputDir.resolve(app + "-worker.log"));
            try {
                worker.awaitRunning(Duration.ofMinutes(3));
                long start = System.nanoTime();
                double workerCpuStart = worker.cpuSeconds();
                double harnessCpuStart = harnessCpuSeconds();
                List<long[]> samples = new ArrayList<>();
                long end = drain(admin, worker, preloaded.records, samples);
                double workerCpu = worker.cpuSeconds() - workerCpuStart;
                double harnessCpu = harnessCpuSeconds() - harnessCpuStart;
                double seconds = seconds(end - start);
                long written = writtenRecords(admin);
                double maxRate = preloaded.records / seconds;
                LOG.info("[{}] drained {} records in {} s: {} records/s", app, preloaded.records,
                        String.format("%.1f", seconds), Math.round(maxRate));

                double rate = loadRate > 0 ? loadRate : maxRate * bench.loadFraction();
                LOG.info("[{}] latency phase: {} records/s, {} s of warm-up then {} s timed", app, Math.round(rate),
                        bench.latencyWarmup().toSeconds(), bench.latencyPhase().toSeconds());
                timedFromSeq = seq;
                BenchTraffic.Records fresh = traffic.records(turns, Long.MAX_VALUE / 4, e -> expect(e, true));
                long phaseStart = System.nanoTime();
                tracker.measureFrom(phaseStart + bench.latencyWarmup().toNanos());
                Optional<Soak> soak = bench.soak()
                        ? Optional.of(new Soak(worker, runStateDir, tracker, phaseStart, bench.latencyWarmup()))
                        : Optional.empty();
                soak.ifPresent(Soak::start);
                List<Soak.Minute> soakMinutes;
                Counts paced;
                double pacedSeconds;
                try {
                    paced = send(producer, fresh, bench.latencyWarmup().plus(bench.latencyPhase()).toNanos(), rate);
                    producer.flush();
                    pacedSeconds = seconds(System.nanoTime() - phaseStart);
                    checkSends();
                    awaitTimedResults();
                } finally {
                    soakMinutes = soak.map(Soak::stop).orElse(List.of());
                }
                long unfinished = tracker.outstandingReady();
                Histogram caseFiles = caseFilePhase();
                worker.close();
                reader.stop();
                Map<String, Long> storeBytes = storeSizes(runStateDir);
                storeBytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .forEach(e -> LOG.info("[{}] state on disk: {} MiB in {}", app, e.getValue() >> 20, e.getKey()));
                long stateBytes = storeBytes.values().stream().mapToLong(Long::longValue).sum();
                deleteRecursively(runStateDir);
                return new AppResult(app, preloaded.records, preloaded.spans, turns, seconds,
                        throughputSeries(samples, start), rate, paced.records / pacedSeconds, tracker.histogram(), tracker.warmupHistogram(),
                        tracker.perSecond(phaseStart), unfinished,
                        worker.peakHeapBytes(), worker.peakRssBytes(), stateBytes,
                        turns + fresh.turns(), written, workerCpu, harnessCpu, caseFiles, soakMinutes);
            } finally {
                worker.close();
                reader.stop();
            }
        }
    }

    /** Times Casefile's case files of complained traces (see {@link CaseFileTimer}); empty for a reference app. */
    private Histogram caseFilePhase() throws InterruptedException {
        if (!isCasefile() || bench.caseFiles() == 0) {
            return new Histogram(1);
        }
        List<String> traces;
        synchronized (linkedTraces) {
            traces = List.copyOf(linkedTraces);
        }
        LOG.info("[{}] console phase: {} case files of {} linked traces", app, Math.min(bench.caseFiles(), traces.size()),
                traces.size());
        try {
            Histogram ms = new CaseFileTimer(consolePort, consoleToken).time(traces, bench.caseFiles());
            LOG.info("[{}] case files: p50 {} ms, p99 {} ms, max {} ms", app, ms.getValueAtPercentile(50),
                    ms.getValueAtPercentile(99), ms.getMaxValue());
            return ms;
        } catch (IOException e) {
            throw new IllegalStateException("the console phase could not reach Casefile's console", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the console", e);
        }
    }

    /** Producing into a partition whose leader is still being elected makes idempotent producers retry out of order. */
    private void awaitLeaders(KafkaProducer<byte[], byte[]> producer) throws InterruptedException {
        for (String topic : List.of(topics.spans().name(), topics.feedback().name(), topics.tickets().name())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (producer.partitionsFor(topic).stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("No leaders for " + topic + " after 30 s");
                }
                Thread.sleep(100);
            }
        }
        Thread.sleep(500);
    }

    private void expect(Expectation e, boolean timed) {
        if (isCasefile()) {
            expectations.put(e.complaintId(), e);
            tracker.expect(e.complaintId(), e.records(), timed);
        }
    }

    /** How much was sent. */
    private record Counts(long records, long spans) {
    }

    /** Sends records until they run out or {@code forNanos} passed, paced to {@code rate} records/s (0: as fast as possible). */
    private Counts send(KafkaProducer<byte[], byte[]> producer, BenchTraffic.Records records, long forNanos, double rate) {
        long start = System.nanoTime();
        long sent = 0;
        long spans = 0;
        double interval = rate > 0 ? 1e9 / rate : 0;
        while (records.hasNext() && System.nanoTime() - start < forNanos) {
            if (rate > 0) {
                long due = start + (long) (sent * interval);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            BenchRecord r = records.next();
            long mySeq = seq++;
            String key = isCasefile() ? r.complaintId() : (mySeq >= timedFromSeq ? "r" + mySeq : null);
            if (key != null && !isCasefile()) {
                tracker.expect(key, 1, true);
            }
            RecordHeaders headers = new RecordHeaders();
            headers.add(SEQ_HEADER, ByteBuffer.allocate(8).putLong(mySeq).array());
            producer.send(new ProducerRecord<>(topic(r.kind()), null, r.timestamp(), r.key(), r.value(), headers), (md, e) -> {
                if (e != null) {
                    sendFailures.incrementAndGet();
                    firstSendFailure.compareAndSet(null, e);
                } else if (key != null) {
                    tracker.acked(key, System.nanoTime());
                }
            });
            sent++;
            spans += r.spans();
        }
        return new Counts(sent, spans);
    }

    private String topic(BenchRecord.Kind kind) {
        return topicOf(topics, kind);
    }

    /** The input topic of a record of {@code kind}. */
    static String topicOf(CasefileTopics topics, BenchRecord.Kind kind) {
        return switch (kind) {
            case SPANS -> topics.spans().name();
            case FEEDBACK -> topics.feedback().name();
            case TICKETS -> topics.tickets().name();
        };
    }

    private void checkSends() {
        if (sendFailures.get() > 0) {
            throw new IllegalStateException(sendFailures.get() + " input records could not be sent", firstSendFailure.get());
        }
    }

    /** Waits until the preloaded input is processed; returns when (System.nanoTime) that was seen. */
    private long drain(Admin admin, WorkerProcess worker, long records, List<long[]> samples) throws InterruptedException {
        long deadline = System.nanoTime() + bench.phaseTimeout().toNanos();
        Set<String> inputs = Set.of(topics.spans().name(), topics.feedback().name(), topics.tickets().name());
        while (true) {
            long now = System.nanoTime();
            Map<TopicPartition, OffsetAndMetadata> committed = committed(admin);
            long consumed = committed.entrySet().stream().filter(e -> inputs.contains(e.getKey().topic()))
                    .mapToLong(e -> e.getValue().offset()).sum();
            samples.add(new long[] {now, consumed});
            boolean resultsOut = isCasefile() ? tracker.outstanding() == 0 : outputs.get() >= records;
            if (consumed >= records && resultsOut && internalTopicsDrained(admin, committed)) {
                return now;
            }
            if (!worker.isAlive()) {
                throw new IllegalStateException(app + " worker exited during the throughput phase; see its log in " + outputDir);
            }
            if (now > deadline) {
                throw new IllegalStateException(app + " did not finish the throughput phase in " + bench.phaseTimeout()
                        + ": consumed " + consumed + " of " + records + ", results outstanding " + tracker.outstanding());
            }
            Thread.sleep(SAMPLE_EVERY.toMillis());
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(Admin admin) {
        try {
            return admin.listConsumerGroupOffsets(config.applicationId()).partitionsToOffsetAndMetadata().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the offsets of " + config.applicationId(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every partition the app reads is read to its end; a transaction marker after the last record may remain. */
    static boolean internalTopicsDrained(Admin admin, Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            return committed.entrySet().stream().allMatch(e -> ends.get(e.getKey()).offset() - e.getValue().offset() <= 1);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read end offsets", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Offsets written to the app's own topics (outputs, repartition and changelog topics, transaction
     * markers included) after the throughput phase; logs them per topic.
     */
    private long writtenRecords(Admin admin) {
        Set<String> inputs = Set.of(topics.spans().name(), topics.feedback().name(), topics.tickets().name());
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var description : admin.describeTopics(admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(config.applicationId()) && !inputs.contains(t)).toList())
                    .allTopicNames().get().values()) {
                description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()),
                        OffsetSpec.latest()));
            }
            Map<String, Long> perTopic = new java.util.TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> perTopic.merge(tp.topic(), info.offset(), Long::sum));
            perTopic.forEach((topic, n) -> LOG.info("[{}] {} offsets written to {}", app, n, topic));
            return perTopic.values().stream().mapToLong(Long::longValue).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read end offsets", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitTimedResults() throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (tracker.outstandingReady() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Input records/s per second of the throughput phase, from the consumed-offset samples. */
    private static List<double[]> throughputSeries(List<long[]> samples, long start) {
        List<double[]> series = new ArrayList<>();
        long[] previous = {start, 0};
        for (long[] sample : samples) {
            if (sample[0] - previous[0] >= TimeUnit.SECONDS.toNanos(1)) {
                double rate = (sample[1] - previous[1]) / seconds(sample[0] - previous[0]);
                series.add(new double[] {seconds(sample[0] - start), rate});
                previous = sample;
            }
        }
        return series;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return producer(bootstrap);
    }

    /** The load generator's producer: idempotent, acks=all, batching. */
    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads the app's output (read_committed) and tells the tracker which results are out. */
    private final class OutputReader {
        private final Thread thread = new Thread(this::read, app + "-output-reader");
        private volatile boolean stopped;

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(10_000);
        }

        private void read() {
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
            Deserializer<LinkedComplaint> complaints = topics.linkedComplaints().valueSerde().deserializer();
            String output = topics.linkedComplaints().name();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(output).stream()
                        .map(p -> new TopicPartition(output, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (!stopped) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        outputs.incrementAndGet();
                        if (isCasefile()) {
                            if (r.value() != null) {
                                LinkedComplaint c = complaints.deserialize(output, r.value());
                                if (c.getStatus() == ComplaintStatus.LINKED && c.getOtlpTraceId() != null) {
                                    linkedTraces.add(c.getOtlpTraceId());
                                }
                                Expectation e = expectations.get(c.getComplaintId());
                                if (e != null && e.completedBy(c)) {
                                    tracker.arrived(e.complaintId(), now);
                                }
                            }
                        } else {
                            Header h = r.headers().lastHeader(SEQ_HEADER);
                            long s = ByteBuffer.wrap(h.value()).getLong();
                            if (s >= timedFromSeq) {
                                tracker.arrived("r" + s, now);
                            }
                        }
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("[{}] output reader failed", app, e);
            }
        }
    }

    /** CPU time of this JVM (the embedded broker, the load generator and the output reader). */
    private static double harnessCpuSeconds() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return -1;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** The run's state is measured, then removed: a full run leaves gigabytes. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the benchmark's state directory {}: {}", dir, e.getMessage());
        }
    }

    /**
     * Bytes on disk per store, summed over tasks ({@code <task>/rocksdb/<store>/...}); other files under "(other)". Files
     * that RocksDB deletes during the walk (compactions do, all the time) are skipped.
     */
    static Map<String, Long> storeSizes(Path dir) {
        Map<String, Long> byStore = new HashMap<>();
        if (!Files.exists(dir)) {
            return byStore;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    Path relative = dir.relativize(file);
                    String store = relative.getNameCount() > 3 && relative.getName(1).toString().equals("rocksdb")
                            ? relative.getName(2).toString() : "(other)";
                    byStore.merge(store, attributes.size(), Long::sum);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byStore;
    }
}
