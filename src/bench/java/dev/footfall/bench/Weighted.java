package dev.footfall.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/** Picks one of a fixed set of values with given weights, in O(log n), without allocating. */
final class Weighted<T> {
    private final List<T> values;
    private final double[] cumulative;

    private Weighted(List<T> values, double[] weights) {
        if (values.isEmpty() || values.size() != weights.length) throw new IllegalArgumentException("one weight per value, at least one value");
        this.values = List.copyOf(values);
        this.cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0)) throw new IllegalArgumentException("weights must not be negative: " + weights[i]);
            sum += weights[i];
            cumulative[i] = sum;
        }
        if (sum <= 0) throw new IllegalArgumentException("weights must not all be zero");
    }

    static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** Rank r (1-based) has weight 1 / r^exponent: a Zipf distribution over {@code values} in rank order. */
    static <T> Weighted<T> zipf(List<T> values, double exponent) {
        double[] weights = new double[values.size()];
        for (int i = 0; i < weights.length; i++) weights[i] = 1 / Math.pow(i + 1, exponent);
        return new Weighted<>(values, weights);
    }

    T pick(RandomGenerator random) {
        return at(random.nextDouble());
    }

    /** The value at quantile {@code q} (0..1) of the cumulative weights: {@link #pick} for a given uniform draw. */
    T at(double q) {
        double x = q * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, x);
        if (i < 0) i = -i - 1;
        return values.get(Math.min(i, values.size() - 1));
    }

    int size() {
        return values.size();
    }

    static final class Builder<T> {
        private final List<T> values = new ArrayList<>();
        private final List<Double> weights = new ArrayList<>();

        Builder<T> add(double weight, T value) {
            values.add(value);
            weights.add(weight);
            return this;
        }

        Weighted<T> build() {
            return new Weighted<>(values, weights.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }
}
