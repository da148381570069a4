package dev.casefile.resilience;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.TreeSet;

/** Compares two keyed views and fails with a short summary (the views are too large to print). */
public final class Differences {

    private Differences() {
    }

    public static <K, V> void assertSame(String what, Map<K, V> expected, Map<K, V> actual) {
        if (expected.equals(actual)) {
            return;
        }
        TreeSet<String> missing = new TreeSet<>();
        TreeSet<String> extra = new TreeSet<>();
        TreeSet<String> different = new TreeSet<>();
        expected.forEach((k, v) -> {
            if (!actual.containsKey(k)) {
                missing.add(String.valueOf(k));
            } else if (!v.equals(actual.get(k))) {
                different.add(k + ": expected " + v + " but was " + actual.get(k));
            }
        });
        actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> extra.add(String.valueOf(k)));
        fail(what + ": " + expected.size() + " expected, " + actual.size() + " actual; missing " + missing.size()
                + " " + first(missing) + ", extra " + extra.size() + " " + first(extra) + ", different " + different.size()
                + " " + first(different));
    }

    private static String first(TreeSet<String> keys) {
        return keys.stream().limit(3).map(k -> k.length() > 300 ? k.substring(0, 300) + "..." : k).toList().toString();
    }
}
