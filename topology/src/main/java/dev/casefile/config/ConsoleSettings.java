package dev.casefile.config;

import java.util.Optional;

/**
 * The support console's settings: where its HTTP server listens, the name other instances reach it
 * by (Kafka Streams' {@code application.server}), and the bearer token every request must carry.
 */
public record ConsoleSettings(boolean enabled, String bindAddress, int port, Optional<String> advertisedHost,
                              String token, long sessionTtlMs) {

    /**
     * The token, which an enabled console cannot do without. Checked when the console starts rather than
     * when settings are read, so each setting can be given, and checked, on its own.
     */
    public String requiredToken() {
        if (token.isEmpty()) {
            throw new org.apache.kafka.common.config.ConfigException("console.token is required when console.enabled=true "
                    + "(the bearer token every console request must carry; at least 16 characters)");
        }
        return token;
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "ConsoleSettings[enabled=" + enabled + ", bindAddress=" + bindAddress + ", port=" + port
                + ", advertisedHost=" + advertisedHost + ", sessionTtlMs=" + sessionTtlMs + ", token=[hidden]]";
    }
}
