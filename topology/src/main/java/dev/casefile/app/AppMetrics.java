package dev.casefile.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The metrics that are not Casefile's own: Kafka Streams' client, thread, task and state-store
 * metrics and its clients' (consumer lag among them), through Micrometer's binder, and the JVM's.
 */
final class AppMetrics implements AutoCloseable {

    /** How often the binder looks for Kafka metrics that came or went (tasks move in a rebalance). */
    static final Duration KAFKA_REFRESH = Duration.ofSeconds(10);

    private final KafkaStreamsMetrics kafka;
    private final JvmGcMetrics gc;
    private final ScheduledExecutorService scheduler;

    private AppMetrics(KafkaStreamsMetrics kafka, JvmGcMetrics gc, ScheduledExecutorService scheduler) {
        this.kafka = kafka;
        this.gc = gc;
        this.scheduler = scheduler;
    }

    static AppMetrics bind(MeterRegistry registry, KafkaStreams streams) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "casefile-kafka-metrics");
            t.setDaemon(true);
            return t;
        });
        KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams, Tags.empty(), scheduler, KAFKA_REFRESH);
        kafka.bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return new AppMetrics(kafka, gc, scheduler);
    }

    @Override
    public void close() {
        kafka.close();
        gc.close();
        scheduler.shutdownNow();
    }
}
