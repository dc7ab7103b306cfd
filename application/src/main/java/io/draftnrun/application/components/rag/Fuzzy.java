package io.draftnrun.application.components.rag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzy string scores as fuzzywuzzy computes them on top of Python's {@code difflib.SequenceMatcher} (its pure-Python
 * mode): {@link #ratio} and {@link #partialRatio} (best ratio of the shorter string against same-length windows of the
 * longer one, anchored on the matching blocks), and {@link #fullProcess} (the default processor of
 * {@code process.extract}).
 */
public final class Fuzzy {
    private Fuzzy() {}

    /** Lower-cases, turns every non letter/digit into a space, trims (fuzzywuzzy's {@code full_process}). */
    public static String fullProcess(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.isLetterOrDigit(c) ? c : ' '));
        return out.toString().toLowerCase(Locale.ROOT).strip();
    }

    /** {@code round(100 * SequenceMatcher(a, b).ratio())}. */
    public static int ratio(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        return (int) Math.round(100 * new Matcher(a, b).ratio());
    }

    /** fuzzywuzzy's {@code partial_ratio}, 0..100. */
    public static int partialRatio(String s1, String s2) {
        if (s1.isEmpty() || s2.isEmpty()) {
            return 0;
        }
        if (s1.equals(s2)) {
            return 100;
        }
        String shorter = s1.length() <= s2.length() ? s1 : s2;
        String longer = s1.length() <= s2.length() ? s2 : s1;
        Matcher m = new Matcher(shorter, longer);
        double best = 0;
        for (int[] block : m.matchingBlocks()) {
            int longStart = Math.max(0, block[1] - block[0]);
            int longEnd = Math.min(longer.length(), longStart + shorter.length());
            String window = longer.substring(longStart, longEnd);
            double r = new Matcher(shorter, window).ratio();
            if (r > 0.995) {
                return 100;
            }
            best = Math.max(best, r);
        }
        return (int) Math.round(100 * best);
    }

    /** A port of difflib.SequenceMatcher without junk function (autojunk on, as Python's default). */
    static final class Matcher {
        private final String a;
        private final String b;
        private final Map<Character, List<Integer>> b2j = new HashMap<>();

        Matcher(String a, String b) {
            this.a = a;
            this.b = b;
            for (int i = 0; i < b.length(); i++) {
                b2j.computeIfAbsent(b.charAt(i), k -> new ArrayList<>()).add(i);
            }
            int n = b.length();
            if (n >= 200) {
                int ntest = n / 100 + 1;
                Set<Character> popular = new HashSet<>();
                b2j.forEach((c, idx) -> {
                    if (idx.size() > ntest) {
                        popular.add(c);
                    }
                });
                popular.forEach(b2j::remove);
            }
        }

        double ratio() {
            int matches = 0;
            for (int[] block : matchingBlocks()) {
                matches += block[2];
            }
            return 2.0 * matches / (a.length() + b.length());
        }

        private int[] longestMatch(int alo, int ahi, int blo, int bhi) {
            int besti = alo;
            int bestj = blo;
            int bestsize = 0;
            Map<Integer, Integer> j2len = new HashMap<>();
            for (int i = alo; i < ahi; i++) {
                Map<Integer, Integer> newj2len = new HashMap<>();
                for (int j : b2j.getOrDefault(a.charAt(i), List.of())) {
                    if (j < blo) {
                        continue;
                    }
                    if (j >= bhi) {
                        break;
                    }
                    int k = j2len.getOrDefault(j - 1, 0) + 1;
                    newj2len.put(j, k);
                    if (k > bestsize) {
                        besti = i - k + 1;
                        bestj = j - k + 1;
                        bestsize = k;
                    }
                }
                j2len = newj2len;
            }
            // extend over equal elements that were not indexed (popular ones): difflib's non-junk extension
            while (besti > alo && bestj > blo && a.charAt(besti - 1) == b.charAt(bestj - 1)) {
                besti--;
                bestj--;
                bestsize++;
            }
            while (besti + bestsize < ahi
                    && bestj + bestsize < bhi
                    && a.charAt(besti + bestsize) == b.charAt(bestj + bestsize)) {
                bestsize++;
            }
            return new int[] {besti, bestj, bestsize};
        }

        /** Triples (i, j, size) in order, ending with the (len(a), len(b), 0) sentinel; adjacent blocks merged. */
        List<int[]> matchingBlocks() {
            List<int[]> found = new ArrayList<>();
            List<int[]> queue = new ArrayList<>();
            queue.add(new int[] {0, a.length(), 0, b.length()});
            while (!queue.isEmpty()) {
                int[] q = queue.removeLast();
                int[] x = longestMatch(q[0], q[1], q[2], q[3]);
                int i = x[0];
                int j = x[1];
                int k = x[2];
                if (k > 0) {
                    found.add(x);
                    if (q[0] < i && q[2] < j) {
                        queue.add(new int[] {q[0], i, q[2], j});
                    }
                    if (i + k < q[1] && j + k < q[3]) {
                        queue.add(new int[] {i + k, q[1], j + k, q[3]});
                    }
                }
            }
            found.sort((p, r) -> p[0] != r[0] ? Integer.compare(p[0], r[0]) : Integer.compare(p[1], r[1]));
            List<int[]> merged = new ArrayList<>();
            int i1 = 0;
            int j1 = 0;
            int k1 = 0;
            for (int[] block : found) {
                if (i1 + k1 == block[0] && j1 + k1 == block[1]) {
                    k1 += block[2];
                } else {
                    if (k1 > 0) {
                        merged.add(new int[] {i1, j1, k1});
                    }
                    i1 = block[0];
                    j1 = block[1];
                    k1 = block[2];
                }
            }
            if (k1 > 0) {
                merged.add(new int[] {i1, j1, k1});
            }
            merged.add(new int[] {a.length(), b.length(), 0});
            return merged;
        }
    }
}
