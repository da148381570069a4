package dev.casefile.topology;

import dev.casefile.config.CasefileConfig;
import dev.casefile.config.RateSettings;
import dev.casefile.config.SpanFormat;
import dev.casefile.config.Retention;
import dev.casefile.config.SpanMapping;
import java.util.List;

/** What the topology needs from the configuration besides topics and serdes. */
public record TopologySettings(SpanMapping spanMapping, SpanFormat spanFormat, int maxSpansPerTrace, Retention retention,
                               RateSettings rates, String hashSecret, List<String> emailKeys) {

    public TopologySettings {
        emailKeys = List.copyOf(emailKeys);
    }

    public static TopologySettings from(CasefileConfig config) {
        return new TopologySettings(config.spanMapping(), config.spanFormat(), config.maxSpansPerTrace(), config.retention(),
                config.rateSettings(), config.businessKeyHashSecret(), config.emailBusinessKeys());
    }

    /** Never prints the hash secret. */
    @Override
    public String toString() {
        return "TopologySettings[spanMapping=" + spanMapping + ", spanFormat=" + spanFormat + ", maxSpansPerTrace=" + maxSpansPerTrace
                + ", retention=" + retention + ", rates=" + rates + ", emailKeys=" + emailKeys + ", hashSecret=[hidden]]";
    }

    PersonalData personalData() {
        return new PersonalData(new KeyedHash(hashSecret), emailKeys);
    }
}
