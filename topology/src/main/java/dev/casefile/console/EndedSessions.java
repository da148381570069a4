package dev.casefile.console;

import dev.casefile.topics.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console sessions ended by a logout, on every instance. A session cookie is signed, not stored, so any instance
 * accepts it until it expires; a logout on one instance must reach the others. {@link #end} writes the session's id,
 * with its expiry, to the compacted sessions topic and returns only once the broker has it, so a logout that
 * answered is durable. Each instance reads the whole topic with a consumer of its own (every partition assigned, no
 * group, nothing committed) into an in-memory set, dropping a session once its expiry has passed: the cookie is then
 * refused anyway.
 *
 * <p>It fails closed. Until the reader has caught up to the end offsets the topic had when it started, it cannot know
 * which sessions have ended, and {@link #isEnded} answers true for every id, so the console refuses every session
 * cookie (the bearer token still works) rather than accept one that was logged out. If the reader stops on an
 * unexpected error it goes back to answering true for every id. A broker outage after the catch-up only delays news
 * of logouts on other instances; a logout on this instance counts here at once.
 */
public final class EndedSessions implements Sessions.Ended, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndedSessions.class);

    /** The longest {@link #end} waits for the broker, metadata included. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Pattern SESSION_ID = Pattern.compile("[0-9a-fA-F]{1,256}");

    private final String topic;
    private final Serializer<String> keyWriter;
    private final Serializer<Long> valueWriter;
    private final Deserializer<String> keyReader;
    private final Deserializer<Long> valueReader;
    private final Producer<byte[], byte[]> producer;
    private final Consumer<byte[], byte[]> consumer;
    private final Clock clock;
    /** Ended session id to its expiry, epoch millis. */
    private final Map<String, Long> ended = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread reader;
    private volatile boolean ready;
    private long lastWarnedAt = System.nanoTime() - WARN_EVERY_NANOS;

    private EndedSessions(Map<String, Object> clientProperties, TopicSpec<String, Long> topic, String instance,
                          Clock clock) {
        this.topic = topic.name();
        this.keyWriter = topic.keySerde().serializer();
        this.valueWriter = topic.valueSerde().serializer();
        this.keyReader = topic.keySerde().deserializer();
        this.valueReader = topic.valueSerde().deserializer();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.producer = new KafkaProducer<>(producerProperties(clientProperties, this.topic + "-" + instance),
                new ByteArraySerializer(), new ByteArraySerializer());
        try {
            this.consumer = new KafkaConsumer<>(consumerProperties(clientProperties, this.topic + "-reader-" + instance),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        this.reader = new Thread(this::read, "casefile-console-sessions");
        reader.setDaemon(true);
    }

    /**
     * Starts reading {@code topic}. {@code clientProperties}: the application's Kafka client settings (bootstrap,
     * security); {@code instance}: this console's advertised host:port, naming its clients.
     */
    public static EndedSessions start(Map<String, Object> clientProperties, TopicSpec<String, Long> topic, String instance) {
        return start(clientProperties, topic, instance, Clock.systemUTC());
    }

    static EndedSessions start(Map<String, Object> clientProperties, TopicSpec<String, Long> topic, String instance,
                               Clock clock) {
        EndedSessions sessions = new EndedSessions(clientProperties, topic, instance, clock);
        sessions.reader.start();
        return sessions;
    }

    private static Map<String, Object> producerProperties(Map<String, Object> clientProperties, String clientId) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
        return props;
    }

    private static Map<String, Object> consumerProperties(Map<String, Object> clientProperties, String clientId) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        return props;
    }

    /**
     * Ends the session {@code sessionId} (hex), whose cookie expires at {@code expiresAtMs}, on every instance:
     * returns once the broker has the record, or throws {@link IllegalStateException} if it did not within 10 s.
     * This instance refuses the session from then on.
     */
    @Override
    public void end(String sessionId, long expiresAtMs) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            throw new IllegalArgumentException("a session id is 1 to 256 hex digits");
        }
        long deadline = System.nanoTime() + WRITE_TIMEOUT.toNanos();
        try {
            producer.send(new ProducerRecord<>(topic, keyWriter.serialize(topic, sessionId),
                    valueWriter.serialize(topic, expiresAtMs))).get(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw notWritten(e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw notWritten(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notWritten(e);
        }
        ended.merge(sessionId, expiresAtMs, Math::max);
    }

    /** The message names the topic and the cause, never the session. */
    private IllegalStateException notWritten(Throwable cause) {
        return new IllegalStateException("The end of a console session was not written to topic " + topic + " within "
                + WRITE_TIMEOUT.toSeconds() + " s: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    }

    /**
     * Whether the console must refuse the session {@code sessionId}: it was ended, or this instance cannot tell yet
     * (the reader has not caught up, or it stopped).
     */
    @Override
    public boolean isEnded(String sessionId) {
        return sessionId == null || !ready || ended.containsKey(sessionId);
    }

    /** Whether the reader has caught up, so that {@link #isEnded} answers for each session rather than for all. */
    public boolean ready() {
        return ready;
    }

    /** Waits up to {@code timeout} for the reader to catch up; whether it has. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && ready;
    }

    /** Ended sessions in force (not yet expired, or expired since the last poll). */
    int size() {
        return ended.size();
    }

    /** The reader thread: catch up from the beginning, then follow the topic until closed. */
    private void read() {
        try {
            List<TopicPartition> partitions = partitions();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> target = endOffsets(partitions);
            while (closing.getCount() > 0) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        apply(record);
                    }
                    long now = clock.millis();
                    ended.values().removeIf(expiresAt -> expiresAt <= now);
                    if (!ready && target != null && reached(target)) {
                        ready = true;
                        target = null;
                        caughtUp.countDown();
                        LOG.info("Ended console sessions read from topic {}: {} in force", topic, ended.size());
                    }
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (KafkaException e) {
                    warn("Reading ended console sessions from topic {} failed, retrying: {}", describe(e));
                    pause();
                }
            }
        } catch (WakeupException | InterruptException e) {
            if (closing.getCount() > 0) {
                stopped(e);
            }
        } catch (RuntimeException e) {
            stopped(e);
        } catch (Error e) {
            stopped(e);
            throw e;
        } finally {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    /** Fails closed for good: a reader that stopped no longer hears of logouts. */
    private void stopped(Throwable e) {
        ready = false;
        LOG.error("The reader of ended console sessions on topic {} stopped: every session cookie is refused from now on",
                topic, e);
    }

    /** Every partition of the topic, asked until the broker answers; empty if closed first. */
    private List<TopicPartition> partitions() {
        while (closing.getCount() > 0) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, RETRY.multipliedBy(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                }
                warn("Topic {} of ended console sessions has no partitions yet, retrying: {}", "none listed");
            } catch (WakeupException | InterruptException e) {
                throw e;
            } catch (KafkaException e) {
                warn("Cannot list the partitions of topic {} of ended console sessions, retrying: {}", describe(e));
            }
            pause();
        }
        return List.of();
    }

    /** The end offsets at start, asked until the broker answers; what the reader must reach to be ready. */
    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        while (true) {
            try {
                return consumer.endOffsets(partitions, RETRY.multipliedBy(5));
            } catch (WakeupException | InterruptException e) {
                throw e;
            } catch (KafkaException e) {
                warn("Cannot read the end offsets of topic {} of ended console sessions, retrying: {}", describe(e));
                pause();
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            if (consumer.position(end.getKey(), RETRY) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String id;
        Long expiresAt;
        try {
            id = keyReader.deserialize(topic, record.key());
            expiresAt = valueReader.deserialize(topic, record.value());
        } catch (RuntimeException e) {
            warn("Skipping an unreadable record on topic {} of ended console sessions: {}", describe(e));
            return;
        }
        if (id == null) {
            return;
        }
        if (expiresAt == null) {
            ended.remove(id);
        } else if (expiresAt > clock.millis()) {
            ended.merge(id, expiresAt, Math::max);
        }
    }

    /** A warning at most once a minute (on the reader thread only), naming the topic and the failure. */
    private void warn(String message, String reason) {
        long now = System.nanoTime();
        if (now - lastWarnedAt >= WARN_EVERY_NANOS) {
            lastWarnedAt = now;
            LOG.warn(message, topic, reason);
        }
    }

    /** The failure's kind and the client's message, which name the topic but no record content. */
    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void pause() {
        try {
            closing.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    /** Stops the reader (waiting up to 5 s for it) and closes both clients; every id counts as ended from then on. */
    @Override
    public void close() {
        ready = false;
        closing.countDown();
        consumer.wakeup();
        try {
            reader.join(CLOSE_TIMEOUT.multipliedBy(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            LOG.warn("The reader of ended console sessions on topic {} did not stop within {} s", topic,
                    CLOSE_TIMEOUT.multipliedBy(2).toSeconds());
        }
        producer.close(CLOSE_TIMEOUT);
    }
}
