package io.archlab.reports;

import io.archlab.agent.RunConfig;
import io.archlab.agent.RunSummaries;
import io.archlab.agent.RunSummary;
import io.archlab.evaluator.Leaderboard;
import io.archlab.evaluator.Pareto;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A run's report as Markdown: summary and budgets, leaderboard, the best candidate's source,
 * failures and lineage. Every number is read from the store.
 */
public final class MarkdownReport {
    /** File name of the report inside its folder. */
    public static final String FILE = "report.md";
    private static final int LEADERBOARD_ROWS = 20;

    private MarkdownReport() {
    }

    /** Writes the report of {@code runId} into {@code dir} and returns its path. */
    public static Path write(Store store, String runId, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        Files.writeString(file, render(store, runId), StandardCharsets.UTF_8);
        return file;
    }

    /** The report's text. */
    public static String render(Store store, String runId) {
        RunRecord run = store.run(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
        RunConfig config = RunConfig.fromJson(run.configJson());
        RunSummary summary = RunSummaries.of(store, run);
        List<CandidateRecord> candidates = store.candidates(runId);
        Map<String, CandidateRecord> byId = candidates.stream()
                .collect(Collectors.toMap(CandidateRecord::id, Function.identity()));
        List<TrialRecord> trials = store.trials(runId);
        List<Leaderboard.Entry> board = RunSummaries.leaderboard(store, run);

        StringBuilder md = new StringBuilder();
        md.append("# archlab run ").append(runId).append("\n\n");
        md.append("## Summary\n\n");
        row(md, "Task", run.task());
        row(md, "State", summary.state());
        row(md, "Data", run.dataSource());
        row(md, "Seed", Long.toString(run.seed()));
        row(md, "Proposer", "built-in baselines, then the offline evolutionary proposer");
        row(md, "Trials", summary.trialsFinished() + " of " + config.maxTrials() + " ("
                + trials.stream().filter(TrialRecord::succeeded).count() + " succeeded)");
        row(md, "Active time", String.format(Locale.ROOT, "%.1f of %.1f min", run.elapsedMs() / 60000.0,
                config.maxMinutes()));
        row(md, "Training budget per trial", fmt(config.trialSeconds()) + " s (at most " + config.maxEpochs()
                + " epochs, batch " + config.batchSize() + ")");
        row(md, "Parameter budget", String.format(Locale.ROOT, "%,d", config.maxParams()));
        if (config.maxMacs() > 0) {
            row(md, "MAC budget (per sample)", String.format(Locale.ROOT, "%,d", config.maxMacs()));
        }
        if (config.maxPeakBytes() > 0) {
            row(md, "Peak activation memory budget (float32, batch 1)", String.format(Locale.ROOT, "%,d bytes",
                    config.maxPeakBytes()));
        }
        md.append('\n');

        md.append("## Leaderboard\n\n");
        md.append("Ranked by validation accuracy (validation carved from the training set) among candidates within ")
                .append("the parameter budget. Test accuracy is measured once, for the selected candidate, after ")
                .append("selection.\n\n");
        if (board.isEmpty()) {
            md.append("No candidate trained successfully within the budget.\n\n");
        } else {
            md.append("| Rank | Candidate | Proposer | Params | Val. accuracy | Test accuracy |\n");
            md.append("|---:|---|---|---:|---:|---:|\n");
            for (Leaderboard.Entry e : board.subList(0, Math.min(LEADERBOARD_ROWS, board.size()))) {
                CandidateRecord c = byId.get(e.candidate().candidateId());
                String test = summary.best() != null && summary.best().candidateId().equals(c.id())
                        && summary.best().testAccuracy() != null ? pct(summary.best().testAccuracy()) : "";
                md.append(String.format(Locale.ROOT, "| %d | %s | %s | %,d | %s | %s |%n", e.rank(), cell(c.name()),
                        c.proposer(), e.candidate().params(), pct(e.fitness()), test));
            }
            md.append('\n');
        }

        pareto(md, byId, trials);

        if (summary.best() != null) {
            CandidateRecord best = byId.get(summary.best().candidateId());
            md.append("## Best candidate: ").append(cell(best.name())).append("\n\n");
            md.append(String.format(Locale.ROOT, "%,d parameters, validation accuracy %s", summary.best().params(),
                    pct(summary.best().valAccuracy())));
            if (summary.best().testAccuracy() != null) {
                md.append(", test accuracy ").append(pct(summary.best().testAccuracy()));
            }
            md.append(".\n\n```java\n").append(best.source().stripTrailing()).append("\n```\n\n");
        }

        significance(md, store, runId, byId, trials);

        md.append("## Trials\n\n");
        md.append("| # | Candidate | Parent | Change | Fidelity | Outcome | Params | Val. accuracy | Epochs | Seconds "
                + "| Latency (ms, batch 1) |\n");
        md.append("|---:|---|---|---|---:|---|---:|---:|---:|---:|---:|\n");
        for (TrialRecord t : trials) {
            CandidateRecord c = byId.get(t.candidateId());
            String parent = c.parentId() == null ? "" : cell(byId.get(c.parentId()).name());
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |%n",
                    t.ordinal(), cell(c.name()), parent, cell(c.changeSummary()), t.fidelity(), t.outcome(),
                    c.params() == null ? "" : String.format(Locale.ROOT, "%,d", c.params()),
                    t.valAccuracy() == null ? "" : pct(t.valAccuracy()),
                    t.epochs() == null ? "" : String.format(Locale.ROOT, "%.2f", t.epochs()),
                    fmt(t.totalSeconds()), t.latencyMs() == null ? "" : String.format(Locale.ROOT, "%.2f",
                            t.latencyMs())));
        }
        md.append('\n');

        List<TrialRecord> failed = trials.stream().filter(t -> !t.succeeded()).toList();
        md.append("## Failures\n\n");
        if (failed.isEmpty()) {
            md.append("None.\n\n");
        } else {
            for (TrialRecord t : failed) {
                md.append("- trial ").append(t.ordinal()).append(" (").append(cell(byId.get(t.candidateId()).name()))
                        .append("): ").append(t.outcome()).append(" at ").append(t.failureStage()).append(": ")
                        .append(cell(t.message())).append('\n');
            }
            md.append('\n');
        }

        llm(md, store, runId, byId);

        md.append("## Reproducibility\n\n");
        row(md, "Software", run.softwareJson());
        row(md, "Data checksums (SHA-256)", run.dataChecksums());
        row(md, "Configuration", run.configJson());
        md.append("\nRe-run with the same settings:\n\n```\n./archlab run --task ").append(config.task())
                .append(config.dataDir() == null ? "" : " --data " + config.dataDir())
                .append(" --max-trials ").append(config.maxTrials())
                .append(" --max-minutes ").append(fmt(config.maxMinutes()))
                .append(" --trial-seconds ").append(fmt(config.trialSeconds()))
                .append(" --budget-params ").append(config.maxParams())
                .append(config.maxMacs() > 0 ? " --budget-macs " + config.maxMacs() : "")
                .append(config.maxPeakBytes() > 0 ? " --budget-memory " + config.maxPeakBytes() : "")
                .append(" --seed ").append(run.seed()).append("\n```\n");
        return md.toString();
    }

    /** What the run's language model was asked, what it cost, and the analyst's insights. */
    private static void llm(StringBuilder md, Store store, String runId, Map<String, CandidateRecord> byId) {
        List<io.archlab.knowledge.LlmExchangeRecord> x = store.llmExchanges(runId);
        if (x.isEmpty()) {
            return;
        }
        md.append("## LLM\n\n");
        md.append("| Role | Exchanges | Failed | Prompt tokens | Completion tokens | Cost (USD) | Median latency (s) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        Map<String, List<io.archlab.knowledge.LlmExchangeRecord>> byRole = x.stream().collect(Collectors.groupingBy(
                io.archlab.knowledge.LlmExchangeRecord::role, java.util.TreeMap::new, Collectors.toList()));
        for (Map.Entry<String, List<io.archlab.knowledge.LlmExchangeRecord>> e : byRole.entrySet()) {
            List<io.archlab.knowledge.LlmExchangeRecord> r = e.getValue();
            double[] lat = r.stream().mapToDouble(io.archlab.knowledge.LlmExchangeRecord::latencyMs).sorted().toArray();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %,d | %,d | %.4f | %.2f |%n", e.getKey(), r.size(),
                    r.stream().filter(k -> k.error() != null).count(),
                    r.stream().mapToLong(k -> k.promptTokens() == null ? 0 : k.promptTokens()).sum(),
                    r.stream().mapToLong(k -> k.completionTokens() == null ? 0 : k.completionTokens()).sum(),
                    r.stream().mapToDouble(k -> k.costUsd() == null ? 0 : k.costUsd()).sum(),
                    lat[lat.length / 2] / 1000));
        }
        md.append('\n');
        List<io.archlab.knowledge.Embedded<io.archlab.knowledge.InsightRecord>> insights = store.insights(runId);
        if (!insights.isEmpty()) {
            md.append("Analyst insights (latest ").append(Math.min(10, insights.size())).append(" of ")
                    .append(insights.size()).append("):\n\n");
            for (io.archlab.knowledge.Embedded<io.archlab.knowledge.InsightRecord> i
                    : insights.subList(Math.max(0, insights.size() - 10), insights.size())) {
                CandidateRecord c = i.item().candidateId() == null ? null : byId.get(i.item().candidateId());
                md.append("- ").append(c == null ? "" : "**" + cell(c.name()) + "**: ")
                        .append(cell(i.item().text().replace('\n', ' '))).append('\n');
            }
            md.append('\n');
        }
    }

    /** The non-dominated screened candidates: validation accuracy up, parameters and MACs down. */
    private static void pareto(StringBuilder md, Map<String, CandidateRecord> byId, List<TrialRecord> trials) {
        List<CandidateRecord> cands = new java.util.ArrayList<>();
        List<double[]> points = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (TrialRecord t : trials) {
            CandidateRecord c = byId.get(t.candidateId());
            if (t.fidelity() == 0 && t.succeeded() && c.params() != null && c.macs() != null && seen.add(c.id())) {
                cands.add(c);
                points.add(new double[] {t.valAccuracy(), c.params(), c.macs()});
            }
        }
        if (points.isEmpty()) {
            return;
        }
        md.append("## Pareto front\n\n");
        md.append("Screened candidates no other beats on validation accuracy, parameters and MACs at once.\n\n");
        md.append("| Candidate | Val. accuracy | Params | MACs |\n|---|---:|---:|---:|\n");
        Pareto pareto = Pareto.of(Pareto.Objective.maximise("val accuracy"), Pareto.Objective.minimise("params"),
                Pareto.Objective.minimise("MACs"));
        List<Integer> front = new java.util.ArrayList<>(pareto.front(points));
        front.sort(java.util.Comparator.comparingDouble(i -> -points.get(i)[0]));
        for (int i : front) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d |%n", cell(cands.get(i).name()),
                    pct(points.get(i)[0]), cands.get(i).params(), cands.get(i).macs()));
        }
        md.append('\n');
    }

    /**
     * Verdicts of the significance tests (only promoted candidates re-trained with several seeds
     * are judged), the screening-versus-promotion rank correlation, and the relative improvement
     * over random samples when the run drew any.
     */
    private static void significance(StringBuilder md, Store store, String runId, Map<String, CandidateRecord> byId,
            List<TrialRecord> trials) {
        md.append("## Significance\n\n");
        List<io.archlab.knowledge.AssessmentRecord> overall = store.assessments(runId).stream()
                .filter(a -> a.referenceKind().equals("overall")).toList();
        if (overall.isEmpty()) {
            md.append("No candidate was re-trained with enough seeds to be judged: no discovery is claimed.\n\n");
        } else {
            md.append("| Candidate | Verdict | Seeds | Mean val. accuracy | 95% interval | Best baseline | Why |\n");
            md.append("|---|---|---:|---:|---|---:|---|\n");
            for (io.archlab.knowledge.AssessmentRecord a : overall) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s |%n",
                        cell(byId.get(a.candidateId()).name()), a.discovery() ? "**discovery**" : "not a discovery",
                        a.seeds(), a.mean() == null ? "" : pct(a.mean()),
                        a.ciLow() == null ? "" : "[" + pct(a.ciLow()) + ", " + pct(a.ciHigh()) + "]",
                        a.referenceMean() == null ? "" : pct(a.referenceMean()), cell(a.reason())));
            }
            md.append('\n');
        }
        store.events(runId).stream().filter(e -> e.kind().equals("fidelity")).reduce((a, b) -> b)
                .ifPresent(e -> md.append("Fidelity: ").append(e.message()).append(".\n\n"));
        double[] random = trials.stream().filter(t -> t.fidelity() == 0 && t.succeeded()
                && "random".equals(byId.get(t.candidateId()).proposer())).mapToDouble(TrialRecord::valAccuracy).toArray();
        double best = trials.stream().filter(t -> t.fidelity() == 0 && t.succeeded()
                && !"random".equals(byId.get(t.candidateId()).proposer())).mapToDouble(TrialRecord::valAccuracy)
                .max().orElse(Double.NaN);
        if (random.length > 0 && Double.isFinite(best)) {
            io.archlab.evaluator.RelativeImprovement ri = io.archlab.evaluator.RelativeImprovement.of(best, random);
            md.append(String.format(Locale.ROOT, "Relative improvement over random (Yang et al. 2020): best screened "
                    + "%s vs mean of %d random samples %s: RI = %+.2f%%.%n%n", pct(best), random.length,
                    pct(ri.randomMeanAccuracy()), ri.percent()));
        }
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("- **").append(key).append("**: ").append(cell(value)).append('\n');
    }

    /** Text made safe for a Markdown table cell or list item. */
    static String cell(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ").replace("<", "&lt;");
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
