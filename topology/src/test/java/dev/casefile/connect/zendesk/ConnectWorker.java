package dev.casefile.connect.zendesk;

import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.casefile.testing.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A real Kafka Connect worker ({@code connect-runtime}, distributed mode) in its own JVM, so a test
 * can kill it with SIGKILL. It loads the Zendesk connectors only from {@code plugin.path}: the plugin
 * zip that {@code connectors/} builds, unpacked by the build; the connectors' classes are taken off
 * the worker's class path.
 */
final class ConnectWorker implements AutoCloseable {

    private final Path properties;
    private final Path log;
    private final Path logback;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    ConnectWorker(Path dir, String bootstrapServers) throws IOException {
        String pluginPath = System.getProperty("casefile.connect.plugin.path");
        if (pluginPath == null || !Files.isDirectory(Path.of(pluginPath))) {
            throw new IllegalStateException("casefile.connect.plugin.path (" + pluginPath + ") is not a directory:"
                    + " run the integration tests with mvn verify, which unpacks the connectors' plugin zip there");
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        Files.createDirectories(dir);
        properties = dir.resolve("worker.properties");
        log = dir.resolve("worker.log");
        // The worker's own log: Connect at INFO, so its dump of every connector's settings is in it.
        logback = dir.resolve("logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.kafka.connect" level="INFO"/>
                  <logger name="org.apache.kafka.common.config" level="INFO"/>
                  <logger name="dev.casefile" level="INFO"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        Files.writeString(properties, String.join("\n",
                "bootstrap.servers=" + bootstrapServers,
                "group.id=casefile-connect-" + id,
                "config.storage.topic=connect-configs-" + id,
                "offset.storage.topic=connect-offsets-" + id,
                "status.storage.topic=connect-status-" + id,
                "config.storage.replication.factor=1",
                "offset.storage.replication.factor=1",
                "status.storage.replication.factor=1",
                "key.converter=org.apache.kafka.connect.storage.StringConverter",
                "value.converter=org.apache.kafka.connect.converters.ByteArrayConverter",
                "offset.flush.interval.ms=500",
                // Casefile writes its outputs in transactions: the sink reads only what was committed.
                "consumer.isolation.level=read_committed",
                "listeners=http://127.0.0.1:" + port,
                "plugin.path=" + Path.of(pluginPath).toAbsolutePath(),
                "plugin.discovery=service_load",
                ""));
    }

    /** Starts the worker, or starts it again after {@link #kill()}: same group, same topics, same port. */
    ConnectWorker start() throws IOException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("casefile-connectors") && !entry.replace('\\', '/').contains("/connectors/target/"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Dlogback.configurationFile=" + logback, "-cp", classPath, "org.apache.kafka.connect.cli.ConnectDistributed", properties.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> alive() && get("/connector-plugins").contains("ZendeskTicketSourceConnector"));
        return this;
    }

    /** PUT /connectors/{name}/config: creates or updates a connector. */
    String putConnector(String name, String configJson) throws IOException, InterruptedException {
        return send("PUT", "/connectors/" + name + "/config", configJson, 201, 200);
    }

    String get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, 200);
    }

    String send(String method, String path, String body, int... ok) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (Arrays.stream(ok).noneMatch(s -> s == response.statusCode())) {
            throw new IOException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Waits until the connector and all its tasks report RUNNING. */
    void awaitRunning(String name) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
            JsonObject status = JsonParser.parseString(get("/connectors/" + name + "/status")).getAsJsonObject();
            JsonArray tasks = status.getAsJsonArray("tasks");
            boolean tasksRunning = !tasks.isEmpty();
            for (JsonElement task : tasks) {
                tasksRunning &= "RUNNING".equals(task.getAsJsonObject().get("state").getAsString());
            }
            return tasksRunning && "RUNNING".equals(status.getAsJsonObject("connector").get("state").getAsString());
        });
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no task stop, no offset flush. */
    void kill() throws InterruptedException {
        ChildProcesses.kill(process);
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() {
        ChildProcesses.stop(process);
    }
}
