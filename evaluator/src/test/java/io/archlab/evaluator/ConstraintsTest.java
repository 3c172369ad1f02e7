package io.archlab.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConstraintsTest {
    final Constraints limits = new Constraints(1_000_000, 50_000_000, 2_000_000_000L, 10);

    @Test
    void should_reject_candidate_when_params_exceed_budget_naming_amount_and_limit() {
        Constraints.Feasibility f = limits.check(new Cost(1_204_000L, 1_000L, 1_000L, 1.0));
        assertFalse(f.feasible());
        assertEquals("params 1,204,000 > limit 1,000,000", f.reason());
        assertEquals(1_204_000, f.violations().get(0).amount());
        assertEquals(1_000_000, f.violations().get(0).limit());
    }

    @Test
    void should_name_every_violated_constraint_in_order() {
        Constraints.Feasibility f = limits.check(new Cost(2_000_000L, 60_000_000L, 3_000_000_000L, 12.5));
        assertEquals(List.of("params 2,000,000 > limit 1,000,000", "MACs 60,000,000 > limit 50,000,000",
                "peak memory 3,000,000,000 bytes > limit 2,000,000,000 bytes", "latency 12.5 ms > limit 10 ms"),
                f.violations().stream().map(Constraints.Violation::message).toList());
    }

    @Test
    void should_accept_amounts_at_the_limit_and_ignore_unset_limits() {
        assertTrue(limits.check(new Cost(1_000_000L, 50_000_000L, 2_000_000_000L, 10.0)).feasible());
        assertTrue(Constraints.NONE.check(new Cost(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 1e9)).feasible());
        assertTrue(new Constraints(0, 0, 0, 5).check(new Cost(Long.MAX_VALUE, null, null, 4.0)).feasible());
    }

    @Test
    void should_list_unknown_amounts_as_unchecked_not_as_violations() {
        Constraints.Feasibility f = limits.check(Cost.of(900_000L, null));
        assertTrue(f.feasible());
        assertEquals(List.of("MACs", "peak memory", "latency"), f.unchecked());
    }

    @Test
    void should_reject_negative_limits_naming_the_field() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Constraints(0, -1, 0, 0));
        assertTrue(e.getMessage().startsWith("maxMacs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Constraints(0, 0, 0, Double.NaN));
    }
}
