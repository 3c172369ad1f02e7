package io.archlab.app.web;

import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts by longest common subsequence: common prefix and suffix are matched
 * first, the rest by dynamic programming. Past {@link #MAX_CELLS} table cells (two sources of
 * thousands of differing lines), the middle is shown as all removed, then all added.
 */
public final class LineDiff {
    static final long MAX_CELLS = 4_000_000;

    private LineDiff() {
    }

    /**
     * One line of the diff.
     *
     * @param kind {@code same}, {@code added} or {@code removed}
     * @param a    its line number in the first text, or 0 when added
     * @param b    its line number in the second text, or 0 when removed
     */
    @TemplateData
    public record Line(String kind, int a, int b, String text) {
    }

    /** The diff and its counts. */
    @TemplateData
    public record Diff(List<Line> lines, int added, int removed) {
        public boolean same() {
            return added == 0 && removed == 0;
        }
    }

    public static Diff of(String first, String second) {
        String[] a = lines(first);
        String[] b = lines(second);
        int pre = 0;
        while (pre < a.length && pre < b.length && a[pre].equals(b[pre])) {
            pre++;
        }
        int suf = 0;
        while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf].equals(b[b.length - 1 - suf])) {
            suf++;
        }
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < pre; i++) {
            out.add(new Line("same", i + 1, i + 1, a[i]));
        }
        int n = a.length - pre - suf;
        int m = b.length - pre - suf;
        if ((long) n * m > MAX_CELLS) {
            for (int i = 0; i < n; i++) {
                out.add(new Line("removed", pre + i + 1, 0, a[pre + i]));
            }
            for (int j = 0; j < m; j++) {
                out.add(new Line("added", 0, pre + j + 1, b[pre + j]));
            }
        } else {
            middle(a, b, pre, n, m, out);
        }
        for (int k = suf; k > 0; k--) {
            out.add(new Line("same", a.length - k + 1, b.length - k + 1, a[a.length - k]));
        }
        int added = (int) out.stream().filter(l -> l.kind().equals("added")).count();
        int removed = (int) out.stream().filter(l -> l.kind().equals("removed")).count();
        return new Diff(out, added, removed);
    }

    private static void middle(String[] a, String[] b, int pre, int n, int m, List<Line> out) {
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a[pre + i].equals(b[pre + j]) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[pre + i].equals(b[pre + j])) {
                out.add(new Line("same", pre + i + 1, pre + j + 1, a[pre + i]));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add(new Line("removed", pre + i + 1, 0, a[pre + i]));
                i++;
            } else {
                out.add(new Line("added", 0, pre + j + 1, b[pre + j]));
                j++;
            }
        }
    }

    private static String[] lines(String s) {
        if (s == null || s.isEmpty()) {
            return new String[0];
        }
        return s.replace("\r\n", "\n").split("\n", -1);
    }
}
