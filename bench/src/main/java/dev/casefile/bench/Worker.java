package dev.casefile.bench;

import dev.casefile.app.CasefileApp;
import dev.casefile.app.InstanceId;
import dev.casefile.app.StreamsProperties;
import dev.casefile.config.CasefileConfig;
import dev.casefile.config.ConfigSources;
import dev.casefile.topology.ingest.OtlpSpanDecoder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The app under test, in its own JVM so its heap and RSS are its own: {@code casefile} (the real
 * application) or one of the {@link ReferenceApps}, configured by {@code --key value} settings. Speaks to the
 * harness on stdout in lines starting with {@value #PREFIX}: {@code running}, then {@code heap
 * <bytes used>} four times a second until it is stopped (SIGTERM closes the app cleanly).
 */
public final class Worker {

    static final String PREFIX = "@bench ";

    private Worker() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> settings = new HashMap<>(ConfigSources.resolve(Arrays.asList(args).subList(1, args.length),
                Map.of()));
        // The benchmark does not scrape the app: its management endpoints take a free port.
        settings.putIfAbsent(CasefileConfig.MANAGEMENT_PORT, "0");
        CasefileConfig config = new CasefileConfig(settings);
        CountDownLatch running = new CountDownLatch(1);
        AutoCloseable app = switch (args[0]) {
            case "casefile" -> {
                CasefileApp casefile = CasefileApp.start(config);
                // However long restoring its state takes (the recovery mode restarts it on gigabytes).
                casefile.awaitRunning(Duration.ofMinutes(60));
                running.countDown();
                yield casefile;
            }
            default -> reference(args[0], config, running);
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            say("stopped");
        }, "worker-shutdown"));
        running.await();
        say("running");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        while (true) {
            say("heap " + memory.getHeapMemoryUsage().getUsed());
            Thread.sleep(250);
        }
    }

    private static AutoCloseable reference(String app, CasefileConfig config, CountDownLatch running) {
        String bootstrap = config.bootstrapServers().orElseThrow();
        Path stateDir = config.stateDir().orElseThrow();
        Map<String, Object> props = StreamsProperties.of(config, bootstrap, stateDir, InstanceId.of(config, stateDir));
        KafkaStreams streams = new KafkaStreams(ReferenceApps.build(app, config.topicNames(),
                new OtlpSpanDecoder(config.spanMapping(), config.spanFormat()), config.recordSerdes()), new StreamsConfig(props));
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.start();
        return () -> streams.close(Duration.ofSeconds(30));
    }

    private static synchronized void say(String line) {
        System.out.println(PREFIX + line);
        System.out.flush();
    }
}
