package io.archlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.agent.Prescreener;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.proxies.Proxy;
import io.archlab.sandbox.proxies.ProxyScores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statistics of 'bench proxies' on hand-made populations. */
class ProxyStatsTest {
    static final Instant T = Instant.parse("2026-11-22T12:00:00Z");

    /** Member {@code i}: accuracy {@code acc}, proxies {@code synflow = naswot = s}, 10 s of screening, 0.1 s of proxies. */
    static ProxyBenchmark.Member member(int i, String proposer, double acc, double s) {
        CandidateRecord c = new CandidateRecord("c" + i, "r", i, "C" + i, proposer, null, "", "src", "{}", "h" + i,
                1000L + i, null, null, 0, 10L, T);
        TrialRecord t = new TrialRecord("t" + i, "r", c.id(), i, i, 10, "succeeded", null, null, acc, 0.5, 1.0, 10L,
                9.0, 10.0, 100.0, "[]", "w", 1.0, 1L, 0, null, T, T);
        return new ProxyBenchmark.Member(c, t, new ProxyScores(s, s, -s, 1000L + i, 10, 0.1), 0.05);
    }

    /** 20 members, the first 3 baselines; accuracy rises with i, and so does the proxy. */
    static List<ProxyBenchmark.Member> aligned() {
        List<ProxyBenchmark.Member> m = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            m.add(member(i, i < 3 ? "baseline" : "evolution", 0.5 + i / 100.0, i));
        }
        return m;
    }

    @Test
    void should_give_a_perfect_rank_correlation_its_sign_and_skip_undefined_scores() {
        List<ProxyBenchmark.Member> m = aligned();
        m.add(member(20, "evolution", 0.9, Double.NaN));
        ProxyStats.Correlation syn = ProxyStats.correlation(m, Proxy.SYNFLOW);
        assertEquals(20, syn.n(), "the NaN score is left out");
        assertEquals(1.0, syn.rho(), 1e-12);
        assertEquals(-1.0, ProxyStats.correlation(m, Proxy.GRAD_NORM).rho(), 1e-12);
        assertEquals(21, ProxyStats.correlation(m, Proxy.PARAMS).n());
    }

    @Test
    void should_put_the_interval_where_fisher_z_with_the_rank_correction_does() {
        double[] ci = ProxyStats.interval(0.5, 28);
        // z = atanh(0.5) = 0.549306, half = 1.959964 * sqrt(1.06 / 25) = 0.403580
        assertEquals(Math.tanh(0.549306 - 0.403580), ci[0], 1e-5);
        assertEquals(Math.tanh(0.549306 + 0.403580), ci[1], 1e-5);
        assertTrue(Double.isNaN(ProxyStats.interval(0.5, 3)[0]));
    }

    @Test
    void should_keep_the_best_share_by_proxy_and_count_the_top_ten_and_time_saved() {
        ProxyStats.Simulation s = ProxyStats.top(aligned(), Proxy.SYNFLOW, 0.5);
        assertEquals(10, s.trained());
        assertEquals(10, s.topKept(), "the proxy ranks exactly as accuracy does");
        assertEquals(0.69, s.bestKept(), 1e-12);
        // 10 of 20 screenings of 10 s skipped, 20 proxies of 0.1 s computed
        assertEquals((100 - 2.0) / 200, s.savedShare(), 1e-12);
        ProxyStats.Simulation worst = ProxyStats.top(aligned(), Proxy.GRAD_NORM, 0.5);
        assertEquals(0, worst.topKept(), "grad_norm is reversed here");
        assertEquals(5.0, ProxyStats.randomTopKept(10, 20), 1e-12);
    }

    @Test
    void should_simulate_the_runs_rule_never_skipping_baselines_or_without_history() {
        List<ProxyBenchmark.Member> m = aligned();
        ProxyStats.Simulation reversed = ProxyStats.online(m, Proxy.GRAD_NORM, 0.5);
        // falling scores: every evolved member after the first MIN_HISTORY scores is below the median
        int judgedWithHistory = m.size() - Prescreener.MIN_HISTORY;
        assertEquals(m.size() - judgedWithHistory, reversed.trained());
        ProxyStats.Simulation rising = ProxyStats.online(m, Proxy.SYNFLOW, 0.5);
        assertEquals(m.size(), rising.trained(), "each proposal beats every earlier score");
        assertTrue(rising.savedShare() < 0, "nothing skipped: only the proxy time is spent");
    }
}
