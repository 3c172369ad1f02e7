package io.archlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.analysis.Budgets;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.data.FashionMnist;
import io.archlab.sandbox.data.Splits;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.HeldOutTest;
import io.archlab.sandbox.train.InProcessTrialRunner;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.RungGate;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {
    static Splits splits;
    static HeldOutTest heldOut;
    static InProcessTrialRunner runner;

    @BeforeAll
    static void load() {
        splits = Splits.of(FashionMnist.shippedSubset().toTaskData(), 0.1);
        heldOut = HeldOutTest.of(FashionMnist.shippedSubset().toTaskData());
        runner = new InProcessTrialRunner(new DslFrontEnd(new DslCompiler()), Task.FASHION_MNIST, splits);
    }

    @AfterAll
    static void close() {
        runner.close();
    }

    @Test
    void should_beat_chance_by_a_wide_margin_after_a_short_training(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("mlp.params");
        TrialResult r = runner.run(request(Baselines.get("Mlp").source(), 400, 1_000_000, weights));
        assertTrue(r.succeeded(), () -> r.outcome().toString());
        assertTrue(r.metrics().valAccuracy() > 0.65, "validation accuracy " + r.metrics().valAccuracy());
        assertFalse(r.curve().isEmpty());
        assertEquals(r.graph().params(), r.metrics().paramsBuilt());
        assertTrue(Files.size(weights) > r.graph().params() * 4, "weights written");

        double test = heldOut.accuracy(r.graph(), weights);
        assertTrue(test > 0.6, "test accuracy " + test);
    }

    @Test
    void should_give_the_same_metrics_for_the_same_seed_and_compute() {
        String src = Baselines.get("LeNet5").source();
        TrialRequest req = new TrialRequest("d", src, 11, TrialRequest.Compute.epochs(1, 600),
                new Budgets(1_000_000, 0, 0), 64, TrialRequest.Optim.adamW(1e-3f), null);
        TrialResult a = runner.run(req);
        TrialResult b = runner.run(req);
        assertTrue(a.succeeded() && b.succeeded());
        assertEquals(a.metrics().steps(), b.metrics().steps());
        assertEquals(a.metrics().valAccuracy(), b.metrics().valAccuracy(), 1e-9);
        assertEquals(a.metrics().trainLoss(), b.metrics().trainLoss(), 1e-4);
        assertEquals(a.curve().get(0).valLoss(), b.curve().get(0).valLoss(), 1e-4);
        TrialResult other = runner.run(new TrialRequest("d", src, 12, TrialRequest.Compute.epochs(1, 600),
                new Budgets(1_000_000, 0, 0), 64, TrialRequest.Optim.adamW(1e-3f), null));
        assertTrue(Math.abs(other.metrics().trainLoss() - a.metrics().trainLoss()) > 1e-6, "another seed differs");
        assertTrue(a.metrics().latencyMs() > 0 && a.metrics().peakRssBytes() > 0, a.metrics().toString());
    }

    @Test
    void should_train_with_a_recipe_reproducibly_and_unlike_the_same_request_without_it() {
        TrialRequest plain = request(Baselines.get("LeNet5").source(), 60, 1_000_000, null);
        TrialRequest recipe = plain.withRecipe(new TrialRequest.Recipe(2, true, 0.1f));
        TrialResult a = runner.run(recipe);
        TrialResult b = runner.run(recipe);
        TrialResult none = runner.run(plain);
        assertTrue(a.succeeded() && b.succeeded() && none.succeeded(), a.outcome() + " / " + none.outcome());
        assertEquals(60, a.metrics().steps());
        assertEquals(a.metrics().valAccuracy(), b.metrics().valAccuracy(), 1e-9, "same seed, same training");
        assertEquals(a.metrics().trainLoss(), b.metrics().trainLoss(), 1e-6);
        assertEquals(a.curve().get(0).valLoss(), b.curve().get(0).valLoss(), 1e-6);
        assertTrue(Math.abs(a.curve().get(0).valLoss() - none.curve().get(0).valLoss()) > 1e-4,
                "the recipe changes the training: " + a.curve().get(0).valLoss() + " / "
                        + none.curve().get(0).valLoss());
        TrialResult augmented = runner.run(plain.withRecipe(new TrialRequest.Recipe(2, true, 0f)));
        assertTrue(Math.abs(augmented.metrics().trainLoss() - none.metrics().trainLoss()) > 1e-4,
                "crop and flip alone change the batches trained on");
    }

    @Test
    void should_reject_candidate_when_params_exceed_budget() {
        TrialResult r = runner.run(request(Baselines.get("Mlp").source(), 10, 1000, null));
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome());
        assertEquals(FailureKind.OVER_BUDGET, f.kind());
        assertEquals("203,530 parameters exceed the budget of 1,000", f.message());
    }

    @Test
    void should_report_compile_errors_with_their_line() {
        String src = "import io.archlab.sandbox.dsl.*;\npublic final class Bad implements Architecture {\n"
                + "  public Tensor forward(Net n, Tensor x) {\n    return n.linar(x, 10);\n  }\n}\n";
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, runner.run(request(src, 10, 1000, null)).outcome());
        assertEquals(FailureKind.COMPILE_ERROR, f.kind());
        assertTrue(f.message().startsWith("line 4:"), f.message());
    }

    @Test
    void should_report_shape_errors_naming_the_problem() {
        String src = "import io.archlab.sandbox.dsl.*;\npublic final class Mismatch implements Architecture {\n"
                + "  public Tensor forward(Net n, Tensor x) {\n    Tensor h = n.linear(x.flatten(), 32);\n"
                + "    return n.linear(h.add(n.linear(h, 16)), 10);\n  }\n}\n";
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, runner.run(request(src, 10, 1000, null)).outcome());
        assertEquals(FailureKind.SHAPE_ERROR, f.kind());
        assertEquals("add at Mismatch.java:5: [B, 32] and [B, 16] do not broadcast: sizes 32 and 16 differ",
                f.message());
    }

    @Test
    void should_train_exactly_the_steps_asked_whatever_the_epoch_size() {
        TrialResult r = runner.run(request(Baselines.get("Mlp").source(), 130, 1_000_000, null));
        assertTrue(r.succeeded(), r.outcome().toString());
        assertEquals(130, r.metrics().steps());
        long n = splits.train().count();
        assertEquals(130.0 * 64 / n, r.metrics().epochs(), 1e-9, "epochs are the steps' share of the training split");
        assertEquals(2, r.curve().size(), "validated at the end of the first epoch (84 steps) and after the last step");
    }

    @Test
    void should_end_as_capped_with_its_partial_metrics_when_the_safety_cap_stops_training() {
        TrialResult r = runner.run(new TrialRequest("c", Baselines.get("LeNet5").source(), 7,
                TrialRequest.Compute.steps(10_000_000, 1), new Budgets(1_000_000, 0, 0), 64,
                TrialRequest.Optim.adamW(1e-3f), null));
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome());
        assertEquals(FailureKind.CAPPED, f.kind());
        assertEquals(io.archlab.sandbox.train.Stage.TRAIN, f.stage());
        assertTrue(r.metrics().steps() > 0 && r.metrics().steps() < 10_000_000, r.metrics().toString());
        assertTrue(f.message().matches("the 1 s safety cap stopped training after [0-9,]+ of its 10,000,000 steps: "
                + "not comparable with fully trained candidates"), f.message());
        assertFalse(r.succeeded(), "a capped trial is not a success");
    }

    @Test
    void should_end_as_pruned_with_the_metrics_of_the_rung_when_the_gate_stops_training_there(@TempDir Path dir)
            throws Exception {
        Path weights = dir.resolve("pruned.params");
        RecordingGate gate = new RecordingGate(Map.of(0, "below the median of rung 0"));
        TrialResult r = runner.run(withRungs(request(Baselines.get("Mlp").source(), 130, 1_000_000, weights), 30, 100),
                gate);
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome());
        assertEquals(FailureKind.PRUNED, f.kind());
        assertEquals(Stage.TRAIN, f.stage());
        assertEquals("below the median of rung 0", f.message());
        assertFalse(r.succeeded(), "a pruned trial is not a success");
        assertEquals(30, r.metrics().steps());
        assertEquals(30.0 * 64 / splits.train().count(), r.metrics().epochs(), 1e-9);
        assertEquals(List.of(30L), steps(r), "validated at the rung, and not after it");
        assertEquals(r.curve().get(0).valAccuracy(), r.metrics().valAccuracy());
        assertEquals(List.of(new RecordingGate.Call(0, 30, r.metrics().valAccuracy())), gate.calls());
        assertTrue(Files.size(weights) > r.graph().params() * 4, "a pruned trial's weights are kept");
    }

    @Test
    void should_validate_at_every_rung_mid_epoch_and_train_fully_when_the_gate_lets_it_go_on() {
        assertEquals(EPOCH, splits.train().count() / 64, "steps in an epoch");
        RecordingGate gate = RecordingGate.goingOn();
        TrialResult r = runner.run(withRungs(request(Baselines.get("Mlp").source(), 130, 1_000_000, null), 30, 100),
                gate);
        assertTrue(r.succeeded(), r.outcome().toString());
        assertEquals(130, r.metrics().steps());
        assertEquals(List.of(30L, EPOCH, 100L, 130L), steps(r), "rungs, the first epoch's end and the last step");
        assertEquals(List.of(new RecordingGate.Call(0, 30, r.curve().get(0).valAccuracy()),
                new RecordingGate.Call(1, 100, r.curve().get(2).valAccuracy())), gate.calls());
    }

    @Test
    void should_validate_once_when_a_rung_falls_on_an_epoch_end() {
        RecordingGate gate = RecordingGate.goingOn();
        TrialResult r = runner.run(withRungs(request(Baselines.get("Mlp").source(), 130, 1_000_000, null), EPOCH),
                gate);
        assertTrue(r.succeeded(), r.outcome().toString());
        assertEquals(List.of(EPOCH, 130L), steps(r));
        assertEquals(List.of(new RecordingGate.Call(0, EPOCH, r.curve().get(0).valAccuracy())), gate.calls());
    }

    @Test
    void should_pass_a_gates_answer_through_and_go_on_with_a_warning_when_it_throws() {
        assertEquals("weak", RungGate.tolerant((rung, steps, acc) -> "weak").check(0, 30, 0.5));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertNull(RungGate.tolerant((rung, steps, acc) -> {
                throw new IllegalStateException("the store is down");
            }).check(1, 100, 0.5));
        } finally {
            System.setErr(before);
        }
        String warning = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(warning.startsWith("WARNING: ") && warning.contains("rung 1")
                && warning.contains("java.lang.IllegalStateException: the store is down"), warning);
    }

    /** Steps in the first epoch of the training split at batch 64. */
    private static final long EPOCH = 84;

    private static List<Long> steps(TrialResult r) {
        return r.curve().stream().map(io.archlab.sandbox.train.EpochPoint::steps).toList();
    }

    private static TrialRequest withRungs(TrialRequest r, long... rungs) {
        return new TrialRequest(r.trialId(), r.source(), r.seed(),
                r.compute().withRungs(java.util.Arrays.stream(rungs).boxed().toList()), r.budgets(), r.batchSize(),
                r.optim(), r.weightsOut(), r.refuseIrHashes(), r.checkOnly(), r.recipe());
    }

    private static TrialRequest request(String source, long steps, long maxParams, Path weights) {
        return new TrialRequest("t", source, 7, TrialRequest.Compute.steps(steps, 600), new Budgets(maxParams, 0, 0),
                64, TrialRequest.Optim.adamW(1e-3f), weights);
    }
}
