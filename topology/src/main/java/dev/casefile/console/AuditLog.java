package dev.casefile.console;

import dev.casefile.schema.ConsoleAgentSource;
import dev.casefile.schema.ConsoleAudit;
import dev.casefile.topics.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's audit log, "who looked": one {@link ConsoleAudit} record for every case file and complaint a support
 * agent opens, on the audit topic, keyed by the complaint id (else the trace id), so that whoever reviews access reads
 * it with the published contract and no Casefile code. It holds who, how they were identified, the route and the ids
 * opened, the instance and the time; never what was shown.
 *
 * <p>Opening a case file never waits for the broker. {@link #opened} builds the record and hands it to one sender
 * thread through a bounded queue; that thread gives it to an idempotent {@code acks=all} producer, which may wait
 * for metadata or buffer space up to {@link #MAX_BLOCK} there, not on the request's thread. A record that cannot be
 * queued (full, or closed) or sent is counted in {@link #failures()} and logged at most once a minute, with the
 * failure's kind and the count only: an audit record's content (an agent's name, the ids they opened) is not for
 * the application log. The console does not refuse a request whose audit record was lost: the audit is best effort
 * against a broker outage, and its losses are counted and logged.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    /** How long the sender thread's producer may wait for metadata or buffer space. */
    static final Duration MAX_BLOCK = Duration.ofSeconds(5);
    /** Records waiting for the sender thread; beyond that they are counted as lost rather than held in memory. */
    static final int QUEUE_CAPACITY = 10_000;
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Serializer<String> keys;
    private final Serializer<ConsoleAudit> values;
    private final String instance;
    private final Clock clock;
    private final ThreadPoolExecutor sender;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** {@link System#nanoTime()} of the last warning, and the failure count it reported. */
    private final AtomicLong lastWarnedAt;
    private final AtomicLong lastWarnedCount = new AtomicLong();

    /**
     * An audit log writing to {@code topic} with a producer of its own. {@code clientProperties}: the application's
     * Kafka client settings (bootstrap, security); {@code instance}: this console's advertised host:port, written in
     * every record and naming the producer.
     */
    public AuditLog(Map<String, Object> clientProperties, TopicSpec<String, ConsoleAudit> topic, String instance) {
        this(new KafkaProducer<>(producerProperties(clientProperties, topic.name() + "-" + instance),
                new ByteArraySerializer(), new ByteArraySerializer()), topic, instance, Clock.systemUTC());
    }

    /** An audit log sending through {@code producer}, which it closes. */
    AuditLog(Producer<byte[], byte[]> producer, TopicSpec<String, ConsoleAudit> topic, String instance, Clock clock) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = topic.name();
        this.keys = topic.keySerde().serializer();
        this.values = topic.valueSerde().serializer();
        this.instance = Objects.requireNonNull(instance, "instance");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastWarnedAt = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                r -> {
                    Thread thread = new Thread(r, "casefile-console-audit");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Idempotent, acks=all, bounded waits: an audit record is written once, by every in-sync replica, or counted lost. */
    static Map<String, Object> producerProperties(Map<String, Object> clientProperties, String clientId) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return props;
    }

    /**
     * Records that {@code agent} opened {@code routeTemplate} (e.g. {@code /api/complaints/{id}}) for the given
     * complaint, trace and workspace, each null when the route names none. Returns at once.
     */
    public void opened(Agent agent, String routeTemplate, String complaintId, String traceId, String workspaceId) {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(routeTemplate, "routeTemplate");
        ConsoleAudit audit = ConsoleAudit.newBuilder()
                .setAgentName(agent.name())
                .setAgentSource(ConsoleAgentSource.valueOf(agent.source().name()))
                .setRouteTemplate(routeTemplate)
                .setComplaintId(complaintId)
                .setTraceId(traceId)
                .setWorkspaceId(workspaceId)
                .setInstance(instance)
                .setOpenedAt(clock.instant())
                .build();
        String key = complaintId != null ? complaintId : traceId;
        try {
            sender.execute(() -> send(key, audit));
        } catch (RejectedExecutionException e) {
            failed(sender.isShutdown() ? "the audit log is closed" : "more than " + QUEUE_CAPACITY + " records waiting");
        }
    }

    /** On the sender thread. */
    private void send(String key, ConsoleAudit audit) {
        try {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, keys.serialize(topic, key),
                    values.serialize(topic, audit));
            producer.send(record, (metadata, e) -> {
                if (e == null) {
                    written.incrementAndGet();
                } else {
                    failed(describe(e));
                }
            });
        } catch (RuntimeException e) {
            failed(describe(e));
        }
    }

    /** The failure's kind and the broker's or client's message, which name the topic but no record content. */
    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void failed(String reason) {
        long count = failures.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarnedAt.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarnedAt.compareAndSet(last, now)) {
            long before = lastWarnedCount.getAndSet(count);
            LOG.warn("{} console audit records could not be written to topic {} ({} since the last warning); last "
                    + "failure: {}", count, topic, count - before, reason);
        }
    }

    /** Audit records the broker acknowledged. */
    public long written() {
        return written.get();
    }

    /** Audit records lost: not queued, not sent, or not acknowledged. */
    public long failures() {
        return failures.get();
    }

    /**
     * Takes no more records, sends those queued and waits up to 5 s for them to be acknowledged, then closes the
     * producer; what was not acknowledged by then is counted lost.
     */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                List<Runnable> unsent = sender.shutdownNow();
                unsent.forEach(r -> failed("closed before it was sent"));
            }
        } catch (InterruptedException e) {
            sender.shutdownNow().forEach(r -> failed("closed before it was sent"));
            Thread.currentThread().interrupt();
        }
        producer.close(CLOSE_TIMEOUT);
        if (failures.get() > 0) {
            LOG.warn("Console audit log closed: {} records written to topic {}, {} lost", written.get(), topic,
                    failures.get());
        } else {
            LOG.info("Console audit log closed: {} records written to topic {}", written.get(), topic);
        }
    }
}
