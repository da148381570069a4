package dev.casefile.config;

import java.util.Optional;

/**
 * The support console's settings: where its HTTP server listens, the name other instances reach it
 * by (Kafka Streams' {@code application.server}), and the bearer token every request must carry.
 */
public record ConsoleSettings(boolean enabled, String bindAddress, int port, Optional<String> advertisedHost,
                              String token, long sessionTtlMs) {

    /** Never prints the token. */
    @Override
    public String toString() {
        return "ConsoleSettings[enabled=" + enabled + ", bindAddress=" + bindAddress + ", port=" + port
                + ", advertisedHost=" + advertisedHost + ", sessionTtlMs=" + sessionTtlMs + ", token=[hidden]]";
    }
}
