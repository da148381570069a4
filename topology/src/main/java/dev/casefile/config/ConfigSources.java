package dev.casefile.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;

/**
 * Gathers settings from a properties file, environment variables and command-line flags, in that
 * order of precedence (a flag beats the environment, which beats the file). One rule names a key
 * everywhere: {@code topic.dlq} is the flag {@code --topic-dlq} (or
 * {@code --topic.dlq}) and the variable {@code CASEFILE_TOPIC_DLQ};
 * {@code bootstrap.servers} is {@code --bootstrap-servers} and {@code CASEFILE_BOOTSTRAP_SERVERS}.
 * The file is named by {@code --config-file FILE} or {@code CASEFILE_CONFIG_FILE}.
 */
public final class ConfigSources {

    public static final String ENV_PREFIX = "CASEFILE_";
    public static final String CONFIG_FILE_FLAG = "config-file";

    private ConfigSources() {
    }

    /** The settings named by {@code flags} (after the command word), the environment and the file a flag names. */
    public static Map<String, String> resolve(List<String> flags, Map<String, String> env) {
        String fileKey = CONFIG_FILE_FLAG.replace('-', '.');
        Map<String, String> fromFlags = parseFlags(flags);
        Map<String, String> fromEnv = fromEnvironment(env);
        String flagFile = fromFlags.remove(fileKey);
        String envFile = fromEnv.remove(fileKey);
        String file = flagFile != null ? flagFile : envFile;
        Map<String, String> merged = new LinkedHashMap<>();
        if (file != null) {
            merged.putAll(readFile(Path.of(file)));
        }
        merged.putAll(fromEnv);
        merged.putAll(fromFlags);
        return merged;
    }

    /**
     * Where {@link #resolve} found {@code key}: the flag, the environment variable (by its name) or the config
     * file, in the order they win; for error messages, which name what the operator wrote.
     */
    public static String origin(String key, List<String> flags, Map<String, String> env) {
        for (String flag : flags) {
            if (flag.startsWith("--")) {
                String name = flag.substring(2).split("=", 2)[0];
                if (name.replace('-', '.').equals(key)) {
                    return "flag --" + name;
                }
            }
        }
        for (String name : env.keySet()) {
            if (name.startsWith(ENV_PREFIX) && fromEnvironment(Map.of(name, "")).containsKey(key)) {
                return "environment variable " + name;
            }
        }
        return "the config file";
    }

    /** {@code CASEFILE_KAFKA_SECURITY_PROTOCOL=SSL} becomes {@code kafka.security.protocol=SSL}. */
    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> settings = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                settings.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return settings;
    }

    /** {@code --bootstrap-servers host:9092} and {@code --bootstrap.servers=host:9092} both set {@code bootstrap.servers}. */
    static Map<String, String> parseFlags(List<String> flags) {
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(flags);
        for (int i = 0; i < rest.size(); i++) {
            String flag = rest.get(i);
            if (!flag.startsWith("--") || flag.length() == 2) {
                throw new ConfigException("Unexpected argument '" + flag + "': settings are given as --key value or --key=value");
            }
            String body = flag.substring(2);
            int eq = body.indexOf('=');
            String key;
            String value;
            if (eq >= 0) {
                key = body.substring(0, eq);
                value = body.substring(eq + 1);
            } else if (i + 1 < rest.size() && !rest.get(i + 1).startsWith("--")) {
                key = body;
                value = rest.get(++i);
            } else {
                throw new ConfigException("Flag --" + body + " needs a value (write --" + body
                        + "=VALUE for a value that starts with --)");
            }
            settings.put(key.replace('-', '.'), value);
        }
        return settings;
    }

    private static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read the config file " + file + ": " + e.getMessage());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted().forEach(k -> settings.put(k, props.getProperty(k).trim()));
        return settings;
    }
}
