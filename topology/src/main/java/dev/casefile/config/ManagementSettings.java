package dev.casefile.config;

/** Where the management endpoints (Prometheus metrics, health probes) listen, when enabled. */
public record ManagementSettings(boolean enabled, String bindAddress, int port) {
}
