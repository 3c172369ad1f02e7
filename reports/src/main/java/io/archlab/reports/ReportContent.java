package io.archlab.reports;

import io.archlab.agent.RunConfig;
import io.archlab.evaluator.Leaderboard;
import io.archlab.evaluator.RelativeImprovement;
import io.archlab.evaluator.SuccessiveHalving;
import io.archlab.knowledge.AssessmentRecord;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.Embedded;
import io.archlab.knowledge.InsightRecord;
import io.archlab.knowledge.TrialRecord;
import io.archlab.reports.Doc.Level;
import io.archlab.reports.Doc.Section;
import io.archlab.reports.Doc.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What a run's report says, section by section, as a {@link Doc} built from {@link RunFacts}. */
final class ReportContent {
    /** Section ids, in order; tests and the dashboard link to them. */
    static final List<String> SECTIONS = List.of("summary", "discoveries", "final", "pareto", "progress", "lineage",
            "insights", "failures", "random", "fidelity", "leaderboard", "trials", "llm", "reproducibility");
    static final int LEADERBOARD_ROWS = 20;
    static final int TRIAL_ROWS = 500;
    static final int INSIGHTS = 10;

    private final RunFacts f;

    private ReportContent(RunFacts facts) {
        this.f = facts;
    }

    static Doc of(RunFacts facts) {
        return new ReportContent(facts).build();
    }

    private Doc build() {
        Doc doc = new Doc("archlab run " + f.run.id());
        summary(doc.section("summary", "Summary"));
        discoveries(doc.section("discoveries", "Discoveries"));
        finalTraining(doc.section("final", "Final training"));
        pareto(doc.section("pareto", "Pareto front"));
        progress(doc.section("progress", "Best so far"));
        lineage(doc.section("lineage", "Lineage of the discoveries"));
        insights(doc.section("insights", "Analyst insights"));
        failures(doc.section("failures", "Failures and repairs"));
        random(doc.section("random", "Improvement over random search"));
        fidelity(doc.section("fidelity", "Screening versus promotion"));
        leaderboard(doc.section("leaderboard", "Leaderboard"));
        trials(doc.section("trials", "Trials"));
        llm(doc.section("llm", "Language model"));
        reproducibility(doc.section("reproducibility", "Reproducibility"));
        return doc;
    }

    private void summary(Section s) {
        RunConfig c = f.config;
        int failed = (int) (f.trials.size() - f.succeededTrials());
        if (f.trials.isEmpty()) {
            s.banner(Level.NOTE, "This run has no finished trial yet: nothing was measured.");
        } else if (f.failedEntirely()) {
            s.banner(Level.BAD, "This run failed: every one of its " + f.trials.size() + " trials failed ("
                    + f.failures().stream().map(k -> k.count() + " " + k.kind()).collect(Collectors.joining(", "))
                    + "). No architecture was measured and nothing is claimed. See Failures and repairs.");
        } else {
            int d = f.discoveries().size();
            int judged = f.judged().size();
            s.banner(d > 0 ? Level.GOOD : Level.NOTE, d > 0
                    ? d + " discover" + (d == 1 ? "y" : "ies") + " (significantly better than the best baseline, over "
                    + "seeds) among " + judged + " candidate" + (judged == 1 ? "" : "s") + " judged."
                    : judged == 0 ? "No candidate was re-trained with enough seeds to be judged: no discovery is claimed."
                    : "No discovery: none of the " + judged + " candidate" + (judged == 1 ? "" : "s") + " judged was "
                    + "significantly better than the best baseline.");
        }
        AssessmentRecord claim = f.finalClaim();
        if (claim != null) {
            CandidateRecord sel = f.candidate(claim.candidateId());
            CandidateRecord b = f.candidate(claim.referenceId());
            s.banner(claim.discovery() ? Level.GOOD : Level.NOTE, "Selected: " + sel.name() + ", test accuracy "
                    + Fmt.test(f.finalsOf(sel.id())) + ", against the best baseline " + b.name() + " at "
                    + Fmt.test(f.finalsOf(b.id())) + ", both trained with the same final recipe, steps and seeds: "
                    + (claim.discovery() ? "significantly better (p " + Fmt.p(claim.pValue()) + ")."
                    : "not significantly better (" + claim.verdict().replace('_', ' ') + ")."));
        }
        String unequal = f.computeWarning();
        if (unequal != null) {
            s.banner(Level.BAD, unequal);
        }
        Table.Builder t = Table.of("summary").text("Item").text("Value");
        t.row("Task", f.run.task());
        t.row("Data", f.run.dataSource());
        t.row("State", f.summary.state());
        t.row("Proposer", f.proposerText());
        if (f.modelText() != null) {
            t.row("Model", f.modelText());
        }
        t.row("Trials", f.trials.size() + " of " + c.maxTrials() + " (" + f.succeededTrials() + " succeeded, " + failed
                + " failed)");
        t.row("Candidates", Integer.toString(f.candidates.size()));
        t.row("Active time", Fmt.minutes(f.run.elapsedMs() / 1000.0) + " of " + Fmt.plain(c.maxMinutes()) + " min");
        t.row("Trial time (sum)", Fmt.minutes(f.trainingSeconds()));
        t.row("Compute per trial", f.computeText());
        t.row("Parameter budget", Fmt.count(c.maxParams()));
        t.row("MAC budget (per sample)", c.maxMacs() > 0 ? Fmt.count(c.maxMacs()) : "none");
        t.row("Peak activation memory budget", c.maxPeakBytes() > 0 ? Fmt.count(c.maxPeakBytes()) + " bytes" : "none");
        t.row("Promotion", c.evaluation().promotes() ? "best 1/" + c.evaluation().eta() + " of every "
                + c.evaluation().roundSize() + " screenings, re-trained with " + c.evaluation().seeds() + " seeds at "
                + Fmt.plain(c.evaluation().fidelityFactor()) + "× the budget" : "off (one trial per candidate)");
        if (c.llm() != null || f.spend.exchanges() > 0) {
            String limit = c.llm() != null && c.llm().maxUsd() > 0 ? " of " + String.format(Locale.ROOT, "%.2f",
                    c.llm().maxUsd()) + " USD" : "";
            String tokens = c.llm() != null && c.llm().maxTokens() > 0 ? " of " + Fmt.count(c.llm().maxTokens()) : "";
            t.row("LLM spend", String.format(Locale.ROOT, "%d exchanges (%d failed), %s%s tokens, %.4f USD%s",
                    f.spend.exchanges(), f.spend.failed(), Fmt.count(f.spend.tokens()), tokens, f.spend.usd(), limit));
        }
        if (f.summary.best() != null) {
            t.row("Best screened candidate", f.summary.best().name() + ": validation "
                    + Fmt.pct(f.summary.best().valAccuracy()));
        }
        java.util.LinkedHashSet<String> tested = new java.util.LinkedHashSet<>();
        f.finals.forEach(x -> tested.add(x.candidateId()));
        t.row("Test split", tested.isEmpty() ? "not read yet (it is read once, when the run ends)"
                : tested.stream().map(id -> f.candidate(id).name() + " " + Fmt.test(f.finalsOf(id)))
                .collect(Collectors.joining("; ")));
        s.add(t.build());
    }

    private void discoveries(Section s) {
        List<RunFacts.Judged> judged = f.judged();
        s.para("A candidate is judged once it and its references (its parent and the best baseline) are re-trained "
                + "with " + Math.max(f.config.evaluation().seeds(), 2) + " seeds at the promoted budget. It is a "
                + "discovery when it beats the best baseline significantly (one-sided Welch test); intervals are "
                + "95 % Student-t intervals of the mean validation accuracy over seeds. The test split is read "
                + "once, after selection, for the selected candidate only.");
        if (judged.isEmpty()) {
            s.banner(Level.NOTE, "No candidate was judged in this run, so no discovery is claimed.");
            return;
        }
        Table.Builder t = Table.of("discoveries").text("Candidate").text("Verdict").number("Seeds")
                .number("Mean val. accuracy [95% interval]").text("vs parent").number("p (parent)")
                .text("vs best baseline").number("Baseline mean").number("p (baseline)").number("Test accuracy");
        for (RunFacts.Judged j : judged) {
            AssessmentRecord o = j.overall();
            t.row(j.candidate().name(), o.discovery() ? "discovery" : "not a discovery", Integer.toString(o.seeds()),
                    Fmt.meanInterval(o.mean(), o.ciLow(), o.ciHigh()), verdict(j.vsParent()),
                    j.vsParent() == null ? "" : Fmt.p(j.vsParent().pValue()), verdict(j.vsBaseline()),
                    j.vsBaseline() == null ? "" : Fmt.pct(j.vsBaseline().referenceMean()),
                    j.vsBaseline() == null ? "" : Fmt.p(j.vsBaseline().pValue()),
                    Fmt.test(j.test()));
        }
        s.add(t.build());
        for (RunFacts.Judged j : judged) {
            s.para(j.candidate().name() + ": " + j.overall().reason());
        }
    }

    /**
     * The final training beside the search: per finalist, its search figures (promoted mean over
     * seeds, else the screening's single seed) and its final ones, with the claim on the test split.
     */
    private void finalTraining(Section s) {
        RunConfig.Final fin = f.config.finalTraining();
        List<RunFacts.Finalist> finalists = f.finalists();
        if (!fin.on()) {
            s.para("This run had no final training: the selected candidate's test accuracy is that of the models its "
                    + "search trained, without augmentation.");
            return;
        }
        long steps = f.config.compute() == null ? 0
                : Math.max(1, Math.round(f.config.compute().steps() * fin.factor()));
        s.para(String.format(Locale.ROOT, "Once search ended, the %s by search and the best baseline "
                + "were trained again with the same final recipe (%s), %,d optimiser steps and the same %d seeds each; "
                + "the candidate with the best mean validation accuracy among them was selected, and only its models "
                + "and the baseline's were evaluated on the test split. A gain from the recipe alone is thus never "
                + "credited to the architecture: the baseline had it too.", fin.candidates() == 1 ? "best candidate"
                : fin.candidates() + " best candidates",
                fin.recipeText(), steps,
                fin.seeds()));
        if (finalists.isEmpty()) {
            s.banner(Level.NOTE, "The final training has not run (yet): search figures are all there is.");
            return;
        }
        Table.Builder t = Table.of("final").text("Finalist").text("Role").number("Search: val. accuracy")
                .number("Final: val. accuracy [95% interval]").number("Final: test accuracy [95% interval]")
                .number("Final steps");
        for (RunFacts.Finalist x : finalists) {
            Double promoted = f.promotedMean(x.candidate().id());
            String search = promoted != null ? Fmt.pct(promoted) + " (promoted mean)"
                    : Fmt.pct(f.screeningAccuracy(x.candidate().id())) + " (single seed)";
            double[] val = x.trials().stream().filter(TrialRecord::succeeded).mapToDouble(TrialRecord::valAccuracy)
                    .toArray();
            String finalVal = val.length == 0 ? "failed" : val.length == 1 ? Fmt.pct(val[0]) + " (1 seed)"
                    : meanInterval(val) + " (" + val.length + " seeds)";
            String steps1 = x.trials().stream().map(TrialRecord::steps).filter(java.util.Objects::nonNull).distinct()
                    .map(n -> String.format(Locale.ROOT, "%,d", n)).collect(Collectors.joining(", "));
            t.row(x.candidate().name(), x.selected() ? "selected" : x.baseline() ? "best baseline" : "finalist",
                    search, finalVal, Fmt.test(x.test()), steps1);
        }
        s.add(t.build());
        AssessmentRecord claim = f.finalClaim();
        if (claim != null) {
            s.para(f.candidate(claim.candidateId()).name() + " against " + f.candidate(claim.referenceId()).name()
                    + ": " + claim.reason());
        }
    }

    private static String meanInterval(double[] v) {
        io.archlab.evaluator.Interval ci = io.archlab.evaluator.Stats.meanConfidenceInterval(v, 0.95);
        return Fmt.meanInterval(io.archlab.evaluator.Stats.mean(v), ci.lower(), ci.upper());
    }

    private static String verdict(AssessmentRecord a) {
        if (a == null) {
            return "";
        }
        String v = a.discovery() ? "significantly better" : a.verdict().replace('_', ' ');
        return v + (a.referenceMean() == null ? "" : " (reference " + Fmt.pct(a.referenceMean())
                + ")");
    }

    private void pareto(Section s) {
        List<RunFacts.Point> points = f.points();
        if (points.isEmpty()) {
            s.para("No candidate was screened successfully: there is no front to draw.");
            return;
        }
        s.add(Charts.pareto(points, f.config.maxParams()));
        s.para("Each dot is a screened candidate (first trial, at the screening budget). Highlighted: the candidates "
                + "no other beats on validation accuracy and parameters at once. The table lists the front on three "
                + "objectives: validation accuracy, parameters and MACs.");
        Table.Builder t = Table.of("pareto").text("Candidate").text("Proposer").number("Val. accuracy")
                .number("Params").number("MACs");
        points.stream().filter(RunFacts.Point::front).sorted((a, b) -> Double.compare(b.accuracy(), a.accuracy()))
                .forEach(p -> t.row(p.candidate().name(), p.candidate().proposer(), Fmt.pct(p.accuracy()),
                        Fmt.count(p.params()), Fmt.count(p.macs())));
        s.add(t.build());
    }

    private void progress(Section s) {
        List<RunFacts.Progress> p = f.progress();
        if (p.isEmpty()) {
            s.para("No trial succeeded: there is no curve to draw.");
            return;
        }
        s.add(Charts.progress(p));
        RunFacts.Progress last = p.get(p.size() - 1);
        if (Double.isNaN(last.bestSoFar())) {
            s.para("No screened candidate was within the parameter budget.");
            return;
        }
        int reached = p.stream().filter(x -> x.withinBudget() && x.accuracy() == last.bestSoFar()).mapToInt(
                RunFacts.Progress::trial).min().orElse(last.trial());
        s.para(String.format(Locale.ROOT, "Best screening validation accuracy within the budget: %s, first reached at "
                + "trial %d of %d. Dots are screenings (promoted re-trainings at a larger budget are not drawn); "
                + "grey dots are over the parameter budget.", Fmt.pct(last.bestSoFar()), reached, f.trials.size()));
    }

    private void lineage(Section s) {
        List<RunFacts.Judged> discoveries = f.discoveries();
        List<CandidateRecord> subjects = new ArrayList<>();
        if (discoveries.isEmpty()) {
            if (f.summary.best() == null) {
                s.para("No discovery and no successful candidate: no lineage to show.");
                return;
            }
            s.para("No discovery was made; this is the lineage of the best candidate instead.");
            subjects.add(f.candidate(f.summary.best().candidateId()));
        } else {
            discoveries.forEach(j -> subjects.add(j.candidate()));
        }
        for (CandidateRecord c : subjects) {
            s.add(new Doc.Heading(c.name()));
            Table.Builder t = Table.of("lineage-" + c.id()).number("Step").text("Candidate").text("Proposer")
                    .text("Hypothesis / change").text("Structural change").number("Screening val. accuracy")
                    .number("Gain over parent").number("Promoted mean");
            int i = 0;
            for (RunFacts.Step st : f.path(c.id())) {
                CandidateRecord k = st.candidate();
                String why = k.hypothesis() != null ? k.hypothesis() : k.changeSummary();
                t.row(Integer.toString(i++), k.name(), k.proposer(), why, st.diff(), Fmt.pct(st.screening()),
                        Fmt.pp(st.gain()), Fmt.pct(st.promotedMean()));
            }
            s.add(t.build());
        }
    }

    private void insights(Section s) {
        List<Embedded<InsightRecord>> all = f.insights;
        if (all.isEmpty()) {
            s.para(f.config.llm() == null ? "This run had no analyst (no language model): no insights were written."
                    : "The analyst wrote no insight in this run.");
            return;
        }
        List<Embedded<InsightRecord>> latest = all.subList(Math.max(0, all.size() - INSIGHTS), all.size());
        s.para("The latest " + latest.size() + " of " + all.size() + " insights, as written by their author:");
        Table.Builder t = Table.of("insights").text("Author").text("About").text("Insight");
        for (Embedded<InsightRecord> e : latest) {
            InsightRecord i = e.item();
            CandidateRecord c = i.candidateId() == null ? null : f.candidate(i.candidateId());
            t.row(i.author(), c == null ? "" : c.name(), i.text());
        }
        s.add(t.build());
    }

    private void failures(Section s) {
        List<RunFacts.FailureKind> kinds = f.failures();
        List<TrialRecord> pruned = f.prunedTrials();
        long failed = f.trials.size() - f.succeededTrials() - pruned.size();
        if (!pruned.isEmpty()) {
            long resumed = pruned.stream().filter(p -> f.trials.stream().anyMatch(t -> t.ordinal() > p.ordinal()
                    && t.candidateId().equals(p.candidateId()) && t.fidelity() == 0)).count();
            s.para(pruned.size() + " screening" + (pruned.size() == 1 ? " was" : "s were") + " stopped early at a "
                    + "rung (asynchronous successive halving): not failures, but proposals whose validation accuracy "
                    + "there was not among the best 1/" + f.config.evaluation().eta() + " of the screenings measured "
                    + "at the same step; each message says the rung and the quantile missed. " + (resumed == 0 ? "None was resumed."
                    : resumed + " of them w" + (resumed == 1 ? "as" : "ere") + " resumed once later screenings made "
                    + (resumed == 1 ? "it" : "them") + " one of the best of " + (resumed == 1 ? "its" : "their")
                    + " rung."));
        }
        if (kinds.isEmpty()) {
            s.para("No trial failed.");
        } else {
            s.para(failed + " of " + f.trials.size() + " trials failed, by kind:");
            Table.Builder t = Table.of("failures").text("Kind").number("Trials").number("Candidates").text("Stages")
                    .text("First message");
            for (RunFacts.FailureKind k : kinds) {
                t.row(k.kind(), Integer.toString(k.count()), Integer.toString(k.candidates()),
                        String.join(", ", k.stages()), abbreviate(k.example(), 300));
            }
            s.add(t.build());
        }
        Map<String, Integer> checks = f.checkFailures();
        if (!checks.isEmpty()) {
            s.para("Problems the checks before training caught in LLM proposals (each was sent back for repair or "
                    + "revision, or trained as it was and failed typed):");
            Table.Builder t = Table.of("checks").text("Kind").number("Times");
            checks.forEach((k, v) -> t.row(k, Integer.toString(v)));
            s.add(t.build());
        }
        List<RunFacts.Repair> repairs = f.repairs();
        if (!repairs.isEmpty()) {
            Table.Builder t = Table.of("repairs").text("Candidate").text("Repair").text("Outcome");
            repairs.forEach(r -> t.row(r.candidate().name(), r.what(), r.outcome()));
            s.add(t.build());
        } else if (!kinds.isEmpty()) {
            s.para("No repair was attempted" + (f.config.llm() == null ? " (repairs are the LLM engineer's job; this run "
                    + "had no language model)." : "."));
        }
    }

    private void random(Section s) {
        RelativeImprovement ri = f.overRandom().orElse(null);
        if (ri == null) {
            s.para(f.config.evaluation().randomSamples() > 0 ? "The run drew random samples, but none trained "
                    + "successfully (or nothing else did): no comparison."
                    : "This run drew no random samples of the search space (--random-samples 0): no comparison.");
            return;
        }
        double[] r = f.randomAccuracies();
        s.para(String.format(Locale.ROOT, "Relative improvement over random search (Yang et al., 2020): RI = %+.2f %%, "
                + "the best screened candidate within the parameter budget (%s) against the mean of %d random samples "
                + "of the same search space within the budget (%s), each trained at the same screening budget.", ri.percent(), Fmt.pct(ri.methodAccuracy()), r.length,
                Fmt.pct(ri.randomMeanAccuracy())));
        Table.Builder t = Table.of("random").text("Measure").number("Value");
        t.row("Best screened (not random)", Fmt.pct(ri.methodAccuracy()));
        t.row("Random samples", Integer.toString(r.length));
        t.row("Mean of random samples", Fmt.pct(ri.randomMeanAccuracy()));
        t.row("Best random sample", Fmt.pct(java.util.Arrays.stream(r).max().orElse(Double.NaN)));
        t.row("RI", String.format(Locale.ROOT, "%+.2f%%", ri.percent()));
        s.add(t.build());
    }

    private void fidelity(Section s) {
        SuccessiveHalving.FidelityCorrelation r = f.fidelityCorrelation();
        if (r.candidates() < 3 || Double.isNaN(r.spearman())) {
            s.para("Fewer than 3 candidates were both screened and promoted (" + r.candidates() + "): no rank "
                    + "correlation between fidelities is stated.");
            return;
        }
        s.para(String.format(Locale.ROOT, "Spearman rank correlation between screening accuracy and promoted mean "
                + "accuracy: %.3f over %d candidates. Near 1, the short screening ranks candidates as the longer "
                + "training does; near 0 or below, screening picks by noise.", r.spearman(), r.candidates()));
    }

    private void leaderboard(Section s) {
        if (f.board.isEmpty()) {
            s.para("No candidate trained successfully within the parameter budget.");
            return;
        }
        s.para("Ranked by screening validation accuracy (validation carved from the training set) among candidates "
                + "within the parameter budget; " + Math.min(LEADERBOARD_ROWS, f.board.size()) + " of "
                + f.board.size() + " shown.");
        Table.Builder t = Table.of("leaderboard").number("Rank").text("Candidate").text("Proposer").number("Params")
                .number("MACs").number("Val. accuracy").number("Promoted mean").number("Test accuracy");
        for (Leaderboard.Entry e : f.board.subList(0, Math.min(LEADERBOARD_ROWS, f.board.size()))) {
            CandidateRecord c = f.candidate(e.candidate().candidateId());
            t.row(Integer.toString(e.rank()), c.name(), c.proposer(), Fmt.count(c.params()), Fmt.count(c.macs()),
                    Fmt.pct(e.fitness()), Fmt.pct(f.promotedMean(c.id())),
                    Fmt.test(f.finalsOf(c.id())));
        }
        s.add(t.build());
        if (f.summary.best() != null) {
            CandidateRecord best = f.candidate(f.summary.best().candidateId());
            s.add(new Doc.Heading("Source of " + best.name()));
            s.add(new Doc.Code("java", best.source().stripTrailing()));
        }
    }

    private void trials(Section s) {
        if (f.trials.isEmpty()) {
            s.para("No trial finished.");
            return;
        }
        if (f.trials.size() > TRIAL_ROWS) {
            s.para("The first " + TRIAL_ROWS + " of " + f.trials.size() + " trials; all are in the store and on the "
                    + "dashboard.");
        }
        Table.Builder t = Table.of("trials").number("#").text("Candidate").text("Parent").number("Fidelity")
                .number("Seed").text("Outcome").number("Params").number("Val. accuracy").number("Steps")
                .number("Epochs").number("Seconds").number("Latency (ms, batch 1)");
        for (TrialRecord r : f.trials.subList(0, Math.min(TRIAL_ROWS, f.trials.size()))) {
            CandidateRecord c = f.candidate(r.candidateId());
            CandidateRecord p = c.parentId() == null ? null : f.candidate(c.parentId());
            t.row(Integer.toString(r.ordinal() + 1), c.name(), p == null ? "" : p.name(), Integer.toString(r.fidelity()),
                    Long.toString(r.seed()), r.outcome(), Fmt.count(c.params()), Fmt.pct(r.valAccuracy()),
                    r.steps() == null ? "" : Fmt.count(r.steps()),
                    r.epochs() == null ? "" : Fmt.fixed(r.epochs(), 2), Fmt.fixed(r.totalSeconds(), 1),
                    r.latencyMs() == null ? "" : Fmt.fixed(r.latencyMs(), 2));
        }
        s.add(t.build());
    }

    private void llm(Section s) {
        List<RunFacts.RoleSpend> roles = f.llmByRole();
        if (roles.isEmpty()) {
            s.para("No language model was used in this run.");
            return;
        }
        Table.Builder t = Table.of("llm").text("Role").number("Exchanges").number("Failed").number("Prompt tokens")
                .number("Completion tokens").number("Cost (USD)").number("Median latency (s)");
        for (RunFacts.RoleSpend r : roles) {
            t.row(r.role(), Integer.toString(r.exchanges()), Integer.toString(r.failed()), Fmt.count(r.promptTokens()),
                    Fmt.count(r.completionTokens()), Fmt.fixed(r.usd(), 4), Fmt.fixed(r.medianLatencySeconds(), 2));
        }
        s.add(t.build());
    }

    private void reproducibility(Section s) {
        Table.Builder sw = Table.of("software").text("Component").text("Version");
        RunFacts.flat(f.run.softwareJson()).forEach(sw::row);
        s.add(new Doc.Heading("Software"));
        s.add(sw.build());
        s.add(new Doc.Heading("Seeds"));
        s.para("Run seed " + f.run.seed() + "; trial seeds used: " + (f.seeds().isEmpty() ? "none"
                : f.seeds().stream().map(String::valueOf).collect(Collectors.joining(", "))) + ".");
        s.add(new Doc.Heading("Data checksums (SHA-256)"));
        Table.Builder data = Table.of("checksums").text("File").text("SHA-256");
        RunFacts.flat(f.run.dataChecksums()).forEach(data::row);
        if (data.isEmpty()) {
            s.para("No data checksum was recorded.");
        } else {
            s.add(data.build());
        }
        s.add(new Doc.Heading("Configuration"));
        s.add(new Doc.Code("json", f.configPretty()));
        s.add(new Doc.Heading("Commands"));
        s.para("Re-run with the same settings (a new run; the proposer's choices depend on the seed):");
        s.add(new Doc.Code("sh", f.rerunCommand()));
        s.para("Resume this run where it stopped, or rewrite this report:");
        s.add(new Doc.Code("sh", "./archlab run --resume " + f.run.id() + "\n./archlab report " + f.run.id()));
        List<CandidateRecord> export = new ArrayList<>();
        f.discoveries().forEach(j -> export.add(j.candidate()));
        if (export.isEmpty() && f.summary.best() != null) {
            export.add(f.candidate(f.summary.best().candidateId()));
        }
        if (!export.isEmpty()) {
            s.para("Export " + (f.discoveries().isEmpty() ? "the best candidate" : "each discovery")
                    + " as a PyTorch module (or --format json for its IR):");
            s.add(new Doc.Code("sh", export.stream().map(c -> "./archlab export " + c.id() + " --format pytorch --out "
                    + fileName(c.name()) + ".py").collect(Collectors.joining("\n"))));
        }
    }

    /** A candidate's name made safe as a file name. */
    static String fileName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_-]", "_");
        return s.isEmpty() ? "candidate" : s.length() > 60 ? s.substring(0, 60) : s;
    }

    private static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        String one = s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
