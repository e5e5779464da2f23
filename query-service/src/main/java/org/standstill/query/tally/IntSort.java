package org.standstill.query.tally;

/** Sorts int indices by a comparison of what they index, stably, with no boxing (a bottom-up merge sort). */
final class IntSort {

    @FunctionalInterface
    interface Comparison {
        int compare(int a, int b);
    }

    private IntSort() {
    }

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
