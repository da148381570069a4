package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.config.CasefileConfig;
import dev.casefile.testing.EmbeddedKafkaExtension;
import dev.casefile.testing.TestSettings;
import dev.casefile.topics.CasefileTopics;
import dev.casefile.topics.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A logout on one console instance is refused on every other: instances reading one sessions topic see each other's
 * ended sessions, a later instance sees them once caught up and refuses every session before, and expired entries
 * are dropped.
 */
@Tag("integration")
@Timeout(120)
class EndedSessionsIT {

    private static final long HOUR_MS = 3_600_000L;

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    private final List<EndedSessions> started = new ArrayList<>();

    @AfterEach
    void closeAllAndNoReaderIsLeft() throws InterruptedException {
        started.forEach(EndedSessions::close);
        await(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("casefile-console-sessions") && t.isAlive()), "every reader stopped");
    }

    @Test
    void aSessionEndedOnOneInstanceIsEndedOnTheOther(TestInfo test) throws Exception {
        TopicSpec<String, Long> topic = topic(test);
        EndedSessions a = start(topic, "a:8470", Clock.systemUTC());
        EndedSessions b = start(topic, "b:8470", Clock.systemUTC());
        assertTrue(a.awaitReady(Duration.ofSeconds(30)) && b.awaitReady(Duration.ofSeconds(30)));
        String first = sessionId();
        String second = sessionId();
        String other = sessionId();
        assertFalse(a.isEnded(first) || b.isEnded(first), "nothing ended yet");

        a.end(first, System.currentTimeMillis() + HOUR_MS);
        assertTrue(a.isEnded(first), "the instance that ended it refuses it at once");
        await(() -> b.isEnded(first), "the other instance refuses it");
        b.end(second, System.currentTimeMillis() + HOUR_MS);
        await(() -> a.isEnded(second), "and the other way round");
        assertFalse(a.isEnded(other) || b.isEnded(other), "a session nobody ended is accepted");
    }

    /** Many ended sessions over several partitions, all known once ready; before that, every session is refused. */
    @Test
    void aLaterInstanceRefusesEverySessionUntilCaughtUpThenKnowsEveryEndedOne(TestInfo test) throws Exception {
        TopicSpec<String, Long> topic = topic(test);
        EndedSessions a = start(topic, "a:8470", Clock.systemUTC());
        List<String> ended = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = sessionId();
            a.end(id, System.currentTimeMillis() + HOUR_MS);
            ended.add(id);
        }

        EndedSessions later = start(topic, "later:8470", Clock.systemUTC());
        String unrelated = sessionId();
        int answeredBeforeReady = 0;
        while (!later.ready()) {
            boolean answer = later.isEnded(unrelated);
            if (!later.ready()) {
                assertTrue(answer, "a session is refused before the reader has caught up");
                answeredBeforeReady++;
            }
            Thread.sleep(1);
        }
        assertTrue(answeredBeforeReady > 0, "the reader was asked before it caught up");
        for (String id : ended) {
            assertTrue(later.isEnded(id), "an ended session, once caught up");
        }
        assertFalse(later.isEnded(unrelated));
        assertEquals(300, later.size());
    }

    /** With no broker it never catches up, so it refuses every session; and a logout fails rather than pretend. */
    @Test
    void withoutABrokerEverySessionIsRefusedAndEndingOneThrows(TestInfo test) throws Exception {
        TopicSpec<String, Long> topic = topic(test);
        EndedSessions cut = start(Map.of("bootstrap.servers", "127.0.0.1:1"), topic, "cut:8470", Clock.systemUTC());
        assertFalse(cut.awaitReady(Duration.ofSeconds(2)));
        assertTrue(cut.isEnded(sessionId()));

        String id = sessionId();
        long startedAt = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cut.end(id, System.currentTimeMillis() + HOUR_MS));
        long tookMs = (System.nanoTime() - startedAt) / 1_000_000;
        assertTrue(tookMs < EndedSessions.WRITE_TIMEOUT.toMillis() + 2_000, "end() waited " + tookMs + " ms");
        assertFalse(e.getMessage().contains(id), "the message names no session: " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cut.end("not hex!", 0));
    }

    @Test
    void expiredSessionsAreDroppedAndNotReadBack(TestInfo test) throws Exception {
        TopicSpec<String, Long> topic = topic(test);
        MutableClock clock = new MutableClock(Instant.parse("2026-05-21T09:00:00Z").toEpochMilli());
        EndedSessions a = start(topic, "a:8470", clock);
        assertTrue(a.awaitReady(Duration.ofSeconds(30)));
        String shortLived = sessionId();
        String longLived = sessionId();
        a.end(shortLived, clock.millis() + 60_000);
        a.end(longLived, clock.millis() + 8 * HOUR_MS);
        assertTrue(a.isEnded(shortLived) && a.isEnded(longLived));

        clock.advance(2 * 60_000);
        await(() -> !a.isEnded(shortLived), "the expired entry is dropped");
        assertTrue(a.isEnded(longLived));
        assertEquals(1, a.size());

        EndedSessions later = start(topic, "later:8470", clock);
        assertTrue(later.awaitReady(Duration.ofSeconds(30)));
        assertFalse(later.isEnded(shortLived), "an expired entry read back is not kept");
        assertTrue(later.isEnded(longLived));
        assertEquals(1, later.size());
    }

    @Test
    void theTopicIsCreatedCompactedAndDeletingAfterTheLongestCookie(TestInfo test) throws Exception {
        TopicSpec<String, Long> topic = topic(test);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
            Config created = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertEquals("compact,delete", created.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals(Long.toString(8L * 24 * HOUR_MS), created.get(TopicConfig.RETENTION_MS_CONFIG).value());
        }
    }

    /** A sessions topic of this test's own, with three partitions, created as the application creates it. */
    private static TopicSpec<String, Long> topic(TestInfo test) {
        CasefileConfig config = TestSettings.config(kafka.bootstrapServers(), 3,
                Map.of(CasefileConfig.TOPIC_CONSOLE_SESSIONS, "sessions-" + test.getTestMethod().orElseThrow().getName()));
        CasefileTopics topics = TestSettings.createTopics(config);
        return topics.consoleSessions();
    }

    private EndedSessions start(TopicSpec<String, Long> topic, String instance, Clock clock) {
        return start(Map.of("bootstrap.servers", kafka.bootstrapServers()), topic, instance, clock);
    }

    private EndedSessions start(Map<String, Object> client, TopicSpec<String, Long> topic, String instance, Clock clock) {
        EndedSessions sessions = EndedSessions.start(client, topic, instance, clock);
        started.add(sessions);
        return sessions;
    }

    /** 16 random bytes in hex, as the console's session ids. */
    private static String sessionId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A clock the test moves on. */
    private static final class MutableClock extends Clock {
        private final AtomicLong millis;

        MutableClock(long millis) {
            this.millis = new AtomicLong(millis);
        }

        void advance(long ms) {
            millis.addAndGet(ms);
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
