package dev.casefile.config;

import dev.casefile.contract.TraceIds;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A deep link into the team's own trace backend (Grafana Tempo, Jaeger, ...): {@code trace.link.template}
 * with the OTLP trace id in place of {@code {trace_id}}. Empty template: no links.
 */
public record TraceLink(String template) {

    public static final String PLACEHOLDER = "{trace_id}";

    /** Empty, or an http(s) URL holding the placeholder. */
    static final ConfigDef.Validator VALIDATOR = (name, value) -> {
        String template = value == null ? "" : value.toString().trim();
        if (template.isEmpty()) {
            return;
        }
        if (!template.startsWith("http://") && !template.startsWith("https://")) {
            throw new ConfigException(name, template, "must be an http:// or https:// URL");
        }
        if (!template.contains(PLACEHOLDER)) {
            throw new ConfigException(name, template, "must contain " + PLACEHOLDER + ", where the trace id goes");
        }
    };

    /** The link to the trace with this OTLP id; empty without a template, or when the id is not an OTLP hex id. */
    public Optional<String> to(String otlpTraceId) {
        if (template.isEmpty() || otlpTraceId == null || !TraceIds.isOtlpHex(otlpTraceId)) {
            return Optional.empty();
        }
        return Optional.of(template.replace(PLACEHOLDER, TraceIds.normalise(otlpTraceId)));
    }
}
