package dev.casefile.topology.rates;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Is the new value's complaint rate higher than the baseline's? A one-sided two-proportion z-test
 * with the pooled rate under the null hypothesis (both rates equal), and Wilson score intervals
 * for each rate.
 *
 * <p>Why this test: complaints are counts of independent yes/no outcomes per answer served, so
 * each rate is a binomial proportion, and the question is one-sided (is the new one worse?). With
 * the counts an alert needs (at least {@code rate.alert.min.interactions} each, and five expected
 * complaints and non-complaints per side under the pooled rate, checked here) the normal
 * approximation of the z-test is sound, and it costs a few arithmetic operations per evaluation,
 * which matters as it runs whenever a window changes. Fisher's exact test would be the choice for
 * smaller counts; below these counts Casefile does not test at all.
 */
final class TwoProportions {

    /** The outcome: the z statistic, its one-sided p-value, and whether the counts were enough to test. */
    record Result(double z, double pValue, boolean testable) {
    }

    /** The 95% interval of a rate. */
    record Interval(double low, double high) {
    }

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
    private static final double Z95 = 1.959963984540054;
    /** Expected complaints (and non-complaints) per side under the pooled rate for the normal approximation. */
    static final double MIN_EXPECTED = 5;

    private TwoProportions() {
    }

    /** Tests rate c1/n1 against c0/n0, one-sided (is the first higher?). */
    static Result test(long c1, long n1, long c0, long n0) {
        if (n1 <= 0 || n0 <= 0) {
            return new Result(0, 1, false);
        }
        double pooled = (double) (c1 + c0) / (n1 + n0);
        boolean testable = Math.min(n1, n0) * Math.min(pooled, 1 - pooled) >= MIN_EXPECTED;
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n0));
        if (se == 0) {
            return new Result(0, 1, testable);
        }
        double z = ((double) c1 / n1 - (double) c0 / n0) / se;
        return new Result(z, NORMAL.cumulativeProbability(-z), testable);
    }

    /** The Wilson score interval of c/n at 95%. */
    static Interval wilson(long c, long n) {
        if (n <= 0) {
            return new Interval(0, 1);
        }
        double p = (double) c / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
