package io.archlab.app.cli;

import io.archlab.app.ArchlabConfig;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.sandbox.proxies.Proxy;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code archlab bench proxies}: zero-cost proxies against the trained accuracy of a stored run's population. */
@Command(name = "proxies", mixinStandardHelpOptions = true,
        description = {"Recomputes the zero-cost proxies (synflow, naswot, grad_norm, params) of every trained "
                + "candidate of a stored run from its IR, with one mini-batch of the run's own training data, and "
                + "prints their Spearman correlation with the screening validation accuracy (95% interval), the "
                + "time per candidate, and what pre-screening with each proxy would have kept and saved.", ""})
public class BenchProxiesCommand implements Callable<Integer> {
    /** Goal of the issue: the proxies of one candidate in at most this many seconds. */
    static final double GOAL_SECONDS = 0.2;

    @Inject
    ArchlabConfig config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOption home;

    @Option(names = "--run", paramLabel = "RUN",
            description = "the run whose population is scored (default: the latest run with "
                    + ProxyBenchmark.MIN_SCREENINGS + " or more successful screenings)")
    String runId;

    @Option(names = "--batch", paramLabel = "N",
            description = "mini-batch size of the proxies (default: the run's training batch size)")
    Integer batch;

    @Option(names = "--keep", paramLabel = "LIST", split = ",", defaultValue = "0.25,0.5,0.75",
            description = "shares kept by the simulated pre-screens (default: ${DEFAULT-VALUE})")
    double[] keeps;

    @Option(names = "--per-candidate", description = "also print every candidate's proxies, accuracy and time")
    boolean perCandidate;

    @Option(names = "--baselines", description = "instead: time the proxies of every image baseline (median of 7 "
            + "after a warm-up) on the Fashion-MNIST subset shipped with archlab; needs no stored run")
    boolean baselines;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (batch != null && batch < 2) {
            throw new CommandLine.ParameterException(cl, "--batch must be >= 2, got " + batch);
        }
        for (double k : keeps) {
            if (!(k > 0 && k < 1)) {
                throw new CommandLine.ParameterException(cl, "--keep: every share must be in (0, 1), got " + k);
            }
        }
        io.archlab.sandbox.proxies.ZeroCostProxies.useOneEngineThread();
        PrintWriter out = cl.getOut();
        if (baselines) {
            out.println("| baseline | params | MACs/sample | proxies, median s | fastest s |");
            out.println("|---|---:|---:|---:|---:|");
            for (ProxyBenchmark.BaselineTime b : ProxyBenchmark.baselines(batch != null ? batch : 64, 7)) {
                out.printf(Locale.ROOT, "| %s | %,d | %,d | %.3f | %.3f |%n", b.name(), b.params(), b.macs(),
                        b.medianSeconds(), b.minSeconds());
                out.flush();
            }
            return 0;
        }
        try (Store store = Stores.open(home.resolve(config))) {
            RunRecord run = ProxyBenchmark.pick(store, runId);
            ProxyBenchmark.Population pop = ProxyBenchmark.score(store, run, batch, line -> {
                out.println(line);
                out.flush();
            });
            print(pop, out);
        }
        out.flush();
        return 0;
    }

    private void print(ProxyBenchmark.Population pop, PrintWriter out) {
        List<ProxyBenchmark.Member> members = pop.members();
        pop.unscored().forEach(u -> out.println("not scored: " + u));
        if (perCandidate) {
            out.println();
            out.println("| candidate | params | screening val. acc. | synflow | naswot | grad_norm | ReLU units | s | CPU s |");
            out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (ProxyBenchmark.Member m : members) {
                var s = m.scores();
                out.printf(Locale.ROOT, "| %s | %,d | %.2f%% | %.4g | %.4g | %.4g | %,d | %.3f | %.3f |%n",
                        m.candidate().name(), s.params(), 100 * m.accuracy(), s.synflow(), s.naswot(), s.gradNorm(),
                        s.units(), s.seconds(), m.cpuSeconds());
            }
        }
        out.println();
        out.println("| proxy | n | Spearman ρ with screening val. accuracy | 95% interval |");
        out.println("|---|---:|---:|---|");
        for (Proxy p : ProxyStats.proxies()) {
            ProxyStats.Correlation c = ProxyStats.correlation(members, p);
            out.printf(Locale.ROOT, "| %s | %d | %s | %s |%n", p.label(), c.n(), num(c.rho()),
                    Double.isNaN(c.low()) ? "" : "[" + num(c.low()) + ", " + num(c.high()) + "]");
        }
        ProxyStats.Timing t = ProxyStats.timing(members);
        out.println();
        ProxyStats.Timing cpu = ProxyStats.cpuTiming(members);
        out.println("| time per candidate (all four proxies, model build included) | wall s | process CPU s |");
        out.println("|---|---:|---:|");
        out.printf(Locale.ROOT, "| candidates | %d | %d |%n| mean | %.3f | %.3f |%n| p95 | %.3f | %.3f |%n"
                + "| max | %.3f | %.3f |%n", t.n(), cpu.n(), t.mean(), cpu.mean(), t.p95(), cpu.p95(), t.max(), cpu.max());
        out.printf(Locale.ROOT, "| goal <= %.1f s (wall) | mean %s, p95 %s | |%n", GOAL_SECONDS, met(t.mean()),
                met(t.p95()));
        out.println();
        out.printf(Locale.ROOT, "| pre-screen | keep | trained | top-%d by accuracy kept | best val. kept "
                + "| screening time saved (net of proxy time) |%n", ProxyStats.TOP);
        out.println("|---|---:|---:|---:|---:|---:|");
        double best = members.stream().mapToDouble(ProxyBenchmark.Member::accuracy).max().orElse(Double.NaN);
        for (double keep : keeps) {
            int k = (int) Math.ceil(keep * members.size());
            out.printf(Locale.ROOT, "| random (expected) | %.2f | %d/%d | %.1f | | %.0f%% |%n", keep, k, members.size(),
                    ProxyStats.randomTopKept(k, members.size()), 100.0 * (members.size() - k) / members.size());
            for (String rule : new String[] {"top", "online"}) {
                for (Proxy p : ProxyStats.proxies()) {
                    ProxyStats.Simulation s = rule.equals("top") ? ProxyStats.top(members, p, keep)
                            : ProxyStats.online(members, p, keep);
                    out.printf(Locale.ROOT, "| %s %s | %.2f | %d/%d | %d | %.2f%% | %.0f%% |%n", p.label(), rule, keep,
                            s.trained(), s.n(), s.topKept(), 100 * s.bestKept(), 100 * s.savedShare());
                }
            }
        }
        out.printf(Locale.ROOT, "%nbest screening val. accuracy of the population: %.2f%%; 'top' keeps the best share "
                + "of the whole population in hindsight; 'online' is the rule of 'run --prescreen' (each proposal "
                + "against the earlier candidates, baselines always trained)%n", 100 * best);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String met(double seconds) {
        return seconds <= GOAL_SECONDS ? "met" : "not met";
    }
}
