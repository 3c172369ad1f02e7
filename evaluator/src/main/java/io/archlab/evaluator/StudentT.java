package io.archlab.evaluator;

/**
 * Student's t distribution with {@code df > 0} degrees of freedom (not necessarily an integer, as
 * Welch's test needs), and the special functions it rests on.
 *
 * <ul>
 *   <li>CDF: for {@code t > 0}, {@code P(T > t) = I_x(df/2, 1/2) / 2} with {@code x = df / (df + t²)},
 *       and symmetry for {@code t < 0} (Abramowitz &amp; Stegun 26.7.1; Numerical Recipes 3rd ed. §6.14).
 *   <li>{@code I_x(a, b)}, the regularized incomplete beta function, by its continued fraction
 *       evaluated with the modified Lentz method, using {@code I_x(a,b) = 1 - I_{1-x}(b,a)} when
 *       {@code x > (a+1)/(a+b+2)} so that the fraction converges fast (Numerical Recipes 3rd ed. §6.4,
 *       {@code betai}/{@code betacf}).
 *   <li>{@code ln Γ} by the Lanczos approximation, g = 7, 9 coefficients (Godfrey's), relative error
 *       about 1e-15.
 *   <li>Quantile: the root of {@code P(T > t) = q} by Newton's method on the density, safeguarded
 *       by bisection within a bracket found by doubling.
 * </ul>
 * Upper tails are computed directly (never as {@code 1 - CDF}) so small p-values keep their digits.
 */
public final class StudentT {
    private static final int MAX_ITERATIONS = 10_000;
    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
        9.9843695780195716e-6, 1.5056327351493116e-7};

    private StudentT() {
    }

    /** {@code P(T <= t)}. */
    public static double cdf(double t, double df) {
        return t > 0 ? 1 - upperTail(t, df) : upperTail(-t, df);
    }

    /** {@code P(T > t)}, accurate also when tiny. */
    public static double upperTail(double t, double df) {
        checkDf(df);
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("t is NaN");
        }
        if (t == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (t == Double.NEGATIVE_INFINITY) {
            return 1;
        }
        if (t < 0) {
            return 1 - upperTail(-t, df);
        }
        double t2 = t * t;
        // x = df/(df+t²) and 1-x = t²/(df+t²), each computed directly
        return 0.5 * regularizedIncompleteBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
    }

    /** The density of the t distribution at {@code t}. */
    public static double density(double t, double df) {
        checkDf(df);
        double logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
        return Math.exp(logC - (df + 1) / 2 * Math.log1p(t * t / df));
    }

    /** The {@code t} with {@code P(T <= t) = p}, for {@code 0 < p < 1}; e.g. 4.302653 for p=0.975, df=2. */
    public static double quantile(double p, double df) {
        checkDf(df);
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1), got " + p);
        }
        if (p == 0.5) {
            return 0;
        }
        return p > 0.5 ? upperQuantile(1 - p, df) : -upperQuantile(p, df);
    }

    /** The {@code t > 0} with {@code P(T > t) = q}, {@code 0 < q < 1/2}. */
    private static double upperQuantile(double q, double df) {
        double lo = 0;
        double hi = 1;
        while (upperTail(hi, df) > q) {
            lo = hi;
            hi *= 2;
            if (Double.isInfinite(hi)) {
                return Double.POSITIVE_INFINITY;
            }
        }
        double t = (lo + hi) / 2;
        for (int i = 0; i < 200; i++) {
            double f = upperTail(t, df) - q; // decreasing in t
            if (f == 0) {
                return t;
            }
            if (f > 0) {
                lo = t;
            } else {
                hi = t;
            }
            double next = t + f / density(t, df);
            if (!(next > lo && next < hi)) {
                next = (lo + hi) / 2;
            }
            if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t))) {
                return next;
            }
            t = next;
        }
        return t;
    }

    /** {@code I_x(a, b)} for {@code a, b > 0} and {@code 0 <= x <= 1}. */
    public static double regularizedIncompleteBeta(double a, double b, double x) {
        return regularizedIncompleteBeta(a, b, x, 1 - x);
    }

    /** {@code I_x(a, b)} with {@code y = 1 - x} given separately, to keep its digits when tiny. */
    private static double regularizedIncompleteBeta(double a, double b, double x, double y) {
        if (!(a > 0 && b > 0)) {
            throw new IllegalArgumentException("incomplete beta needs a, b > 0, got a=" + a + ", b=" + b);
        }
        if (!(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException("incomplete beta needs 0 <= x <= 1, got " + x);
        }
        if (x == 0) {
            return 0;
        }
        if (y == 0) {
            return 1;
        }
        double logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y);
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(logFront) * continuedFraction(a, b, x) / a;
        }
        return 1 - Math.exp(logFront) * continuedFraction(b, a, y) / b;
    }

    /** The continued fraction of {@code I_x(a,b)}, modified Lentz (Numerical Recipes {@code betacf}). */
    private static double continuedFraction(double a, double b, double x) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        d = 1 / nonZero(d);
        double h = d;
        for (int m = 1; m <= MAX_ITERATIONS; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 / nonZero(1 + aa * d);
            c = nonZero(1 + aa / c);
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 / nonZero(1 + aa * d);
            c = nonZero(1 + aa / c);
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                return h;
            }
        }
        throw new ArithmeticException("incomplete beta did not converge for a=" + a + ", b=" + b + ", x=" + x);
    }

    private static double nonZero(double v) {
        return Math.abs(v) < TINY ? TINY : v;
    }

    /** {@code ln Γ(x)} for {@code x > 0} (Lanczos, g = 7). */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0, got " + x);
        }
        if (x < 0.5) {
            // reflection: Γ(x)Γ(1-x) = π / sin(πx)
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    private static void checkDf(double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be > 0, got " + df);
        }
    }
}
