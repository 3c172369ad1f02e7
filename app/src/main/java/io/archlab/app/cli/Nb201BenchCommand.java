package io.archlab.app.cli;

import io.archlab.evaluator.Interval;
import io.archlab.evaluator.Stats;
import io.archlab.sandbox.nb201.LocalSearch;
import io.archlab.sandbox.nb201.Nb201Bench;
import io.archlab.sandbox.nb201.Nb201Dataset;
import io.archlab.sandbox.nb201.Nb201Strategy;
import io.archlab.sandbox.nb201.Nb201Table;
import io.archlab.sandbox.nb201.RandomSearch;
import io.archlab.sandbox.nb201.RegularizedEvolution;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code archlab bench nb201}: search strategies on the NAS-Bench-201 table, side by side. */
@Command(name = "nb201", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search strategies on NAS-Bench-201, where a query is a table look-up: for each strategy, the "
                + "test accuracy of the best cell by validation after 10, 25, 50, 100 and 150 queries (mean ± std and "
                + "the 95 % interval of the mean over repeats), and the share of repeats that found a cell of the "
                + "space's highest validation accuracy. Selection reads only the validation column.", ""})
public class Nb201BenchCommand implements Callable<Integer> {
    /** The strategies {@code --strategy} knows, in the order they are printed. */
    static final Map<String, Supplier<Nb201Strategy>> STRATEGIES = new LinkedHashMap<>();

    static {
        STRATEGIES.put("random", RandomSearch::new);
        STRATEGIES.put("evolution", RegularizedEvolution::new);
        STRATEGIES.put("local", LocalSearch::new);
    }

    /** The strategy that runs archlab's own proposer through the discovery loop. */
    static final String PROPOSER = "evolve-proposer";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--table", paramLabel = "FILE", required = true,
            description = "the NAS-Bench-201 accuracy table (nb201_12epoch_minibench_BayesWatch.csv)")
    Path table;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "cifar10",
            description = "cifar10, cifar100 or imagenet16 (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "150",
            description = "distinct cells each repeat may evaluate (default: ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "100",
            description = "repeats of each strategy, each with its own seed (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--strategy", paramLabel = "LIST", defaultValue = "random,evolution,local",
            description = "comma-separated: random, evolution (regularized evolution, P = 10, S = 3), local (local "
                    + "search), evolve-proposer (archlab's evolutionary proposer, each repeat a discovery run "
                    + "through the real loop) (default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--proposer-repeats", paramLabel = "N", defaultValue = "10",
            description = "repeats of evolve-proposer, each a whole discovery run (20-30 s for 150 queries on 2 "
                    + "cores, so the default takes about 5 minutes) (default: ${DEFAULT-VALUE})")
    int proposerRepeats;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "seed of the repeats; every strategy gets the same per-repeat seeds (default: "
                    + "${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        Nb201Dataset ds;
        try {
            ds = Nb201Dataset.of(dataset);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--dataset: " + e.getMessage());
        }
        if (queries < 1 || queries > io.archlab.sandbox.nb201.Nb201Space.SIZE) {
            throw new CommandLine.ParameterException(cl, "--queries must be in 1.."
                    + io.archlab.sandbox.nb201.Nb201Space.SIZE + ", got " + queries);
        }
        if (repeats < 2) {
            throw new CommandLine.ParameterException(cl, "--repeats must be >= 2 (for an interval), got " + repeats);
        }
        if (proposerRepeats < 2) {
            throw new CommandLine.ParameterException(cl, "--proposer-repeats must be >= 2 (for an interval), got "
                    + proposerRepeats);
        }
        List<String> chosen = strategies(cl, strategy);
        Cli.file(cl, "--table", table.toString());
        Nb201Table t = Nb201Table.load(table);
        PrintWriter out = cl.getOut();
        List<Nb201Bench.Curve> curves = new ArrayList<>();
        for (String name : chosen) {
            if (name.equals(PROPOSER)) {
                try (Nb201ProposerStrategy s = new Nb201ProposerStrategy(t, ds)) {
                    curves.add(Nb201Bench.run(t, ds, s, queries, proposerRepeats, seed));
                }
            } else {
                curves.add(Nb201Bench.run(t, ds, STRATEGIES.get(name).get(), queries, repeats, seed));
            }
        }
        out.print(markdown(t, ds, curves, seed));
        out.flush();
        return 0;
    }

    /** The strategy names in {@code list}, or a usage error naming {@code --strategy}. */
    static List<String> strategies(CommandLine cl, String list) {
        List<String> out = new ArrayList<>();
        for (String part : list.split(",")) {
            String name = part.strip();
            if (!STRATEGIES.containsKey(name) && !name.equals(PROPOSER)) {
                throw new CommandLine.ParameterException(cl, "--strategy: unknown strategy '" + name + "' (known: "
                        + String.join(", ", STRATEGIES.keySet()) + ", " + PROPOSER + ")");
            }
            out.add(name);
        }
        return out;
    }

    /** The results as a Markdown table with a header saying what the figures are. */
    static String markdown(Nb201Table t, Nb201Dataset ds, List<Nb201Bench.Curve> curves, long seed) {
        StringBuilder sb = new StringBuilder();
        List<Integer> cps = curves.get(0).checkpoints();
        sb.append(String.format(Locale.ROOT, "NAS-Bench-201, %s (%s): test accuracy (%%) of the best cell by validation "
                + "after N queries, mean ± std [95 %% interval of the mean] over the repeats (seed %d). "
                + "\"found best\": share of repeats that queried a cell of the space's highest validation accuracy "
                + "(%.2f %%).%n%n", ds.cliName(), t.file().getFileName(), seed, t.bestValidation(ds)));
        sb.append("| strategy | repeats |");
        cps.forEach(c -> sb.append(' ').append(c).append(" queries |"));
        sb.append(" found best | s / repeat |\n|---|---:|");
        cps.forEach(c -> sb.append("---:|"));
        sb.append("---:|---:|\n");
        for (Nb201Bench.Curve c : curves) {
            sb.append("| ").append(c.strategy()).append(" | ").append(c.test().length).append(" |");
            for (int k = 0; k < cps.size(); k++) {
                double[] x = c.at(k);
                Interval ci = Stats.meanConfidenceInterval(x, 0.95);
                sb.append(String.format(Locale.ROOT, " %.2f ± %.2f [%.2f, %.2f] |", Stats.mean(x),
                        Stats.standardDeviation(x), ci.lower(), ci.upper()));
            }
            sb.append(String.format(Locale.ROOT, " %.0f %% | %.3f |%n", 100 * c.foundBestFraction(),
                    Stats.mean(c.seconds())));
        }
        sb.append('\n');
        for (Nb201Bench.Curve c : curves) {
            sb.append("- ").append(c.strategy()).append(": ").append(c.description()).append('\n');
        }
        int last = cps.size() - 1;
        if (curves.size() > 1) {
            sb.append(String.format(Locale.ROOT, "%nAfter %d queries, each strategy against those above it: difference of "
                    + "the mean test accuracies, and Welch's one-sided p that it is higher:%n", cps.get(last)));
            for (int i = 1; i < curves.size(); i++) {
                StringBuilder line = new StringBuilder("- " + curves.get(i).strategy() + ":");
                for (int j = 0; j < i; j++) {
                    io.archlab.evaluator.WelchTest w = Stats.welch(curves.get(i).at(last), curves.get(j).at(last));
                    line.append(String.format(Locale.ROOT, "%s %s %+.2f pp (p = %.2g)", j == 0 ? " vs" : "; vs",
                            curves.get(j).strategy(), w.difference(), w.pGreater()));
                }
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
