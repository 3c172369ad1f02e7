package io.archlab.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.evaluator.Discovery.Verdict;
import org.junit.jupiter.api.Test;

class SignificanceTest {
    final Significance rule = new Significance();
    final Cost million = Cost.of(1_000_000L, 50_000_000L);
    final Sample baseline = Sample.of("baseline", million, 0.900, 0.905, 0.895);

    @Test
    void should_not_call_a_lucky_single_seed_a_discovery() {
        Discovery lucky = rule.judge(Sample.of("lucky", million, 0.95), baseline);
        assertEquals(Verdict.INSUFFICIENT_SEEDS, lucky.verdict());
        assertFalse(lucky.isDiscovery());
        assertEquals(0.95, lucky.candidateMean(), 1e-15);
        assertNull(lucky.candidateCi());
        assertTrue(Double.isNaN(lucky.pBetter()));
        assertEquals("insufficient seeds: lucky has 1, baseline has 3 (3 each needed)", lucky.reason());
    }

    @Test
    void should_call_the_same_candidate_a_discovery_with_three_consistently_better_seeds() {
        Discovery steady = rule.judge(Sample.of("steady", million, 0.95, 0.945, 0.948), baseline);
        assertEquals(Verdict.BETTER, steady.verdict());
        assertTrue(steady.isDiscovery());
        assertTrue(steady.pBetter() < 0.001, "p = " + steady.pBetter());
    }

    @Test
    void should_not_let_one_lucky_seed_among_three_make_a_discovery() {
        // mean 0.9133 (+1.33 pp) but s = 0.032: t = 0.71, p ≈ 0.27
        Discovery d = rule.judge(Sample.of("one-lucky", million, 0.95, 0.89, 0.90), baseline);
        assertEquals(Verdict.NOT_A_DISCOVERY, d.verdict());
        assertTrue(d.difference() > 0);
        assertTrue(d.pBetter() > 0.2 && d.pBetter() < 0.35, "p = " + d.pBetter());
    }

    @Test
    void should_report_the_numbers_of_the_welch_test_derived_by_hand() {
        // the samples of StatsTest: t = 13/√19, df = 722/193, one-sided p = 0.022118067243547
        Discovery d = rule.judge(Sample.of("c", million, 0.91, 0.92, 0.93), Sample.of("p", million, 0.89, 0.90, 0.905));
        assertEquals(Verdict.BETTER, d.verdict());
        assertEquals(0.92, d.candidateMean(), 1e-15);
        assertEquals(2.695 / 3, d.referenceMean(), 1e-15);
        assertEquals(13.0 / 600, d.difference(), 1e-15);
        assertEquals(0.022118067243547, d.pValue(), 1e-11);
        assertEquals(0.8951586228824947, d.candidateCi().lower(), 1e-12);
        assertEquals(3, d.candidateSeeds());
        assertEquals("significantly more accurate than p: 0.9200 vs 0.8983 (+2.17 pp), 3 vs 3 seeds, "
                + "one-sided Welch p = 0.0221 < 0.05", d.reason());
    }

    @Test
    void should_call_an_equally_accurate_but_30_percent_smaller_candidate_a_discovery() {
        Sample reference = Sample.of("parent", Cost.of(1_000_000L, null), 0.901, 0.899, 0.900);
        // t = (0 + 0.005) / √(5/3 · 1e-6) = √15, df = 50/17, p = 0.0157811 (StatsTest)
        Discovery d = rule.judge(Sample.of("smaller", Cost.of(700_000L, null), 0.900, 0.902, 0.898), reference);
        assertEquals(Verdict.AS_ACCURATE_AND_CHEAPER, d.verdict());
        assertTrue(d.isDiscovery());
        assertEquals(0.01578111581282432, d.pValue(), 1e-10);
        assertEquals(0.3, d.costReduction(), 1e-12);
        assertEquals("params", d.costQuantity());
        assertTrue(d.reason().startsWith("as accurate as parent and 30% fewer params"), d.reason());
    }

    @Test
    void should_not_call_an_equally_accurate_but_5_percent_smaller_candidate_a_discovery() {
        Sample reference = Sample.of("parent", Cost.of(1_000_000L, null), 0.901, 0.899, 0.900);
        Discovery d = rule.judge(Sample.of("smaller", Cost.of(950_000L, null), 0.900, 0.902, 0.898), reference);
        assertEquals(Verdict.NOT_A_DISCOVERY, d.verdict());
        assertTrue(d.reason().endsWith("within 0.50 pp but only 5% fewer params (10% needed)"), d.reason());
    }

    @Test
    void should_count_exactly_ten_percent_fewer_macs_as_cheaper() {
        Sample reference = Sample.of("parent", Cost.of(1_000L, 1_000_000L), 0.901, 0.899, 0.900);
        Discovery d = rule.judge(Sample.of("c", Cost.of(1_000L, 900_000L), 0.900, 0.902, 0.898), reference);
        assertEquals(Verdict.AS_ACCURATE_AND_CHEAPER, d.verdict());
        assertEquals("MACs", d.costQuantity());
    }

    @Test
    void should_not_call_a_much_smaller_but_less_accurate_candidate_a_discovery() {
        Sample reference = Sample.of("parent", Cost.of(1_000_000L, null), 0.901, 0.899, 0.900);
        Discovery d = rule.judge(Sample.of("tiny", Cost.of(100_000L, null), 0.890, 0.892, 0.888), reference);
        assertEquals(Verdict.NOT_A_DISCOVERY, d.verdict());
        assertTrue(d.pNotWorse() > 0.5, "p = " + d.pNotWorse());
    }

    @Test
    void should_require_enough_seeds_of_the_reference_too() {
        Discovery d = rule.judge(Sample.of("c", million, 0.95, 0.95, 0.95), Sample.of("b", million, 0.9, 0.9));
        assertEquals(Verdict.INSUFFICIENT_SEEDS, d.verdict());
    }

    @Test
    void should_require_a_discovery_against_both_parent_and_baseline() {
        Sample parent = Sample.of("parent", million, 0.945, 0.95, 0.947);
        Sample candidate = Sample.of("child", million, 0.95, 0.945, 0.948);
        Judgement merelyAsGoodAsParent = rule.judge(candidate, parent, baseline);
        assertTrue(merelyAsGoodAsParent.vsBaseline().isDiscovery());
        assertFalse(merelyAsGoodAsParent.isDiscovery());
        assertTrue(merelyAsGoodAsParent.reason().startsWith("not a discovery — vs parent: no discovery against parent"),
                merelyAsGoodAsParent.reason());

        Judgement better = rule.judge(candidate, baseline, baseline);
        assertTrue(better.isDiscovery());
        assertTrue(rule.judge(candidate, null, baseline).isDiscovery());
    }
}
