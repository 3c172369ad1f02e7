"""Independent reference values for the evaluator's statistics tests (StudentTTest, StatsTest,
SignificanceTest). Standard library only: the t upper tail comes from Simpson integration of the
t density (math.lgamma), not from the incomplete beta function the Java code uses; the bootstrap
re-implements java.util.Random as its javadoc specifies. Run: python3 reference_values.py (about a second).
"""
import math
from fractions import Fraction as F

MASK = (1 << 48) - 1


def density(t, v):
    c = math.lgamma((v + 1) / 2) - math.lgamma(v / 2) - 0.5 * math.log(v * math.pi)
    return math.exp(c - (v + 1) / 2 * math.log1p(t * t / v))


def simpson(f, a, b, n=200_000):
    h = (b - a) / n
    s = f(a) + f(b)
    for i in range(1, n):
        s += (4 if i % 2 else 2) * f(a + i * h)
    return s * h / 3


def upper_tail(t, v):  # P(T > t) for t >= 0
    return 0.5 - simpson(lambda x: density(x, v), 0.0, t)


def mean(x):
    return sum(x) / len(x)


def var(x):
    m = mean(x)
    return sum((a - m) ** 2 for a in x) / (len(x) - 1)


def welch(a, b, d0=0.0):
    va, vb = var(a) / len(a), var(b) / len(b)
    return (mean(a) - mean(b) - d0) / math.sqrt(va + vb), (va + vb) ** 2 / (va * va / (len(a) - 1) + vb * vb / (len(b) - 1))


class JavaRandom:
    def __init__(self, seed):
        self.s = (seed ^ 0x5DEECE66D) & MASK

    def next(self, bits):
        self.s = (self.s * 0x5DEECE66D + 0xB) & MASK
        r = self.s >> (48 - bits)
        return r - (1 << 32) if r >= 1 << 31 else r

    def next_int(self, bound):
        if bound & -bound == bound:
            return (bound * self.next(31)) >> 31
        while True:
            bits = self.next(31)
            val = bits % bound
            if bits - val + (bound - 1) < (1 << 31):
                return val


def bootstrap(a, b, level, resamples, seed):
    r = JavaRandom(seed)
    d = []
    for _ in range(resamples):
        ma = sum(a[r.next_int(len(a))] for _ in a) / len(a)
        mb = sum(b[r.next_int(len(b))] for _ in b) / len(b)
        d.append(ma - mb)
    d.sort()

    def pct(p):  # Hyndman-Fan type 7
        h = (resamples - 1) * p
        lo = math.floor(h)
        hi = min(lo + 1, resamples - 1)
        return d[lo] + (h - lo) * (d[hi] - d[lo])
    return pct((1 - level) / 2), pct((1 + level) / 2)


if __name__ == "__main__":
    fa = [F(91, 100), F(92, 100), F(93, 100)]
    fb = [F(89, 100), F(90, 100), F(905, 1000)]
    va, vb = var(fa) / 3, var(fb) / 3
    print("exact: s_a²/3 =", va, " s_b²/3 =", vb, " diff =", mean(fa) - mean(fb),
          " df =", (va + vb) ** 2 / (va * va / 2 + vb * vb / 2))
    t, df = welch([0.91, 0.92, 0.93], [0.89, 0.90, 0.905])
    print("Welch t =", t, "(13/sqrt 19 =", 13 / math.sqrt(19), ") df =", df, " one-sided p =", upper_tail(t, df))
    t, df = welch([0.900, 0.902, 0.898], [0.901, 0.899, 0.900], -0.005)
    print("non-inferiority t =", t, " df =", df, " p =", upper_tail(t, df))
    print("cdf(2, 5) =", 1 - upper_tail(2.0, 5))
    print("P(T > 1.5), df 2.5 =", upper_tail(1.5, 2.5))
    print("P(T > 10), df 3 =", upper_tail(10.0, 3))
    print("bootstrap =", bootstrap([0.91, 0.92, 0.93, 0.94, 0.90], [0.89, 0.90, 0.905, 0.88], 0.95, 2000, 42))
