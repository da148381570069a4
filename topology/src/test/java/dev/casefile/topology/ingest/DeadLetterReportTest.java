package dev.casefile.topology.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A misbehaving producer does not flood the log: one line, then one summary a minute, and every letter counted. */
class DeadLetterReportTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(DeadLetterReport.class);
    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DeadLetterReport report = new DeadLetterReport(meters, clock);

    DeadLetterReportTest() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logs);
    }

    @Test
    void aThousandDeadLettersInAHundredSecondsMakeTwoLines() {
        for (int i = 0; i < 1_000; i++) {
            report.record(at("feedback", i), i % 2 == 0 ? DeadLetterCause.MISSING_FIELD : DeadLetterCause.NOT_JSON_OR_AVRO);
            clock.advance(Duration.ofMillis(100));
            if (i % 200 == 0) {
                report.summarise();
            }
        }
        report.summarise();
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("Dead letter from topic=feedback partition=0 offset=0 cause=missing_field"), lines.get(0));
        assertEquals("600 more dead letters from topic=feedback in the last 60 s: not_json_or_avro 300, missing_field 300",
                lines.get(1));
        assertEquals(500.0, meters.get(DeadLetterReport.METRIC).tags("source_topic", "feedback", "reason", "missing_field")
                .counter().count());
        assertEquals(500.0, meters.get(DeadLetterReport.METRIC).tags("source_topic", "feedback", "reason", "not_json_or_avro")
                .counter().count());
    }

    @Test
    void afterAQuietMinuteTheNextOneIsLoggedAtOnce() {
        report.record(at("support-tickets", 1), DeadLetterCause.MISSING_FIELD);
        clock.advance(Duration.ofMinutes(2));
        report.summarise();
        report.record(at("support-tickets", 2), DeadLetterCause.UNKNOWN_SCHEMA);
        assertEquals(2, logs.list.size());
        assertTrue(logs.list.get(1).getFormattedMessage().contains("offset=2 cause=unknown_schema"));
    }

    private static RecordMetadata at(String topic, long offset) {
        return new RecordMetadata() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public int partition() {
                return 0;
            }

            @Override
            public long offset() {
                return offset;
            }
        };
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-05-21T09:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

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
            return now;
        }
    }
}
