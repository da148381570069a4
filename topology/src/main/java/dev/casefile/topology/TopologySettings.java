package dev.casefile.topology;

import dev.casefile.config.CasefileConfig;
import dev.casefile.config.RateSettings;
import dev.casefile.config.Retention;
import dev.casefile.config.SpanFormat;
import dev.casefile.config.SpanMapping;
import java.time.Clock;
import java.util.List;

/**
 * What the topology needs from the configuration besides topics and serdes, and the clock the
 * gates judge event times by (the system clock, unless a test fixes it).
 */
public record TopologySettings(SpanMapping spanMapping, SpanFormat spanFormat, int maxSpansPerTrace, Retention retention,
                               RateSettings rates, String hashSecret, List<String> emailKeys, Clock clock) {

    public TopologySettings {
        emailKeys = List.copyOf(emailKeys);
    }

    public static TopologySettings from(CasefileConfig config) {
        return new TopologySettings(config.spanMapping(), config.spanFormat(), config.maxSpansPerTrace(), config.retention(),
                config.rateSettings(), config.businessKeyHashSecret(), config.emailBusinessKeys(), Clock.systemUTC());
    }

    /** These settings with event times judged by {@code clock}. */
    public TopologySettings withClock(Clock clock) {
        return new TopologySettings(spanMapping, spanFormat, maxSpansPerTrace, retention, rates, hashSecret, emailKeys, clock);
    }

    /** Never prints the hash secret. */
    @Override
    public String toString() {
        return "TopologySettings[spanMapping=" + spanMapping + ", spanFormat=" + spanFormat + ", maxSpansPerTrace=" + maxSpansPerTrace
                + ", retention=" + retention + ", rates=" + rates + ", emailKeys=" + emailKeys + ", clock=" + clock
                + ", hashSecret=[hidden]]";
    }
}
