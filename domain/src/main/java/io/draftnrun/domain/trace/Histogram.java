package io.draftnrun.domain.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A histogram: bin edges ({@code counts.size() + 1} of them; the last bin includes its upper edge) and the count of
 * values in each bin.
 */
public record Histogram(List<Double> edges, List<Long> counts) {
    /** More bins than this are never produced (the Freedman–Diaconis width can be tiny on skewed data). */
    public static final int MAX_BINS = 100;

    public Histogram {
        edges = List.copyOf(edges);
        counts = List.copyOf(counts);
        if (!counts.isEmpty() && edges.size() != counts.size() + 1) {
            throw new IllegalArgumentException("a histogram has one more edge than bins");
        }
    }

    /** Bin centres, the labels of a bar chart. */
    public List<Double> centres() {
        List<Double> c = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            c.add((edges.get(i) + edges.get(i + 1)) / 2.0);
        }
        return c;
    }

    /**
     * Bins chosen by the Freedman–Diaconis rule (width {@code 2·IQR/n^(1/3)}, as numpy's {@code 'fd'}): the number of
     * bins is {@code ceil((max−min)/width)}, spread evenly from min to max. One bin when the width is zero (all values
     * alike or too few). Empty when there are no values.
     */
    public static Histogram freedmanDiaconis(List<Double> values) {
        if (values.isEmpty()) {
            return new Histogram(List.of(), List.of());
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double min = v[0];
        double max = v[v.length - 1];
        double width = 2.0 * (percentile(v, 75) - percentile(v, 25)) / Math.cbrt(v.length);
        int bins = width > 0 ? (int) Math.min(MAX_BINS, Math.max(1, Math.ceil((max - min) / width))) : 1;
        if (max == min) {
            // numpy widens a degenerate range by 0.5 on each side
            min -= 0.5;
            max += 0.5;
        }
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = min + (max - min) * i / bins;
        }
        return count(v, edges, false);
    }

    /**
     * Fixed bins {@code [from, from+step), ..., [to-step, to]}. Values above {@code to} are counted in the last bin
     * (so no call disappears from the chart); negative values in the first.
     */
    public static Histogram fixed(List<Long> values, long from, long to, long step) {
        if (step <= 0 || to <= from) {
            throw new IllegalArgumentException("fixed bins need from < to and a positive step");
        }
        int bins = (int) Math.ceil((double) (to - from) / step);
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = Math.min(to, from + (double) step * i);
        }
        return count(values.stream().mapToDouble(Long::doubleValue).toArray(), edges, true);
    }

    private static Histogram count(double[] values, double[] edges, boolean clamp) {
        int bins = edges.length - 1;
        long[] counts = new long[bins];
        double lo = edges[0];
        double hi = edges[bins];
        for (double x : values) {
            int bin;
            if (x >= hi) {
                if (x > hi && !clamp) {
                    continue;
                }
                bin = bins - 1;
            } else if (x < lo) {
                if (!clamp) {
                    continue;
                }
                bin = 0;
            } else {
                bin = Arrays.binarySearch(edges, x);
                bin = bin >= 0 ? Math.min(bin, bins - 1) : -bin - 2;
            }
            counts[bin]++;
        }
        List<Double> e = new ArrayList<>();
        for (double d : edges) {
            e.add(d);
        }
        List<Long> c = new ArrayList<>();
        for (long n : counts) {
            c.add(n);
        }
        return new Histogram(e, c);
    }

    /** Linear interpolation between closest ranks (numpy's default). */
    static double percentile(double[] sorted, double p) {
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
