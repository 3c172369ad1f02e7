package io.archlab.sandbox.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.archlab.sandbox.analysis.Budgets;
import io.archlab.sandbox.train.TrialRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A dispatch crosses the cluster whole: the trial request in it keeps its recipe. */
class WireTest {
    static final ClusterSecret SECRET = ClusterSecret.of("a test secret of the cluster");

    @Test
    void should_decode_a_dispatched_request_with_its_recipe_equal_to_the_one_sent() {
        TrialRequest req = new TrialRequest("r1", "class A {}", 42,
                TrialRequest.Compute.epochs(3, 900).withRungs(List.of(50L)), new Budgets(500_000, 0, 0), 128,
                TrialRequest.Optim.adamW(1e-3f), null, Set.of("abc"), false, new TrialRequest.Recipe(4, true, 0.1f));
        Wire.Dispatch sent = new Wire.Dispatch("d1", "r1", 1, "member-1",
                new Wire.TaskSpec("cifar10", "/data/cifar", Map.of("a.bin", "00"), 0, 0, 0.1), req, true, 1234L);
        Wire.Dispatch got = Wire.read(SECRET, Wire.write(SECRET, sent), Wire.Dispatch.class);
        assertEquals(sent, got);
        assertEquals(new TrialRequest.Recipe(4, true, 0.1f), got.request().recipe());
    }
}
