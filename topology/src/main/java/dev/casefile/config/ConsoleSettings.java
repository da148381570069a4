package dev.casefile.config;

import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The support console's settings (see {@link ConsoleConfig} for each one's meaning): where its HTTP
 * server listens, the name other instances reach it by (Kafka Streams' {@code application.server}),
 * the URL agents open, the shared token, sessions, TLS, and the ways agents are identified.
 */
public record ConsoleSettings(boolean enabled, String bindAddress, int port, Optional<String> advertisedHost,
                              Optional<URI> publicUrl, String token, long sessionTtlMs, int signInMaxFailures,
                              Optional<Tls> tls, List<String> trustedProxies, String identityHeader, Optional<Oidc> oidc) {

    /** The console's own TLS key and certificate. */
    public record Tls(Path keystore, String password, String type) {
        @Override
        public String toString() {
            return "Tls[keystore=" + keystore + ", type=" + type + ", password=[hidden]]";
        }
    }

    /** Where agents' ID tokens come from, and which claims name the agent and its workspaces. */
    public record Oidc(String issuer, URL jwksUrl, String audience, String agentClaim, String workspacesClaim) {
        public Oidc {
            workspacesClaim = workspacesClaim == null ? "" : workspacesClaim.strip();
        }
    }

    public ConsoleSettings {
        trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * The token, which an enabled console cannot do without. Checked when the console starts rather than
     * when settings are read, so each setting can be given, and checked, on its own.
     */
    public String requiredToken() {
        if (token.isEmpty()) {
            throw new org.apache.kafka.common.config.ConfigException(ConsoleConfig.CONSOLE_TOKEN + " is required when "
                    + ConsoleConfig.CONSOLE_ENABLED + "=true (the bearer token machines, and the console's instances "
                    + "among themselves, use; at least 16 characters)");
        }
        return token;
    }

    /** Whether the console is reached over HTTPS, so its cookies must be Secure. */
    public boolean secure() {
        return tls.isPresent() || publicUrl.map(u -> "https".equals(u.getScheme())).orElse(false);
    }

    /** Never prints the token or the keystore's password. */
    @Override
    public String toString() {
        return "ConsoleSettings[enabled=" + enabled + ", bindAddress=" + bindAddress + ", port=" + port
                + ", advertisedHost=" + advertisedHost + ", publicUrl=" + publicUrl + ", sessionTtlMs=" + sessionTtlMs
                + ", signInMaxFailures=" + signInMaxFailures + ", tls=" + tls + ", trustedProxies=" + trustedProxies
                + ", identityHeader=" + identityHeader + ", oidc=" + oidc + ", token=[hidden]]";
    }
}
