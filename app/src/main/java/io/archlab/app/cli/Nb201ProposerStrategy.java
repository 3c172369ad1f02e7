package io.archlab.app.cli;

import io.archlab.agent.DiscoveryLoop;
import io.archlab.agent.LoopListener;
import io.archlab.agent.Proposal;
import io.archlab.agent.RunConfig;
import io.archlab.agent.TrialPlan;
import io.archlab.agent.evolution.EvolutionProposer;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.nb201.Nb201Arch;
import io.archlab.sandbox.nb201.Nb201Dataset;
import io.archlab.sandbox.nb201.Nb201Dsl;
import io.archlab.sandbox.nb201.Nb201Ir;
import io.archlab.sandbox.nb201.Nb201Oracle;
import io.archlab.sandbox.nb201.Nb201Space;
import io.archlab.sandbox.nb201.Nb201Strategy;
import io.archlab.sandbox.nb201.Nb201Table;
import io.archlab.sandbox.nb201.Nb201Task;
import io.archlab.sandbox.nb201.Nb201TrialRunner;
import io.archlab.sandbox.train.HeldOutTest;
import io.archlab.sandbox.train.TrialRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * archlab's own offline evolutionary proposer as a {@code bench nb201} strategy: each repeat is a real
 * discovery run on the {@code nb201} task, in a temporary knowledge base (embedded H2), through the
 * {@link DiscoveryLoop} with the NAS-Bench-201 trial runner (DSL source compiled and traced, checks,
 * IR mapped to its cell), whose look-ups are the oracle's queries. The run starts from
 * {@link #SEEDS} cells drawn uniformly, as the baselines' first population is, and one trial is one
 * query; the test column is never read by the run.
 */
final class Nb201ProposerStrategy implements Nb201Strategy, AutoCloseable {
    /** Uniform random cells a run starts from (planted as its seeds). */
    static final int SEEDS = 3;
    private static final LoopListener QUIET = new LoopListener() {
        @Override
        public void trialStarted(int ordinal, int maxTrials, CandidateRecord candidate) {
        }

        @Override
        public void trialFinished(int ordinal, int maxTrials, CandidateRecord candidate, TrialRecord trial) {
        }

        @Override
        public void info(String message) {
        }
    };

    private final Nb201Table table;
    private final Nb201Dataset dataset;
    private final Path home;
    private final Store store;
    private final DslFrontEnd frontEnd = new DslFrontEnd(new DslCompiler());
    private int runs;

    Nb201ProposerStrategy(Nb201Table table, Nb201Dataset dataset) {
        this.table = table;
        this.dataset = dataset;
        try {
            this.home = Files.createTempDirectory("archlab-bench-nb201");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.store = Stores.openHome(home);
    }

    @Override
    public String name() {
        return "evolve-proposer";
    }

    @Override
    public String description() {
        return "archlab's offline evolutionary proposer through the real discovery loop (task nb201, embedded H2): "
                + SEEDS + " uniform random seed cells, then a parent by tournament of 10 on validation accuracy over "
                + "all candidates (10 % uniform), one-edge mutation, cells new up to isomorphism; every trial "
                + "compiles and traces the DSL and maps the IR to its cell";
    }

    @Override
    public void search(Nb201Oracle oracle, Random random) {
        String runId = "nb201-bench-" + (runs++);
        RunConfig config = RunConfig.defaults().withBudgets(oracle.budget(), 100_000, 1, 10_000_000)
                .withTaskAndSeed(Nb201Task.NAME, random.nextLong()).withEvaluation(RunConfig.Evaluation.OFF)
                .withCompute(RunConfig.Compute.lookup())
                .withProposer("evolve", null).withNb201(dataset.cliName(), null, null, 0);
        Instant now = Instant.now();
        store.createRun(new RunRecord(runId, Nb201Task.NAME, RunState.RUNNING, config.seed(), config.toJson(), "{}",
                "bench nb201", "{}", ProcessHandle.current().pid(), "bench", 0, now, now));
        List<Proposal> seeds = new ArrayList<>();
        for (int i = 0; i < SEEDS; i++) {
            Nb201Arch cell = Nb201Space.random(random);
            String name = "Seed" + i;
            seeds.add(new Proposal(name, Nb201Dsl.source(cell, name), null, "uniform random seed " + cell,
                    TrialPlan.BASELINE));
        }
        DiscoveryLoop.plantSeeds(store, runId, seeds);
        try (TrialRunner runner = new Nb201TrialRunner(frontEnd, dataset, a -> oracle.query(a), null)) {
            new DiscoveryLoop(store, runner, EvolutionProposer.forTask(Nb201Task.NAME, config.budgets()),
                    home.resolve("runs"), QUIET).execute(runId, config, HeldOutTest.of(dataset.testCount(),
                    g -> table.test(dataset, Nb201Ir.archOf(g)) / 100));
        }
    }

    @Override
    public void close() {
        store.close();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
