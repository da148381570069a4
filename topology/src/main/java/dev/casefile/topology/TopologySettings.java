package dev.casefile.topology;

import dev.casefile.config.AlertSettings;
import dev.casefile.config.CasefileConfig;
import dev.casefile.config.RateSettings;
import dev.casefile.config.Retention;
import dev.casefile.config.SpanFormat;
import dev.casefile.config.SpanMapping;
import dev.casefile.serde.JsonRecordCodec;
import dev.casefile.topology.query.SpanSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * What the topology needs from the configuration besides topics and serdes; the clock the gates
 * judge event times by (the system clock, unless a test fixes it); and the registry its processors
 * count in (the application's, which it serves to Prometheus; a private one by default); and where
 * it reads a complained trace's spans back from (the spans topic; nowhere by default).
 */
public record TopologySettings(SpanMapping spanMapping, SpanFormat spanFormat, int maxSpansPerTrace, Retention retention,
                               RateSettings rates, AlertSettings alerts, String hashSecret, List<String> emailKeys,
                               JsonRecordCodec.UnknownFields jsonUnknownFields, Clock clock, MeterRegistry meters,
                               SpanSource spanSource) {

    public TopologySettings {
        emailKeys = List.copyOf(emailKeys);
    }

    public static TopologySettings from(CasefileConfig config) {
        return new TopologySettings(config.spanMapping(), config.spanFormat(), config.maxSpansPerTrace(), config.retention(),
                config.rateSettings(), config.alertSettings(), config.businessKeyHashSecret(), config.emailBusinessKeys(), config.jsonUnknownFields(),
                Clock.systemUTC(), new SimpleMeterRegistry(), SpanSource.NONE);
    }

    /** These settings with event times judged by {@code clock}. */
    public TopologySettings withClock(Clock clock) {
        return new TopologySettings(spanMapping, spanFormat, maxSpansPerTrace, retention, rates, alerts, hashSecret, emailKeys,
                jsonUnknownFields, clock, meters, spanSource);
    }

    /** These settings with the processors counting in {@code meters}. */
    public TopologySettings withMeters(MeterRegistry meters) {
        return new TopologySettings(spanMapping, spanFormat, maxSpansPerTrace, retention, rates, alerts, hashSecret, emailKeys,
                jsonUnknownFields, clock, meters, spanSource);
    }

    /** These settings with complained traces' spans read back from the spans topic through {@code spanSource}. */
    public TopologySettings withSpanSource(SpanSource spanSource) {
        return new TopologySettings(spanMapping, spanFormat, maxSpansPerTrace, retention, rates, alerts, hashSecret, emailKeys,
                jsonUnknownFields, clock, meters, spanSource);
    }

    /** Never prints the hash secret. */
    @Override
    public String toString() {
        return "TopologySettings[spanMapping=" + spanMapping + ", spanFormat=" + spanFormat + ", maxSpansPerTrace=" + maxSpansPerTrace
                + ", retention=" + retention + ", rates=" + rates + ", emailKeys=" + emailKeys + ", jsonUnknownFields="
                + jsonUnknownFields + ", clock=" + clock
                + ", hashSecret=[hidden]]";
    }
}
