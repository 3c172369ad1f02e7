package io.archlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.Metrics;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    private static final long STEPS_PER_EPOCH = 10_000;

    /**
     * A runner whose models each pay {@code warmupSeconds} in their first steps (building, the
     * engine's first passes) and then train at their own steady pace, as DJL's do.
     */
    private static final class Runner implements TrialRunner {
        final List<TrialRequest> requests = new ArrayList<>();
        final Map<String, Double> pace;
        final double warmupSeconds;

        Runner(Map<String, Double> pace, double warmupSeconds) {
            this.pace = pace;
            this.warmupSeconds = warmupSeconds;
        }

        @Override
        public TrialResult run(TrialRequest req) {
            requests.add(req);
            Double rate = pace.get(req.source().replace("big-", ""));
            if (req.source().startsWith("big-") && req.budgets().maxParams() > 0) {
                return new TrialResult(new Outcome.Failed(FailureKind.OVER_BUDGET, Stage.BUDGET, "too big"), null,
                        null, List.of(), 0.1);
            }
            if (rate == null) {
                return new TrialResult(new Outcome.Failed(FailureKind.CRASHED, Stage.TRAIN, "boom"), null, null,
                        List.of(), 0.1);
            }
            long steps = req.compute().total(STEPS_PER_EPOCH);
            double stepSeconds = warmupSeconds + steps / rate;
            return new TrialResult(new Outcome.Succeeded(), null, new Metrics(0.5, 1, 0.1, steps, stepSeconds + 1,
                    stepSeconds, steps * 64 / stepSeconds, 1_000, 0.1, 0), List.of(), stepSeconds + 2);
        }

        @Override
        public void close() {
        }
    }

    private static CandidateRecord baseline(String name) {
        return CandidateRecord.proposed(name, "r", 0, name, TrialPlan.BASELINE, null, null, name, null, null, 0);
    }

    private static RunConfig seconds(double trialSeconds) {
        return RunConfig.defaults().withBudgets(10, 10, trialSeconds, 1_000_000);
    }

    @Test
    void should_measure_the_steady_pace_not_the_first_steps_of_each_model() {
        // 0.4 s of warm-up per model: a single 40-step probe of "fast" would read 40 / 0.5 = 80 steps/s
        Runner runner = new Runner(Map.of("fast", 400.0, "mid", 200.0, "slow", 50.0), 0.4);
        RunConfig.Compute c = Calibration.decide(seconds(5), runner,
                List.of(baseline("fast"), baseline("mid"), baseline("slow")), STEPS_PER_EPOCH, "r");

        assertEquals(400.0, c.calibratedOn().get("fast"), 1e-6);
        assertEquals(200.0, c.calibratedOn().get("mid"), 1e-6);
        assertEquals(50.0, c.calibratedOn().get("slow"), 1e-6);
        assertEquals(200.0, c.stepsPerSecond(), 1e-6, "the median of the baselines' paces");
        assertEquals(1_000, c.steps(), "5 s at 200 steps/s");
        // one warm-up probe, then a short and a long probe per baseline, each with its own id
        assertEquals(7, runner.requests.size());
        assertEquals(7, runner.requests.stream().map(TrialRequest::trialId).distinct().count());
    }

    @Test
    void should_take_steps_or_epochs_as_asked_and_only_measure_the_pace() {
        Runner runner = new Runner(Map.of("a", 100.0), 0.2);
        RunConfig asked = seconds(5).withCompute(RunConfig.Compute.epochs(2));
        RunConfig.Compute c = Calibration.decide(asked, runner, List.of(baseline("a")), STEPS_PER_EPOCH, "r");
        assertEquals(2 * STEPS_PER_EPOCH, c.steps());
        assertEquals(100.0, c.stepsPerSecond(), 1e-6);
        assertTrue(c.decided());
    }

    @Test
    void should_skip_a_baseline_that_fails_and_name_every_failure_when_none_trains() {
        Runner runner = new Runner(Map.of("ok", 100.0), 0.2);
        RunConfig.Compute c = Calibration.decide(seconds(1), runner, List.of(baseline("crashes"), baseline("ok")),
                STEPS_PER_EPOCH, "r");
        assertEquals(Map.of("ok", 100.0), c.calibratedOn());

        Runner none = new Runner(Map.of(), 0.2);
        RunException e = assertThrows(RunException.class, () -> Calibration.decide(seconds(1), none,
                List.of(baseline("x"), baseline("y")), STEPS_PER_EPOCH, "r"));
        assertTrue(e.getMessage().contains("x: crashed") && e.getMessage().contains("y: crashed"), e.getMessage());
    }

    @Test
    void should_learn_the_pace_without_budgets_when_no_baseline_fits_them() {
        Runner runner = new Runner(Map.of("a", 100.0, "b", 300.0), 0.2);
        RunConfig.Compute c = Calibration.decide(seconds(1), runner, List.of(baseline("big-a"), baseline("big-b")),
                STEPS_PER_EPOCH, "r");
        assertEquals(Map.of("big-a", 100.0), c.calibratedOn(), "the first baseline, trained without budgets");
        assertEquals(100, c.steps());
    }

    @Test
    void should_fall_back_to_the_long_probe_when_the_two_cannot_be_told_apart() {
        Metrics same = new Metrics(0.5, 1, 0.1, 10, 1, 0.5, 1, 1, 0.1, 0);
        Metrics longer = new Metrics(0.5, 1, 0.1, 110, 1, 0.5, 1, 1, 0.1, 0);
        TrialResult a = new TrialResult(new Outcome.Succeeded(), null, same, List.of(), 1);
        TrialResult b = new TrialResult(new Outcome.Succeeded(), null, longer, List.of(), 1);
        assertEquals(220.0, Calibration.rate(a, b), 1e-9);
        assertEquals(0.0, Calibration.rate(a, new TrialResult(new Outcome.Failed(FailureKind.CRASHED, Stage.TRAIN,
                "boom"), null, null, List.of(), 1)));
    }
}
