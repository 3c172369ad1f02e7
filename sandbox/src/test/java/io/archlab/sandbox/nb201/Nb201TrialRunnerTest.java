package io.archlab.sandbox.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.analysis.Budgets;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.data.DatasetException;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.HeldOutTest;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trials of the nb201 task: the usual checks, then a look-up of the validation column. */
class Nb201TrialRunnerTest {
    static final Budgets ROOMY = new Budgets(2_000_000, 0, 0);

    @TempDir
    Path dir;

    static TrialRequest request(String source, Budgets budgets, Set<String> refuse) {
        return new TrialRequest("t", source, 1, TrialRequest.Compute.epochs(1, 30), budgets, 64,
                TrialRequest.Optim.adamW(1e-3f), null, refuse);
    }

    static TrialRunner runner(Nb201Task task) {
        return task.runner(Nb201IrTest.FRONT_END);
    }

    @Test
    void should_return_the_tables_validation_accuracy_of_the_candidates_cell_without_training() throws Exception {
        Nb201Table table = Nb201Data.table();
        Nb201Task task = Nb201Task.load(table.file().toString(), "cifar100", null, null, 0);
        Nb201Arch row1 = Nb201Space.parse(
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        Nb201Arch cell = Nb201Space.parse(   // the same network, its class's representative (row 9,121)
                "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|+|nor_conv_3x3~0|avg_pool_3x3~1|skip_connect~2|");
        assertEquals(cell, Nb201Ir.representative(row1), "row 1's sums only regrouped");
        try (TrialRunner r = runner(task)) {
            TrialResult res = r.run(request(Nb201Dsl.source(cell, "Rep"), ROOMY, Set.of()));
            assertTrue(res.succeeded(), res.outcome().toString());
            assertEquals(table.validation(Nb201Dataset.CIFAR100, cell) / 100, res.metrics().valAccuracy(), 1e-9,
                    "CIFAR-100 validation column of the cell");
            TrialResult viaRow1 = r.run(request(Nb201Dsl.source(row1, "Row1"), ROOMY, Set.of()));
            assertEquals(res.metrics().valAccuracy(), viaRow1.metrics().valAccuracy(),
                    "a cell building the same network gets the representative's row");
            assertEquals(res.graph().params(), res.metrics().paramsBuilt());
            assertTrue(res.curve().isEmpty(), "nothing was trained");

            TrialResult dup = r.run(request(Nb201Dsl.source(cell, "Again"), ROOMY, Set.of(IrJson.hash(res.graph()))));
            assertEquals(FailureKind.DUPLICATE, ((Outcome.Failed) dup.outcome()).kind());

            TrialResult check = r.run(TrialRequest.check("c", Nb201Dsl.source(cell, "Check"), ROOMY, 64, Set.of()));
            assertTrue(check.succeeded());
            assertNull(check.metrics(), "a check looks nothing up");
        }
        HeldOutTest test = task.heldOutTest();
        assertFalse(test.needsWeights());
        assertEquals(5_000, test.count());
        assertEquals(table.test(Nb201Dataset.CIFAR100, cell) / 100, test.accuracy(Nb201IrTest.network(row1), null),
                1e-9, "the test column, for the selected cell only");
    }

    @Test
    void should_fail_a_network_outside_the_space_typed_and_saying_why() throws Exception {
        Nb201Task task = Nb201Task.load(Nb201Data.syntheticTable(dir).toString(), null, null, null, 0);
        try (TrialRunner r = runner(task)) {
            TrialResult res = r.run(request(Baselines.get("ResNetTiny").source(), ROOMY, Set.of()));
            Outcome.Failed f = (Outcome.Failed) res.outcome();
            assertEquals(FailureKind.NOT_IN_SPACE, f.kind());
            assertEquals(Stage.TRACE, f.stage());
            assertTrue(f.message().startsWith("not a NAS-Bench-201 network: "), f.message());
            assertNotNull(res.graph(), "the IR is kept for the record");
            TrialResult broken = r.run(request("public final class X {}", ROOMY, Set.of()));
            assertEquals(FailureKind.COMPILE_ERROR, ((Outcome.Failed) broken.outcome()).kind(),
                    "the usual checks come first");
        }
    }

    @Test
    void should_refuse_cells_over_the_parameter_or_latency_budget_naming_the_amounts() throws Exception {
        Path acc = Nb201Data.syntheticTable(dir);
        Path lat = Nb201Data.syntheticLatency(dir);
        Nb201Arch slow = Nb201Arch.ofCode(15_624);   // all avg_pool: synthetic fpga latency 15.624 ms
        Nb201Arch fast = Nb201Arch.ofCode(50);       // |none~0|+|none~0|none~1|+|nor_conv_1x1~0|none~1|none~2|: 0.050 ms
        assertEquals(slow, Nb201Ir.representative(slow));
        assertEquals(fast, Nb201Ir.representative(fast));
        Nb201Task task = Nb201Task.load(acc.toString(), "imagenet16", lat.toString(), "fpga", 5);
        try (TrialRunner r = runner(task)) {
            TrialResult over = r.run(request(Nb201Dsl.source(slow, "Slow"), ROOMY, Set.of()));
            Outcome.Failed f = (Outcome.Failed) over.outcome();
            assertEquals(FailureKind.OVER_BUDGET, f.kind());
            assertEquals(Stage.BUDGET, f.stage());
            assertTrue(f.message().contains("latency of 15.624 ms on fpga exceeds the limit of 5.000 ms"), f.message());
            TrialResult ok = r.run(request(Nb201Dsl.source(fast, "Fast"), ROOMY, Set.of()));
            assertTrue(ok.succeeded(), ok.outcome().toString());
            assertEquals(0.05, ok.metrics().latencyMs(), 1e-9);
            assertEquals(List16.INPUT, ok.graph().inputShape(), "ImageNet16-120 networks take 16x16 images");
            TrialResult big = r.run(request(Nb201Dsl.source(fast, "Big"), new Budgets(50_000, 0, 0), Set.of()));
            assertTrue(((Outcome.Failed) big.outcome()).message().contains("parameters exceed the budget of 50,000"));
        }
    }

    @Test
    void should_refuse_incomplete_settings_naming_what_is_missing() throws Exception {
        Path acc = Nb201Data.syntheticTable(dir);
        assertTrue(assertThrows(DatasetException.class, () -> Nb201Task.load(null, null, null, null, 0))
                .getMessage().contains("nb201 needs --data FILE"));
        assertTrue(assertThrows(DatasetException.class, () -> Nb201Task.load(acc.toString(), null, null, "fpga", 3))
                .getMessage().contains("needs all of --latency-table FILE, --device NAME and --max-latency-ms"));
        assertTrue(assertThrows(DatasetException.class, () -> Nb201Task.load(acc.toString(), "svhn", null, null, 0))
                .getMessage().contains("unknown NAS-Bench-201 data set 'svhn' (known: cifar10, cifar100, imagenet16)"));
        Path lat = Nb201Data.syntheticLatency(dir);
        assertTrue(assertThrows(DatasetException.class, () -> Nb201Task.load(acc.toString(), null, lat.toString(),
                "tpu", 3)).getMessage().contains("(known: fpga, pixel3)"));
    }

    /** Shapes used above. */
    private static final class List16 {
        static final java.util.List<Integer> INPUT = java.util.List.of(3, 16, 16);
    }
}
