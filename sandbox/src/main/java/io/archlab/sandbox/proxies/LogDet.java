package io.archlab.sandbox.proxies;

/** {@code log|det A|} of a small dense matrix by LU decomposition with partial pivoting, in double. */
final class LogDet {
    /** Pivots below this share of the largest entry count as zero: the matrix is singular. */
    private static final double RELATIVE_TOLERANCE = 1e-12;

    private LogDet() {
    }

    /** {@code log|det a|}; {@code -∞} for a singular matrix. {@code a} is not modified. */
    static double logAbsDet(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        double largest = 0;
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("not a square matrix: row " + i + " has " + a[i].length
                        + " entries, expected " + n);
            }
            m[i] = a[i].clone();
            for (double v : m[i]) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        double tolerance = largest * RELATIVE_TOLERANCE * Math.max(1, n);
        double log = 0;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(m[pivot][col]) > tolerance)) {
                return Double.NEGATIVE_INFINITY;
            }
            double[] t = m[pivot];
            m[pivot] = m[col];
            m[col] = t;
            log += Math.log(Math.abs(m[col][col]));
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                if (f != 0) {
                    for (int c = col + 1; c < n; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        return log;
    }
}
