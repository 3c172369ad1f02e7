package io.archlab.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.archlab.agent.evolution.EvolutionProposer;
import io.archlab.agent.evolution.RandomSampler;
import io.archlab.agent.llm.LangChainClient;
import io.archlab.agent.llm.LlmClient;
import io.archlab.agent.llm.LlmConfig;
import io.archlab.agent.llm.LlmGateway;
import io.archlab.agent.llm.LlmProposer;
import io.archlab.agent.llm.ReplayClient;
import io.archlab.knowledge.EventRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.notes.Embedder;
import io.archlab.knowledge.notes.NoteLibrary;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.compile.DslReference;
import io.archlab.sandbox.data.FashionMnist;
import io.archlab.sandbox.data.Splits;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.data.TaskData;
import io.archlab.sandbox.data.Tasks;
import io.archlab.sandbox.proxies.MiniBatch;
import io.archlab.sandbox.proxies.ZeroCostProxies;
import io.archlab.sandbox.nb201.Nb201Task;
import io.archlab.sandbox.train.HeldOutTest;
import io.archlab.sandbox.train.InProcessTrialRunner;
import io.archlab.sandbox.train.TrialRunner;
import io.archlab.sandbox.worker.LocalWorkerPool;
import io.archlab.sandbox.worker.WorkerSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts and resumes runs: finds the data, creates or reclaims the run in the store, wires the
 * trial runner and proposer, and drives the {@link DiscoveryLoop}.
 */
public final class RunLauncher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Store store;
    private final Path home;
    private final LoopListener listener;
    private final List<String> workerLaunch;
    /** The tables of an {@code nb201} run, read by the last {@link #load}; null for other tasks. */
    private Nb201Task nb201;
    /** Where {@code replay:RUN} finds the recorded run, when not in this launcher's store. */
    private Store replaySource;

    /** A launcher whose trials run in this process (tests, embedding). */
    public RunLauncher(Store store, Path home, LoopListener listener) {
        this(store, home, listener, null);
    }

    /**
     * @param workerLaunch the command that starts a worker process, or null to run trials in this
     *                     process
     */
    public RunLauncher(Store store, Path home, LoopListener listener, List<String> workerLaunch) {
        this.store = store;
        this.home = home;
        this.listener = listener;
        this.workerLaunch = workerLaunch == null ? null : List.copyOf(workerLaunch);
    }

    /**
     * Reads the run a {@code replay:RUN} model replays from {@code source} instead of this launcher's
     * store: a benchmark replays a session recorded in the user's knowledge base while its runs live
     * in temporary ones.
     */
    public RunLauncher replayingFrom(Store source) {
        this.replaySource = source;
        return this;
    }

    /** Directory of a run's files (weights, report) under the archlab home. */
    public static Path runDir(Path home, String runId) {
        return home.resolve("runs").resolve(runId);
    }

    /** Creates a run and executes it to the end; returns its id. */
    public String start(RunConfig config) {
        checkPrescreen(config);
        TaskData data = load(config);
        Task task = data.task();
        String runId = ID_TIME.format(Instant.now()) + "-" + String.format("%04x",
                ThreadLocalRandom.current().nextInt(0x10000));
        Instant now = Instant.now();
        store.createRun(new RunRecord(runId, task.name(), RunState.RUNNING, config.seed(), config.toJson(),
                json(SoftwareVersions.all()), data.source(), json(data.sha256()), ProcessHandle.current().pid(),
                hostName(), 0, now, now));
        store.addEvent(runId, "started", "run started with seed " + config.seed());
        int seeds = plantSeeds(runId, task);
        listener.info("run " + runId + " started from " + seeds + " baselines");
        execute(runId, config, task, data);
        return runId;
    }

    /** Resumes an interrupted run where it stopped. */
    public RunConfig resume(String runId) {
        RunRecord run = store.run(runId).orElseThrow(() -> new RunException("no run " + runId + " in " + home));
        if (run.state() == RunState.COMPLETED) {
            throw new RunException("run " + runId + " is already completed");
        }
        if (run.state() == RunState.RUNNING && isAlive(run)) {
            throw new RunException("run " + runId + " is still running (process " + run.pid() + " on " + run.host()
                    + ")");
        }
        RunConfig config = RunConfig.fromJson(run.configJson());
        checkPrescreen(config);
        TaskData data = load(config);
        Task task = data.task();
        String sums = json(data.sha256());
        if (!sums.equals(run.dataChecksums())) {
            throw new RunException("the data of run " + runId + " changed since it started (was " + run.dataSource()
                    + ", now " + data.source() + "): resuming would mix results");
        }
        store.updateRunState(runId, RunState.RUNNING, ProcessHandle.current().pid(), hostName());
        int done = store.trials(runId).size();
        store.addEvent(runId, "resumed", "resumed after " + done + " finished trial(s)");
        listener.info("run " + runId + " resumed after " + done + " finished trial(s)");
        if (store.candidates(runId).isEmpty()) {
            plantSeeds(runId, task);   // killed before its seeds were stored
        }
        execute(runId, config, task, data);
        return config;
    }

    /**
     * Reads the test split again for a completed run, with the current selection rule: the
     * candidate with the best mean over its promoted seeds, each of its models and the best
     * baseline's (one record per model). Selection is over when a run completes, so this reads
     * nothing that any choice of the run depended on.
     */
    public void evaluate(String runId) {
        RunRecord run = store.run(runId).orElseThrow(() -> new RunException("no run " + runId));
        if (run.state() != RunState.COMPLETED) {
            throw new RunException("run " + runId + " is " + run.state().name().toLowerCase() + ": the test split is "
                    + "read only once a run has completed (selection is over)");
        }
        RunConfig config = RunConfig.fromJson(run.configJson());
        TaskData data = load(config);
        if (!json(data.sha256()).equals(run.dataChecksums())) {
            throw new RunException("the data of run " + runId + " changed since it ran (was " + run.dataSource()
                    + ", now " + data.source() + "): its test split is not the one it was selected against");
        }
        FinalEvaluation.run(store, runId, config, new io.archlab.evaluator.BudgetedAccuracy(config.maxParams()),
                nb201 != null ? nb201.heldOutTest() : HeldOutTest.of(data), listener);
    }

    /** Whether the process recorded as running {@code run} is alive on this host. */
    public static boolean isAlive(RunRecord run) {
        if (run.pid() == null || !hostName().equals(run.host())) {
            return false;
        }
        return ProcessHandle.of(run.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Stores the built-in baselines for {@code task} and the home's own seeds as the run's first candidates. */
    private int plantSeeds(String runId, Task task) {
        List<Proposal> seeds = new ArrayList<>();
        for (Baselines.Baseline b : Baselines.seedsFor(task)) {
            seeds.add(new Proposal(b.name(), b.source(), null, "built-in baseline", TrialPlan.BASELINE));
        }
        seeds.addAll(new SeedLibrary(home).list());
        DiscoveryLoop.plantSeeds(store, runId, seeds);
        return seeds.size();
    }

    private void execute(String runId, RunConfig config, Task task, TaskData data) {
        Splits splits = nb201 != null ? null : Splits.of(data, config.validationFraction());
        TrialRunner started;
        try {
            started = runner(config, data, splits, runId);
        } catch (RunException e) {
            store.updateRunState(runId, RunState.FAILED, null, null);
            store.addEvent(runId, "failed", e.getMessage());
            throw e;
        }
        try (TrialRunner runner = started) {
            config = decideCompute(runId, config, runner, splits);
            DiscoveryLoop loop = new DiscoveryLoop(store, runner, proposer(config, runId, task, runner),
                    home.resolve("runs"), listener, prescreener(config, splits));
            DiscoveryLoop.StopReason reason = executeUntilSignal(loop, runner, runId, config,
                    nb201 != null ? nb201.heldOutTest() : HeldOutTest.of(data));
            if (reason == DiscoveryLoop.StopReason.INTERRUPTED) {
                return;
            }
            if (reason.resumable()) {   // the LLM endpoint is unavailable, or its answers cannot be used
                String why = store.events(runId).stream().filter(e -> e.kind().equals("stopped"))
                        .reduce((a, b) -> b).map(EventRecord::message).orElse("the LLM endpoint is unavailable");
                throw new RunException(why + "; the run is interrupted: "
                        + "'archlab run --resume " + runId + "' continues it once the endpoint answers");
            }
            listener.info("run " + runId + " completed (" + reason.name().toLowerCase().replace('_', ' ') + ")");
        } catch (RunException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            store.updateRunState(runId, RunState.FAILED, null, null);
            store.addEvent(runId, "failed", e.toString());
            throw e;
        }
    }

    /**
     * The run's compute, decided once ({@link Calibration}) before its first trial and stored with it;
     * a resumed run reads it back.
     */
    private RunConfig decideCompute(String runId, RunConfig config, TrialRunner runner, Splits splits) {
        if (config.compute() != null && config.compute().decided()) {
            return config;
        }
        long stepsPerEpoch = 1;
        RunConfig.Compute decided;
        if (nb201 != null) {
            decided = RunConfig.Compute.lookup();
        } else {
            int n = splits.train().count();
            stepsPerEpoch = Math.max(1, n / Math.min(config.batchSize(), n));
            listener.info("measuring this machine's training throughput on the baselines (once per run) ...");
            decided = Calibration.decide(config, runner, store.candidates(runId).stream().filter(TrialPlan::isBaseline)
                    .toList(), stepsPerEpoch, runId);
        }
        RunConfig withCompute = config.withCompute(decided);
        store.updateRunConfig(runId, withCompute.toJson());
        if (nb201 == null) {
            String line = Calibration.describe(config, decided, stepsPerEpoch);
            listener.info(line);
            store.addEvent(runId, "compute", line);
        }
        return withCompute;
    }

    /** How long a signal waits for the loop to record what finished and mark the run interrupted. */
    static final long STOP_GRACE_SECONDS = 60;
    /** Once the run is marked, how long the caller has to finish before the JVM is made to exit. */
    static final long EXIT_GRACE_MILLIS = 10_000;

    /**
     * Runs the loop; SIGTERM or Ctrl-C asks it to stop: workers are stopped (their trials are
     * abandoned, to be trained again on resume), the run is marked interrupted, and only then does
     * the JVM exit (status 128 + signal). The signals are taken before the JVM's shutdown begins,
     * since shutdown hooks (H2's among them) would close the knowledge base under the loop.
     */
    private DiscoveryLoop.StopReason executeUntilSignal(DiscoveryLoop loop, TrialRunner runner, String runId,
            RunConfig config, HeldOutTest test) {
        java.util.concurrent.CountDownLatch over = new java.util.concurrent.CountDownLatch(1);
        sun.misc.SignalHandler stop = signal -> {
            Thread t = new Thread(() -> {
                listener.info("signal " + signal.getName() + ": stopping the run");
                loop.requestStop();
                runner.close();
                try {
                    over.await(STOP_GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                    // The caller usually prints and closes the knowledge base and the JVM ends by
                    // itself; this daemon thread exits only if something is still holding it.
                    Thread.sleep(EXIT_GRACE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.exit(128 + signal.getNumber());
            }, "archlab-stop");
            t.setDaemon(true);
            t.start();
        };
        java.util.Map<String, sun.misc.SignalHandler> previous = new java.util.HashMap<>();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                previous.put(name, sun.misc.Signal.handle(new sun.misc.Signal(name), stop));
            } catch (IllegalArgumentException unsupported) {
                // this platform does not let the signal be handled: the JVM's default applies
            }
        }
        try {
            return loop.execute(runId, config, test);
        } finally {
            over.countDown();
            previous.forEach((name, h) -> sun.misc.Signal.handle(new sun.misc.Signal(name), h));
        }
    }

    /**
     * Proxies are computed in this process; in-process training of parallel trials would overlap them
     * on DJL's one process-wide gradient collector.
     */
    private void checkPrescreen(RunConfig config) {
        if (config.prescreen() != null && workerLaunch == null && config.parallel() > 1) {
            throw new RunException("--prescreen with --parallel > 1 needs trials in worker processes; this launcher "
                    + "trains in its own process");
        }
    }

    /** The run's pre-screen: its proxy on the first training mini-batch of the run's seed; null when off. */
    private Prescreener prescreener(RunConfig config, Splits splits) {
        RunConfig.Prescreen p = config.prescreen();
        if (p == null) {
            return null;
        }
        if (workerLaunch != null) {
            ZeroCostProxies.useOneEngineThread();   // this process trains nothing: proxies and the final test only
        }
        listener.info(String.format(java.util.Locale.ROOT, "pre-screen: proposals scoring below the %.0f%% quantile "
                + "of %s among the run's earlier candidates are not trained", 100 * (1 - p.keep()), p.proxy()));
        return new Prescreener(p, new ZeroCostProxies(MiniBatch.first(splits.train(), config.batchSize(), config.seed()),
                config.seed()), config.budgets());
    }

    /** The proposer the run asked for; an LLM one talks through a recording, budgeted gateway. */
    private Proposer proposer(RunConfig config, String runId, Task task, TrialRunner runner) {
        switch (config.proposer()) {
            case "random":
                return RandomSampler.forTask(config.task(), config.budgets());
            case "llm":
                return llmTeam(config, runId, task, runner);
            case HybridProposer.NAME:
                return new HybridProposer(llmTeam(config, runId, task, runner), EvolutionProposer.forTask(config.task(),
                        config.budgets()), HybridProposer.DEFAULT_PERIOD);
            default:
                return EvolutionProposer.forTask(config.task(), config.budgets());
        }
    }

    /** The LLM team, whose empty slots the offline proposer fills. */
    private Proposer llmTeam(RunConfig config, String runId, Task task, TrialRunner runner) {
        LlmConfig llm = config.llm();
        LlmClient client;
        long backoff;
        if (LlmConfig.REPLAY.equals(llm.provider())) {
            ReplayClient replay = new ReplayClient(replaySource == null ? store : replaySource, llm.model());
            replay.skip(store.llmExchanges(runId).size());
            client = replay;
            backoff = 0;
        } else {
            client = new LangChainClient(llm).seededBy(config.seed());
            backoff = LLM_BACKOFF_MILLIS;
        }
        LlmGateway gateway = new LlmGateway(store, runId, llm, client, Thread::sleep, backoff);
        Embedder embedder = new Embedder();
        new NoteLibrary(store, embedder).addStarter();
        return new FallbackProposer(new LlmProposer(store, runId, config, llm, task, gateway, runner::run,
                () -> embedder, DslReference.markdown()), EvolutionProposer.forTask(config.task(),
                config.budgets()), store, runId, listener);
    }

    /** First wait before trying a failed LLM request again; doubled at each attempt. */
    static final long LLM_BACKOFF_MILLIS = 500;

    private TrialRunner runner(RunConfig config, TaskData data, Splits splits, String runId) {
        Task task = data.task();
        if (nb201 != null) {
            return nb201.runner(new DslFrontEnd(new DslCompiler()));   // a look-up: in this process
        }
        if (config.cluster() != null) {
            return ClusterRunners.start(store, runId, config, data, listener);
        }
        if (workerLaunch == null) {
            return new InProcessTrialRunner(new DslFrontEnd(new DslCompiler()), task, splits);
        }
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        // One worker per parallel trial, and one more for an LLM's checks before training.
        int workers = config.parallel() + (config.llm() == null ? 0 : 1);
        LocalWorkerPool.Limits d = LocalWorkerPool.Limits.defaults();
        return new LocalWorkerPool(workerLaunch, new WorkerSpec(config.task(), config.dataDir(), config.allowSubset(),
                config.seqLen(), config.vocab(), config.validationFraction(), Math.max(1, threads / config.parallel())),
                new LocalWorkerPool.Limits(workers, d.maxRssBytes(), d.graceSeconds(), d.startSeconds()),
                runDir(home, runId).resolve("workers"));
    }

    private TaskData load(RunConfig config) {
        nb201 = null;
        if (Nb201Task.NAME.equals(config.task())) {
            try {
                nb201 = Nb201Task.load(config.dataDir(), config.nb201Dataset(), config.latencyTable(), config.device(),
                        config.maxLatencyMs());
            } catch (IllegalArgumentException | io.archlab.sandbox.data.DatasetException e) {
                throw new RunException(e.getMessage());
            }
            listener.info("data: " + nb201.describe());
            return nb201.data();
        }
        TaskData data;
        try {
            data = Tasks.load(config.task(), config.dataDir(), config.allowSubset(), config.seqLen(), config.vocab());
        } catch (IllegalArgumentException e) {
            throw new RunException(e.getMessage());
        }
        if (data.subset()) {
            listener.info(String.format("data: the shipped Fashion-MNIST subset (%,d training, %,d test images); %s",
                    data.train().count(), data.test().count(), FashionMnist.HOW_TO_GET_FULL));
        } else {
            listener.info(String.format("data: %s from %s (%,d training, %,d test samples)", data.task().name(),
                    data.source(), data.train().count(), data.test().count()));
        }
        return data;
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
