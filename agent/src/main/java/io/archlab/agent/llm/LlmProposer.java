package io.archlab.agent.llm;

import io.archlab.agent.Proposal;
import io.archlab.agent.ProposalFailedException;
import io.archlab.agent.Proposer;
import io.archlab.agent.RunConfig;
import io.archlab.agent.evolution.NoParentException;
import io.archlab.evaluator.Leaderboard;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.InsightRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.archlab.knowledge.notes.Embedder;
import io.archlab.knowledge.notes.NoteLibrary;
import io.archlab.prompts.PromptLibrary;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.IrDiff;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The LLM team behind a run's proposals. The <b>researcher</b> reads the run's state (a parent,
 * reference designs, relevant notes and insights, recent failures) and proposes a hypothesis and
 * its DSL source; the proposal then passes the gates before any training, in a worker: policy,
 * compile, trace, budgets and exact duplicates. The <b>engineer</b> repairs what fails (bounded
 * attempts, each exchange stored) and shrinks what is over budget; the researcher revises
 * duplicates and near-duplicates. After each trial, the <b>analyst</b> writes an insight that later
 * prompts retrieve. When the endpoint's answers cannot be used even after the gateway's attempts,
 * the proposal in the making fails ({@link ProposalFailedException}: the loop asks again) or that
 * insight is skipped, with an event.
 */
public final class LlmProposer implements Proposer {
    public static final String NAME = "llm";
    static final String RESEARCHER = "researcher";
    static final String ENGINEER = "engineer";
    static final String ANALYST = "analyst";
    /**
     * Answers the researcher may give that cannot be parsed before the proposal is given up: a reply
     * that cannot be read is asked again once, with the exact problem.
     */
    static final int FORMAT_ATTEMPTS = 2;
    /** Cosine similarity of hypotheses above which a proposal counts as a near-duplicate. */
    static final double NEAR_DUPLICATE_SIMILARITY = 0.95;
    private static final int SOURCE_CHARS = 3_000;

    private final Store store;
    private final String runId;
    private final RunConfig config;
    private final LlmConfig llm;
    private final Task task;
    private final LlmGateway gateway;
    private final Function<TrialRequest, TrialResult> checker;
    private final Supplier<Embedder> embedder;
    private final ParentSampler sampler;
    private final PromptLibrary prompts = new PromptLibrary(List.of("system", RESEARCHER, ENGINEER, ANALYST,
            "answer-text", "answer-json"));
    private final String dslReference;
    private final Evidence evidence;
    private final String examples;

    public LlmProposer(Store store, String runId, RunConfig config, LlmConfig llm, Task task, LlmGateway gateway,
            Function<TrialRequest, TrialResult> checker, Supplier<Embedder> embedder, String dslReference) {
        this.store = store;
        this.runId = runId;
        this.config = config;
        this.llm = llm;
        this.task = task;
        this.gateway = gateway;
        this.checker = checker;
        this.embedder = embedder;
        this.sampler = new ParentSampler(ParentSampler.Mix.DEFAULT);
        this.dslReference = dslReference;
        this.evidence = new Evidence(store, runId);
        this.examples = io.archlab.sandbox.baselines.Baselines.examplesFor(task).stream()
                .map(b -> "```java\n" + b.source().strip() + "\n```").collect(Collectors.joining("\n\n"));
    }

    @Override
    public Proposal propose(Context ctx) {
        if (ctx.leaderboard().isEmpty()) {
            throw new NoParentException("no candidate has succeeded within the budget yet: nothing to build on");
        }
        Optional<Proposal> repair = repairOfTrainingFailure(ctx);
        if (repair.isPresent()) {
            return repair.get();
        }
        CandidateRecord parent = sampler.pick(ctx);
        Attempt a = research(ctx, parent, "");
        return gates(ctx, parent, a);
    }

    /** A proposal built on {@code parent}, through the gates (tests pin the rendered requests). */
    Proposal proposeFrom(Context ctx, CandidateRecord parent) {
        return gates(ctx, parent, research(ctx, parent, ""));
    }

    /** One proposal in the making. */
    private record Attempt(String name, String hypothesis, String motivation, String expectedEffect, String source) {
        Attempt withSource(String s) {
            return new Attempt(name, hypothesis, motivation, expectedEffect, s);
        }
    }

    private Attempt research(Context ctx, CandidateRecord parent, String feedback) {
        String fb = feedback;
        for (int i = 1; ; i++) {
            boolean structured = gateway.structured(RESEARCHER);
            String format = prompts.render(structured ? "answer-json" : "answer-text", Map.of()).strip();
            String parentEvidence = evidence.full(parent, ctx.candidates(), evidence.noiseFloor()) + "\n" + code(parent);
            String user = prompts.render(RESEARCHER, Map.of("task", taskText(), "budgets", budgetText(),
                    "parent", parentEvidence, "references", references(ctx, parent), "elites", elites(ctx, parent),
                    "knowledge", knowledge(parent), "failures", failures(), "feedback", fb, "answer_format", format));
            LlmReply r = ask(RESEARCHER, user);
            if (structured && !gateway.structured(RESEARCHER)) {
                store.addEvent(runId, "llm", "the endpoint refused structured output; answers are read from plain "
                        + "text from now on: " + gateway.structureRefused());
            }
            try {
                Replies.Proposed p = Replies.proposal(r.text());
                String name = uniqueName(p.name(), ctx);
                String source = name.equals(p.name()) ? p.source()
                        : p.source().replaceFirst("\\bclass\\s+" + p.name() + "\\b", "class " + name);
                return new Attempt(name, p.hypothesis(), p.motivation(), p.expectedEffect(), source);
            } catch (Replies.Malformed m) {
                store.addEvent(runId, "llm", "researcher answer " + i + " unusable: " + m.getMessage());
                if (i >= FORMAT_ATTEMPTS) {
                    throw new ProposalFailedException("the researcher gave no usable proposal in " + FORMAT_ATTEMPTS
                            + " answers; last problem: " + m.getMessage());
                }
                fb = "\n# Your previous answer could not be used\n" + m.getMessage()
                        + "\nAnswer again in exactly the requested format.\n";
            }
        }
    }

    /** Checks before training; the engineer repairs and shrinks, the researcher revises duplicates. */
    private Proposal gates(Context ctx, CandidateRecord parent, Attempt first) {
        Attempt a = first;
        int repairs = 0;
        int revisions = 0;
        Set<String> hashes = ctx.candidates().stream().map(CandidateRecord::irHash).filter(h -> h != null)
                .collect(Collectors.toSet());
        while (true) {
            TrialResult r = checker.apply(TrialRequest.check(runId + "-check", a.source(), config.budgets(),
                    config.batchSize(), hashes));
            if (r.outcome() instanceof Outcome.Failed f) {
                store.addEvent(runId, "check", String.format(Locale.ROOT, "%s: %s at %s: %s", a.name(),
                        f.code(), f.stage(), abbreviate(f.message(), 400)));
                if (f.kind() == FailureKind.DUPLICATE && revisions < llm.reviseAttempts()) {
                    revisions++;
                    String same = ctx.candidates().stream().filter(k -> r.graph() != null
                            && IrJson.hash(r.graph()).equals(k.irHash())).map(CandidateRecord::name).findFirst()
                            .orElse("an earlier candidate");
                    a = research(ctx, parent, "\n# Your previous proposal was refused\n" + a.name()
                            + " is the same network as " + same + ", which was already trained. Propose a "
                            + "different design.\n");
                    continue;
                }
                String instruction = instruction(f.kind());
                if (instruction != null && repairs < llm.repairAttempts()) {
                    repairs++;
                    a = a.withSource(engineer(a, f, instruction));
                    continue;
                }
                return proposal(a, parent, repairs, revisions);   // trained as is: its failure is recorded typed
            }
            String near = nearDuplicate(ctx, a, r);
            if (near != null && revisions < llm.reviseAttempts()) {
                revisions++;
                store.addEvent(runId, "check", a.name() + ": near-duplicate: " + near);
                a = research(ctx, parent, "\n# Your previous proposal was refused\n" + a.name() + " is a "
                        + "near-duplicate: " + near + ". Propose a more different design.\n");
                continue;
            }
            return proposal(a, parent, repairs, revisions);
        }
    }

    private Proposal proposal(Attempt a, CandidateRecord parent, int repairs, int revisions) {
        String change = a.expectedEffect() != null ? a.expectedEffect() : a.hypothesis();
        if (repairs + revisions > 0) {
            change = change + String.format(Locale.ROOT, " (after %d repair(s), %d revision(s))", repairs, revisions);
        }
        return new Proposal(a.name(), a.source(), parent.id(), abbreviate(change, 500), NAME, a.hypothesis(),
                a.motivation());
    }

    /** What the engineer is asked to do about a failure before training, or null if it cannot help. */
    private static String instruction(FailureKind kind) {
        switch (kind) {
            case POLICY_VIOLATION:
                return "The safety policy rejected the code. Use only the DSL and the allowed Java subset.";
            case COMPILE_ERROR:
                return "The code does not compile. Fix the compile errors.";
            case SHAPE_ERROR:
                return "Tracing the network failed (a shape mismatch or an exception in forward). Fix it.";
            case OVER_BUDGET:
                return "The design is over budget. Shrink it (fewer channels, fewer or cheaper layers, earlier "
                        + "downsampling) until it fits, keeping its idea.";
            case TIMEOUT:
            case OUT_OF_MEMORY:
                return "Building the network did not finish (an endless or huge loop in forward). Make forward a "
                        + "short, finite construction.";
            case DIVERGED:
                return "Training diverged (the loss became NaN or infinite). Stabilise it: normalisation, "
                        + "residual scaling, no log/exp/div of unbounded values.";
            default:
                return null;
        }
    }

    private String engineer(Attempt a, Outcome.Failed f, String instruction) {
        String user = prompts.render(ENGINEER, Map.of("task", taskText(), "budgets", budgetText(),
                "hypothesis", a.hypothesis() == null ? "(none stated)" : Evidence.clip(a.hypothesis(), 600),
                "source", a.source(), "kind", f.code(), "stage", f.stage().name(), "message",
                abbreviate(f.message(), 1_500), "instruction", instruction, "name", a.name()));
        LlmReply r = ask(ENGINEER, user);
        try {
            String s = Replies.source(r.text());
            String declared = Replies.className(s);
            return declared.equals(a.name()) ? s : s.replaceFirst("\\bclass\\s+" + declared + "\\b", "class "
                    + a.name());
        } catch (Replies.Malformed m) {
            store.addEvent(runId, "llm", "engineer answer unusable: " + m.getMessage());
            return a.source();
        }
    }

    /**
     * The engineer's repair of the latest screened LLM candidate that failed in training (diverged,
     * timed out, ran out of memory), once per failed candidate.
     */
    private Optional<Proposal> repairOfTrainingFailure(Context ctx) {
        Map<String, CandidateRecord> byId = new HashMap<>();
        ctx.candidates().forEach(c -> byId.put(c.id(), c));
        Set<String> repaired = new HashSet<>();
        ctx.candidates().forEach(c -> {
            if (c.changeSummary() != null && c.changeSummary().startsWith("repair of ")) {
                repaired.add(c.changeSummary().substring("repair of ".length()).split(" ")[0]);
            }
        });
        List<TrialRecord> trials = store.trials(runId);
        for (int i = trials.size() - 1; i >= 0; i--) {
            TrialRecord t = trials.get(i);
            CandidateRecord c = byId.get(t.candidateId());
            if (c == null || !NAME.equals(c.proposer()) || t.fidelity() != 0) {
                continue;
            }
            if (t.succeeded() || repaired.contains(c.name()) || !"TRAIN".equals(t.failureStage())) {
                return Optional.empty();
            }
            FailureKind kind = FailureKind.valueOf(t.outcome().toUpperCase(Locale.ROOT));
            String instruction = instruction(kind);
            if (instruction == null) {
                return Optional.empty();
            }
            String name = uniqueName(c.name() + "R", ctx);
            Attempt a = new Attempt(name, c.hypothesis(), c.motivation(), null,
                    c.source().replaceFirst("\\bclass\\s+" + c.name() + "\\b", "class " + name));
            a = a.withSource(engineer(a, new Outcome.Failed(kind, io.archlab.sandbox.train.Stage.TRAIN,
                    t.message() == null ? "" : t.message()), instruction));
            CandidateRecord parent = c.parentId() == null ? c : byId.getOrDefault(c.parentId(), c);
            Proposal p = gates(ctx, parent, a);
            return Optional.of(new Proposal(p.name(), p.source(), p.parentId(), "repair of " + c.name() + " after "
                    + t.outcome(), NAME, p.hypothesis(), p.motivation()));
        }
        return Optional.empty();
    }

    /** Why a checked proposal is a near-duplicate, or null: same ops as an earlier one, or its hypothesis restated. */
    private String nearDuplicate(Context ctx, Attempt a, TrialResult checked) {
        if (checked.graph() != null) {
            for (CandidateRecord k : ctx.candidates()) {
                if (k.irJson() == null) {
                    continue;
                }
                try {
                    if (IrDiff.diff(IrJson.fromJson(k.irJson()), checked.graph()).size() == 0) {
                        return "the same operations as " + k.name();
                    }
                } catch (RuntimeException e) {
                    // an IR from an older version: not comparable
                }
            }
        }
        List<CandidateRecord> stated = ctx.candidates().stream().filter(k -> k.hypothesis() != null).toList();
        if (a.hypothesis() == null || stated.isEmpty()) {
            return null;
        }
        Embedder e = embedder.get();
        float[] mine = e.embed(a.hypothesis());
        List<float[]> theirs = e.embedAll(stated.stream().map(CandidateRecord::hypothesis).toList());
        for (int i = 0; i < stated.size(); i++) {
            double sim = Embedder.cosine(mine, theirs.get(i));
            if (sim >= NEAR_DUPLICATE_SIMILARITY) {
                return String.format(Locale.ROOT, "its hypothesis restates %s's (similarity %.2f)",
                        stated.get(i).name(), sim);
            }
        }
        return null;
    }

    @Override
    public void proposed(CandidateRecord candidate) {
        gateway.assignTo(candidate.id());
    }

    /** The analyst's insight on a screened candidate, stored with its embedding. */
    @Override
    public void afterTrial(CandidateRecord c, TrialRecord t) {
        if (t.fidelity() != 0 || c.parentId() == null) {
            return;
        }
        CandidateRecord parent = store.candidate(c.parentId()).orElse(null);
        if (parent == null) {
            return;
        }
        List<CandidateRecord> all = store.candidates(runId);
        List<CandidateRecord> siblings = all.stream()
                .filter(k -> c.parentId().equals(k.parentId()) && !k.id().equals(c.id())).toList();
        String diff = evidence.diffFromParent(c);
        double floor = evidence.noiseFloor();
        String user = prompts.render(ANALYST, Map.of("task", taskText(), "candidate", evidence.full(c, all, floor)
                + "\nChange: " + Evidence.clip(c.changeSummary(), Evidence.TEXT_CHARS) + "\nResult: " + Evidence.result(t),
                "diff", diff == null ? "(not recorded)" : diff, "parent", evidence.full(parent, all, floor),
                "siblings", siblings.isEmpty() ? "(none)" : siblings.stream().skip(Math.max(0, siblings.size() - 5))
                        .map(evidence::line).collect(Collectors.joining("\n"))));
        try {
            String text = abbreviate(gateway.ask(ANALYST, system(ANALYST), user).text().strip(), 2_000);
            store.addInsight(new InsightRecord(0, runId, c.id(), ANALYST, text, Instant.now()),
                    embedder.get().embed(text), Embedder.MODEL_NAME);
        } catch (BadAnswerException e) {
            store.addEvent(runId, "llm", "no insight on " + c.name() + ": " + e.getMessage());
        }
        gateway.assignTo(c.id());
    }

    /** The model's answer for a proposal in the making; an answer that cannot be used fails the proposal. */
    private LlmReply ask(String role, String user) {
        try {
            return gateway.ask(role, system(role), user);
        } catch (BadAnswerException e) {
            throw new ProposalFailedException(e.getMessage());
        }
    }

    private String system(String role) {
        return prompts.render("system", Map.of("role", role, "dsl_reference", dslReference, "examples", examples));
    }

    private String taskText() {
        return String.format(Locale.ROOT, "%s: input %s%s, %d classes; validation accuracy is the objective.",
                task.name(), task.inputShape(), task.vocab() > 0 ? " token ids from a vocabulary of " + task.vocab() : "",
                task.numClasses());
    }

    private String budgetText() {
        String training = config.compute() != null && config.compute().decided()
                ? String.format(Locale.ROOT, "each screening trial trains exactly %,d optimiser steps", config.compute()
                        .steps())
                : String.format(Locale.ROOT, "each screening trial trains about %.0f s", config.trialSeconds());
        return String.format(Locale.ROOT, "parameters <= %,d%s%s; %s at batch %d on CPU cores (a slower network "
                + "takes longer for the same steps).", config.maxParams(),
                config.maxMacs() > 0 ? String.format(Locale.ROOT, "; MACs per sample <= %,d", config.maxMacs()) : "",
                config.maxPeakBytes() > 0 ? String.format(Locale.ROOT, "; peak activation memory <= %,d bytes",
                        config.maxPeakBytes()) : "", training, config.batchSize());
    }

    /** A candidate's source in a fenced block, bounded. */
    private static String code(CandidateRecord c) {
        return "```java\n" + abbreviate(c.source().strip(), SOURCE_CHARS) + "\n```";
    }

    /** The best three and two from other niches: selected, not dumped. */
    private String references(Context ctx, CandidateRecord parent) {
        Map<String, CandidateRecord> byId = ctx.candidates().stream()
                .collect(Collectors.toMap(CandidateRecord::id, k -> k));
        List<String> lines = new ArrayList<>();
        for (Leaderboard.Entry e : ctx.leaderboard()) {
            if (lines.size() == 3) {
                break;
            }
            if (!e.candidate().candidateId().equals(parent.id())) {
                lines.add("- " + evidence.line(byId.get(e.candidate().candidateId())));
            }
        }
        for (CandidateRecord d : sampler.diverse(ctx, 2, new Random(ctx.ordinal()))) {
            String line = "- " + evidence.line(d);
            if (!d.id().equals(parent.id()) && !lines.contains(line)) {
                lines.add(line);
            }
        }
        return lines.isEmpty() ? "(none yet)" : String.join("\n", lines);
    }

    /**
     * The code of up to two elites other than the parent: the best, and the best of another niche
     * (another root design) when there is one.
     */
    private String elites(Context ctx, CandidateRecord parent) {
        Map<String, CandidateRecord> byId = ctx.candidates().stream()
                .collect(Collectors.toMap(CandidateRecord::id, k -> k));
        List<CandidateRecord> picked = new ArrayList<>();
        for (Leaderboard.Entry e : ctx.leaderboard()) {
            CandidateRecord c = byId.get(e.candidate().candidateId());
            if (c == null || c.id().equals(parent.id())) {
                continue;
            }
            if (picked.isEmpty() || (picked.size() == 1 && !root(c, byId).equals(root(picked.get(0), byId))
                    && !root(c, byId).equals(root(parent, byId)))) {
                picked.add(c);
            }
            if (picked.size() == 2) {
                break;
            }
        }
        return picked.isEmpty() ? "(none yet)" : picked.stream().map(c -> evidence.line(c) + "\n" + code(c))
                .collect(Collectors.joining("\n\n"));
    }

    /** The design a candidate descends from: its earliest ancestor in the run. */
    private static String root(CandidateRecord c, Map<String, CandidateRecord> byId) {
        CandidateRecord k = c;
        Set<String> seen = new HashSet<>();
        while (k.parentId() != null && byId.containsKey(k.parentId()) && seen.add(k.id())) {
            k = byId.get(k.parentId());
        }
        return k.id();
    }

    private String knowledge(CandidateRecord parent) {
        List<NoteLibrary.Hit> hits = new NoteLibrary(store, embedder.get()).relevant(runId,
                parent.name() + " " + parent.changeSummary(), parent.hypothesis(), 4);
        if (hits.isEmpty()) {
            return "(none)";
        }
        return hits.stream().map(h -> "- [" + h.kind() + "] " + h.title() + ": " + Evidence.clip(h.text()
                .replace('\n', ' '), 600)).collect(Collectors.joining("\n"));
    }

    private String failures() {
        List<String> lines = new ArrayList<>();
        List<TrialRecord> trials = store.trials(runId);
        for (int i = trials.size() - 1; i >= 0 && lines.size() < 4; i--) {
            TrialRecord t = trials.get(i);
            if (!t.succeeded()) {
                String name = store.candidate(t.candidateId()).map(CandidateRecord::name).orElse(t.candidateId());
                lines.add("- " + name + ": " + t.outcome() + " at " + t.failureStage() + ": "
                        + Evidence.clip(t.message(), 300));
            }
        }
        return lines.isEmpty() ? "(none)" : String.join("\n", lines);
    }

    private static String uniqueName(String name, Context ctx) {
        Set<String> taken = ctx.candidates().stream().map(CandidateRecord::name).collect(Collectors.toSet());
        if (!taken.contains(name)) {
            return name;
        }
        String n = name + "N" + ctx.ordinal();
        return taken.contains(n) ? name + "N" + ctx.ordinal() + "X" : n;
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max) + " [...]";
    }
}
