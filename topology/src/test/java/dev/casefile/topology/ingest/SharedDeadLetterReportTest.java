package dev.casefile.topology.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.casefile.config.CasefileConfig;
import dev.casefile.schema.internal.FeedbackChange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.InternalFixedKeyRecordFactory;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One dead-letter report per stage, whatever the tasks: the gates of three partitions log the first dead letter
 * of a topic once and sum up the rest in one line, as operations.md says, and count every one.
 */
class SharedDeadLetterReportTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(DeadLetterReport.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-05-21T09:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    SharedDeadLetterReportTest() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logs);
    }

    @Test
    void theGatesOfEveryTaskShareOneReport() throws Exception {
        CasefileConfig config = new CasefileConfig(Map.of());
        IngestStage stage = new IngestStage(config.recordSerdes(), config.spanMapping(), config.spanFormat(),
                config.jsonUnknownFields(), config.businessKeyHashSecret(), List.of(), clock, meters);
        List<Punctuator> summaries = new ArrayList<>();
        List<FakeTask> tasks = new ArrayList<>();
        for (int partition = 0; partition < 3; partition++) {
            FixedKeyProcessor<byte[], byte[], Gated<FeedbackChange>> gate = stage.feedback().get();
            FakeTask task = new FakeTask(partition, summaries);
            gate.init(task.context());
            tasks.add(task);
            task.gate = gate;
        }
        // Three stream threads, each its own task, all sending garbage.
        ExecutorService threads = Executors.newFixedThreadPool(3);
        for (FakeTask task : tasks) {
            threads.submit(() -> {
                for (int offset = 0; offset < 200; offset++) {
                    task.process(offset, "not a record".getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        threads.shutdown();
        assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));

        assertEquals(600.0, meters.get(DeadLetterReport.METRIC).tags("source_topic", "feedback", "reason", "not_json_or_avro")
                .counter().count());
        assertEquals(1, logs.list.size(), "one line for the first dead letter of the topic, not one per task: " + lines());
        assertTrue(lines().get(0).startsWith("Dead letter from topic=feedback partition="), lines().get(0));

        // A minute later every task's punctuation runs; only the first finds a summary to log, of all three tasks.
        now.set(now.get().plus(DeadLetterReport.SUMMARY_EVERY));
        assertEquals(3, summaries.size());
        summaries.forEach(p -> p.punctuate(clock.millis()));
        assertEquals(List.of("599 more dead letters from topic=feedback in the last 60 s: not_json_or_avro 599"),
                lines().subList(1, lines().size()));
        assertEquals(600, tasks.stream().mapToInt(t -> t.rejected).sum());
    }

    private List<String> lines() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** One task's side of a gate: its partition, what it was given to punctuate, how many records it rejected. */
    private static final class FakeTask {
        private final int partition;
        private final List<Punctuator> summaries;
        private long offset;
        private int rejected;
        private FixedKeyProcessor<byte[], byte[], Gated<FeedbackChange>> gate;

        FakeTask(int partition, List<Punctuator> summaries) {
            this.partition = partition;
            this.summaries = summaries;
        }

        void process(long at, byte[] value) {
            offset = at;
            gate.process(InternalFixedKeyRecordFactory.create(new Record<>("k".getBytes(StandardCharsets.UTF_8), value, 0L,
                    new RecordHeaders())));
        }

        @SuppressWarnings("unchecked")
        FixedKeyProcessorContext<byte[], Gated<FeedbackChange>> context() {
            return (FixedKeyProcessorContext<byte[], Gated<FeedbackChange>>) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {FixedKeyProcessorContext.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "schedule" -> {
                                assertEquals(PunctuationType.WALL_CLOCK_TIME, args[1]);
                                synchronized (summaries) {
                                    summaries.add((Punctuator) args[2]);
                                }
                                return null;
                            }
                            case "recordMetadata" -> {
                                return Optional.of(metadata(partition, offset));
                            }
                            case "forward" -> {
                                rejected++;
                                return null;
                            }
                            case "currentSystemTimeMs" -> {
                                return 0L;
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }

    private static RecordMetadata metadata(int partition, long offset) {
        return new RecordMetadata() {
            @Override
            public String topic() {
                return "feedback";
            }

            @Override
            public int partition() {
                return partition;
            }

            @Override
            public long offset() {
                return offset;
            }
        };
    }
}
