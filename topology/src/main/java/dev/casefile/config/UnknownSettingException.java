package dev.casefile.config;

import org.apache.kafka.common.config.ConfigException;

/** A setting Casefile does not have. The message names the key, never the value (it may be a secret). */
public final class UnknownSettingException extends ConfigException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public UnknownSettingException(String key) {
        super("unknown Casefile setting " + key + "; Kafka client settings take the prefix " + CasefileConfig.KAFKA_PREFIX
                + " (e.g. kafka.security.protocol), and `casefile config` lists every setting");
        this.key = key;
    }

    /** The setting's key, e.g. {@code console.tokn}. */
    public String key() {
        return key;
    }
}
