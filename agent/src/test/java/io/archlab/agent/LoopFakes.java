package io.archlab.agent;

import io.archlab.agent.evolution.NoParentException;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.train.EpochPoint;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.HeldOutTest;
import io.archlab.sandbox.train.Metrics;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.RungGate;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In-memory fakes of what the discovery loop drives, for scheduling tests that run in
 * milliseconds: a clock that only the fake runner moves, a runner whose candidates are MLPs whose
 * speed and accuracy follow from their width, and a proposer that widens or narrows the best.
 */
final class LoopFakes {
    private LoopFakes() {
    }

    /** Batch size of the runs these fakes serve. */
    static final int BATCH = 64;
    /** What every trial takes beyond its steps (compiling, tracing, validating), in seconds. */
    static final double OVERHEAD_SECONDS = 4;

    /** The run's clock: moved only by the trials the fake runner pretends to train. */
    static final class Clock implements LongSupplier {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long getAsLong() {
            return nanos.get();
        }

        void advance(double seconds) {
            nanos.addAndGet((long) (seconds * 1e9));
        }
    }

    /** Thrown by the runner to play a SIGKILL of the whole process in the middle of a trial. */
    static final class Killed extends Error {
        Killed() {
            super("killed");
        }
    }

    /** The DSL source of an MLP with {@code width} hidden units. */
    static String mlp(int width) {
        return "import io.archlab.sandbox.dsl.*;\npublic final class W" + width + " implements Architecture {\n"
                + "  public Tensor forward(Net n, Tensor x) {\n    return n.linear(n.linear(x.flatten(), " + width
                + ").relu(), 10);\n  }\n}\n";
    }

    static int width(String source) {
        Matcher m = Pattern.compile("class W(\\d+)").matcher(source);
        if (!m.find()) {
            throw new IllegalArgumentException("not a fake MLP: " + source);
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * Trains nothing: a candidate of width {@code w} runs {@code 20_000 / w} steps per second and
     * reaches a validation accuracy that rises with its steps towards {@code 0.5 + w / 400} (at most
     * 0.95), slightly different per seed. It asks the gate at each rung, as the sandbox does, and
     * moves the clock by what the trial would have taken.
     */
    static final class Runner implements TrialRunner {
        private static final Map<Integer, Graph> GRAPHS = new ConcurrentHashMap<>();
        private final Clock clock;
        final List<TrialRequest> requests = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        /** Trials to hold until this many are in flight at once (0: none held). */
        volatile CountDownLatch together;
        /** The trial (by its id) whose rung 0 (or middle, without rungs) kills the process, or null. */
        volatile String killAt;

        Runner(Clock clock) {
            this.clock = clock;
        }

        static Graph graph(int width) {
            return GRAPHS.computeIfAbsent(width, w -> {
                try {
                    return new DslFrontEnd(new DslCompiler()).toIr(mlp(w), Task.FASHION_MNIST);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        static double stepsPerSecond(int width) {
            return 20_000.0 / width;
        }

        static double accuracy(int width, long seed, long steps, long total) {
            double end = Math.min(0.95, 0.5 + width / 400.0) + (seed % 7) / 1_000.0;
            return end * Math.pow((double) steps / total, 0.25);
        }

        @Override
        public TrialResult run(TrialRequest request) {
            return run(request, RungGate.NONE);
        }

        @Override
        public TrialResult run(TrialRequest req, RungGate gate) {
            requests.add(req);
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            try {
                CountDownLatch hold = together;
                if (hold != null) {
                    hold.countDown();
                    hold.await(10, TimeUnit.SECONDS);
                }
                int w = width(req.source());
                Graph g = graph(w);
                if (req.checkOnly()) {
                    return new TrialResult(new Outcome.Succeeded(), g, null, List.of(), 0.1);
                }
                long total = req.compute().total(1_000);
                double rate = stepsPerSecond(w);
                if (req.trialId().equals(killAt) && req.compute().rungs().isEmpty()) {
                    clock.advance(total / rate / 2);
                    throw new Killed();   // half-way through a trial without rungs
                }
                List<EpochPoint> curve = new ArrayList<>();
                Outcome outcome = new Outcome.Succeeded();
                long steps = total;
                for (int r = 0; r < req.compute().rungs().size(); r++) {
                    long mark = req.compute().rungs().get(r);
                    double acc = accuracy(w, req.seed(), mark, total);
                    curve.add(new EpochPoint(mark / 1_000.0, 1, 1, acc, mark / rate, mark));
                    if (req.trialId().equals(killAt) && r == 0) {
                        clock.advance(mark / rate);
                        throw new Killed();
                    }
                    String stop = gate.check(r, mark, acc);
                    if (stop != null) {
                        outcome = new Outcome.Failed(FailureKind.PRUNED, Stage.TRAIN, stop);
                        steps = mark;
                        break;
                    }
                }
                double acc = accuracy(w, req.seed(), steps, total);
                if (steps == total) {
                    curve.add(new EpochPoint(total / 1_000.0, 1, 1, acc, total / rate, total));
                }
                double train = steps / rate;
                clock.advance(train + OVERHEAD_SECONDS);
                Metrics m = new Metrics(acc, 1, steps / 1_000.0, steps, train, train, rate * BATCH, g.params(), 0.1, 0);
                return new TrialResult(outcome, g, m, curve, train + OVERHEAD_SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * Proposes a child of the best screened candidate whose width differs from its parent's by
     * -20 to +24 (from the context's random), so that a run's proposals drift wider and better.
     */
    static final class Proposer implements io.archlab.agent.Proposer {
        final AtomicInteger proposals = new AtomicInteger();

        @Override
        public Proposal propose(Context ctx) {
            if (ctx.leaderboard().isEmpty()) {
                throw new NoParentException("nothing screened yet");
            }
            String parentId = ctx.leaderboard().get(0).candidate().candidateId();
            CandidateRecord parent = ctx.candidates().stream().filter(c -> c.id().equals(parentId)).findFirst()
                    .orElseThrow();
            int w = Math.max(8, width(parent.source()) - 20 + ctx.random().nextInt(45));
            proposals.incrementAndGet();
            return new Proposal("W" + w + "-" + ctx.ordinal(), mlp(w).replace("class W" + w + " ",
                    "class W" + w + "x" + ctx.ordinal() + " "), parentId, "width " + w, "evolution");
        }
    }

    /** The run's starting candidates: three MLP baselines. */
    static List<Proposal> baselines() {
        return List.of(new Proposal("W32", mlp(32), null, "", TrialPlan.BASELINE),
                new Proposal("W64", mlp(64), null, "", TrialPlan.BASELINE),
                new Proposal("W48", mlp(48), null, "", TrialPlan.BASELINE));
    }

    /**
     * A test split on which a network's accuracy rises with its parameters, plus 0 to 0.2 points that
     * vary from one look to the next (as seeds do); each look takes one overhead of the clock.
     */
    static HeldOutTest test(Clock clock) {
        AtomicInteger looks = new AtomicInteger();
        return HeldOutTest.of(10_000, g -> {
            clock.advance(OVERHEAD_SECONDS);
            return Math.min(0.95, 0.5 + g.params() / 200_000.0) + looks.getAndIncrement() % 3 / 1_000.0;
        });
    }

    /** Collects what the loop says. */
    static final class Listener implements LoopListener {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void trialStarted(int ordinal, int maxTrials, CandidateRecord candidate) {
        }

        @Override
        public void trialFinished(int ordinal, int maxTrials, CandidateRecord candidate, TrialRecord trial) {
            lines.add(trial.ordinal() + " " + candidate.name() + " " + trial.outcome());
        }

        @Override
        public void info(String message) {
            lines.add(message);
        }
    }
}
