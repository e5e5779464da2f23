package org.standstill.query.tally;

import java.util.Arrays;

/** Orders of int indices without boxing: by a long key (then by index), and stable counting sorts. */
final class IntSort {

    @FunctionalInterface
    interface Comparison {
        int compare(int a, int b);
    }

    private IntSort() {
    }

    /**
     * The indices 0..n-1 ordered by {@code keys[i]}, then by index. Key and index are packed into one long and sorted
     * as primitives when they fit (they do for any day: a span of weeks in microseconds and millions of indices),
     * otherwise merged by comparison; both give the same order.
     */
    static int[] byKey(long[] keys, int n) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, keys[i]);
            max = Math.max(max, keys[i]);
        }
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, n));
        if (n == 0 || max - min < 0 || 64 - Long.numberOfLeadingZeros(max - min) + bits > 63) {
            return byComparison(keys, n);
        }
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = ((keys[i] - min) << bits) | i;
        }
        Arrays.sort(packed);
        int[] order = new int[n];
        long mask = (1L << bits) - 1;
        for (int i = 0; i < n; i++) {
            order[i] = (int) (packed[i] & mask);
        }
        return order;
    }

    static int[] byComparison(long[] keys, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
        return order;
    }

    /** Reorders {@code order} stably by {@code bucket[order[i]]}, each in 0..buckets-1 (a counting sort). */
    static int[] stableByBucket(int[] order, int[] bucket, int buckets) {
        int[] start = new int[buckets + 1];
        for (int i : order) {
            start[bucket[i] + 1]++;
        }
        for (int b = 0; b < buckets; b++) {
            start[b + 1] += start[b];
        }
        int[] sorted = new int[order.length];
        for (int i : order) {
            sorted[start[bucket[i]]++] = i;
        }
        return sorted;
    }

    /** A stable bottom-up merge sort of {@code a} by {@code comparison}. */
    static void sort(int[] a, Comparison comparison) {
        int n = a.length;
        int[] from = a;
        int[] to = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    to[k++] = comparison.compare(from[j], from[i]) < 0 ? from[j++] : from[i++];
                }
                while (i < mid) {
                    to[k++] = from[i++];
                }
                while (j < hi) {
                    to[k++] = from[j++];
                }
            }
            int[] swap = from;
            from = to;
            to = swap;
        }
        if (from != a) {
            System.arraycopy(from, 0, a, 0, n);
        }
    }
}
