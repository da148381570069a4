package dev.casefile.topology.rates;

import dev.casefile.schema.ComplaintRate;
import dev.casefile.schema.RateKey;
import dev.casefile.schema.internal.RateDelta;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * What the rate aggregator sends on: a value's rate in a window for complaint-rate-by-tag, or the
 * change it just applied to a window (its values as the cardinality guard kept them) for the
 * rollout alerts.
 */
public sealed interface Aggregated {

    /** For complaint-rate-by-tag; none if this is an applied change. */
    List<KeyValue<RateKey, ComplaintRate>> toRates();

    /** For the rollout alerts; none if this is a rate. */
    List<RateDelta> toApplied();

    /** One value's rate in one window. */
    record Rate(RateKey key, ComplaintRate rate) implements Aggregated {
        @Override
        public List<KeyValue<RateKey, ComplaintRate>> toRates() {
            return List.of(KeyValue.pair(key, rate));
        }

        @Override
        public List<RateDelta> toApplied() {
            return List.of();
        }
    }

    /** The change applied to one window of one tag key, values folded as the window keeps them. */
    record Applied(RateDelta delta) implements Aggregated {
        @Override
        public List<KeyValue<RateKey, ComplaintRate>> toRates() {
            return List.of();
        }

        @Override
        public List<RateDelta> toApplied() {
            return List.of(delta);
        }
    }
}
