package dev.casefile.topology.query;

import dev.casefile.topology.store.CompositeKeys;

/** The keys of the {@code rate-alerts} store: {@code tag_key␟tag_value}, so one tag key's alerts are one range. */
public final class RateAlertKeys {

    private RateAlertKeys() {
    }

    /** One new tag value's counts and open alert. */
    public static String storeKey(String tagKey, String tagValue) {
        return tagKey + CompositeKeys.SEP + tagValue;
    }
}
