package dev.footfall.bench;

import java.util.Arrays;

/**
 * Every measured latency of one load worker, in nanoseconds; merged and sorted once at the end.
 * Exact percentiles are cheap here: a run of a minute at tens of thousands of requests per second
 * is a few million longs.
 */
final class Latencies {
    /** Room for about two seconds of one worker's answers before the first growth. */
    private static final int INITIAL_CAPACITY = 4096;

    private long[] nanos = new long[INITIAL_CAPACITY];
    private int size;

    void record(long latencyNanos) {
        if (size == nanos.length) nanos = Arrays.copyOf(nanos, size * 2);
        nanos[size++] = latencyNanos;
    }

    int size() {
        return size;
    }

    /** All samples of {@code parts}, sorted ascending. */
    static long[] sorted(Iterable<Latencies> parts) {
        int total = 0;
        for (Latencies part : parts) total += part.size;
        long[] all = new long[total];
        int at = 0;
        for (Latencies part : parts) {
            System.arraycopy(part.nanos, 0, all, at, part.size);
            at += part.size;
        }
        Arrays.sort(all);
        return all;
    }

    /** The value at quantile {@code q} (0..1) of a sorted array, in milliseconds; 0 when empty. */
    static double millisAt(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
