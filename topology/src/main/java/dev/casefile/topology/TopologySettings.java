package dev.casefile.topology;

import dev.casefile.config.CasefileConfig;
import dev.casefile.config.SpanMapping;

/** What the topology needs from the configuration besides topics and serdes. */
public record TopologySettings(SpanMapping spanMapping, int maxSpansPerTrace) {

    public static TopologySettings from(CasefileConfig config) {
        return new TopologySettings(config.spanMapping(), config.maxSpansPerTrace());
    }
}
