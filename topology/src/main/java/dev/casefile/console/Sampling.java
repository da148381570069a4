package dev.casefile.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A seeded, stratified sample, the same whatever order the candidates come in (instances answer in
 * any order): each stratum's candidates are ranked by a hash of the seed and their id, and the first
 * of each stratum are taken, as many as the allocation gives it.
 *
 * <p>Allocations: {@code PROPORTIONAL} gives each stratum its share of the sample (largest remainder,
 * ties to the stratum that sorts first); {@code EQUAL} gives each the same number, and what a small
 * stratum cannot use goes to the others in turn.
 */
final class Sampling {

    /** How the sample is split between strata. */
    enum Allocation { PROPORTIONAL, EQUAL }

    private Sampling() {
    }

    /** How many of each stratum to take, for strata of the given sizes (sorted by name), {@code n} in all. */
    static Map<String, Integer> allocate(Map<String, Integer> sizes, int n, Allocation allocation) {
        Map<String, Integer> sorted = new TreeMap<>(sizes);
        int total = sorted.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer> taken = new LinkedHashMap<>();
        if (n >= total) {
            taken.putAll(sorted);
            return taken;
        }
        return allocation == Allocation.PROPORTIONAL ? proportional(sorted, n, total) : equal(sorted, n);
    }

    /** Takes from {@code candidates} the allocation of each stratum, by rank; the result is grouped by stratum, then ranked. */
    static <T> List<T> sample(List<T> candidates, Function<T, String> stratum, Function<T, String> id, int n,
                              Allocation allocation, long seed) {
        Map<String, List<T>> strata = new TreeMap<>();
        for (T candidate : candidates) {
            strata.computeIfAbsent(stratum.apply(candidate), s -> new ArrayList<>()).add(candidate);
        }
        Map<String, Integer> sizes = new TreeMap<>();
        strata.forEach((name, members) -> sizes.put(name, members.size()));
        Map<String, Integer> counts = allocate(sizes, n, allocation);
        List<T> sample = new ArrayList<>();
        strata.forEach((name, members) -> {
            members.sort(Comparator.comparingLong((T m) -> rank(seed, id.apply(m))).thenComparing(id));
            sample.addAll(members.subList(0, counts.getOrDefault(name, 0)));
        });
        return sample;
    }

    /** The candidate's place in the seed's order: the first 8 bytes of SHA-256(seed ":" id). */
    static long rank(long seed, String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((seed + ":" + id).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static Map<String, Integer> proportional(Map<String, Integer> sizes, int n, int total) {
        Map<String, Integer> taken = new LinkedHashMap<>();
        Map<String, Long> remainders = new LinkedHashMap<>();
        int given = 0;
        for (Map.Entry<String, Integer> stratum : sizes.entrySet()) {
            long share = (long) n * stratum.getValue();
            taken.put(stratum.getKey(), (int) (share / total));
            remainders.put(stratum.getKey(), share % total);
            given += (int) (share / total);
        }
        List<String> byRemainder = new ArrayList<>(sizes.keySet());
        byRemainder.sort(Comparator.comparingLong((String s) -> -remainders.get(s)).thenComparing(s -> s));
        for (int i = 0; given < n; i++, given++) {
            taken.merge(byRemainder.get(i), 1, Integer::sum);
        }
        return taken;
    }

    private static Map<String, Integer> equal(Map<String, Integer> sizes, int n) {
        Map<String, Integer> taken = new LinkedHashMap<>();
        sizes.keySet().forEach(s -> taken.put(s, 0));
        int given = 0;
        while (given < n) {
            for (Map.Entry<String, Integer> stratum : sizes.entrySet()) {
                if (given < n && taken.get(stratum.getKey()) < stratum.getValue()) {
                    taken.merge(stratum.getKey(), 1, Integer::sum);
                    given++;
                }
            }
        }
        return taken;
    }
}
