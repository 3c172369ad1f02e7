package io.archlab.agent.evolution;

import io.archlab.agent.Proposal;
import io.archlab.agent.Proposer;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.sandbox.analysis.Budgets;
import io.archlab.sandbox.analysis.StaticAnalyzer;
import io.archlab.sandbox.compile.DslWriter;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.ir.ShapeException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Random architectures from the same search space as evolution: a seed architecture chosen at
 * random, changed by 2-6 random mutations, with no selection by results. The reference that
 * "relative improvement over random" (Yang et al., ICLR 2020) is measured against. On the
 * {@code nb201} task: a uniform random NAS-Bench-201 cell not tried before.
 */
public final class RandomSampler implements Proposer {
    /** Proposer name stored with each candidate. */
    public static final String NAME = "random";
    static final int ATTEMPTS = 200;

    private final Budgets budgets;
    private final List<Mutation> mutations = Mutations.all();
    private final Nb201Moves nb201;

    public RandomSampler(Budgets budgets) {
        this(budgets, null);
    }

    private RandomSampler(Budgets budgets, Nb201Moves nb201) {
        this.budgets = budgets;
        this.nb201 = nb201;
    }

    /** The random sampler of a run on {@code task}: uniform NAS-Bench-201 cells on {@code nb201}. */
    public static RandomSampler forTask(String task, Budgets budgets) {
        return new RandomSampler(budgets, io.archlab.sandbox.nb201.Nb201Task.NAME.equals(task)
                ? new Nb201Moves() : null);
    }

    @Override
    public Proposal propose(Context ctx) {
        if (nb201 != null) {
            return proposeCell(ctx);
        }
        List<CandidateRecord> seeds = ctx.candidates().stream()
                .filter(c -> c.parentId() == null && c.irJson() != null && !NAME.equals(c.proposer())).toList();
        if (seeds.isEmpty()) {
            throw new NoParentException("no seed architecture has been traced yet: nothing to sample around");
        }
        Random r = ctx.random();
        Set<String> seen = new HashSet<>();
        ctx.candidates().stream().filter(c -> c.irHash() != null).forEach(c -> seen.add(c.irHash()));
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            CandidateRecord seed = seeds.get(r.nextInt(seeds.size()));
            Graph g = IrJson.fromJson(seed.irJson());
            int steps = 2 + r.nextInt(5);
            int applied = 0;
            StringBuilder what = new StringBuilder();
            for (int i = 0; i < steps; i++) {
                Mutation m = mutations.get(r.nextInt(mutations.size()));
                try {
                    Optional<Mutation.Mutated> next = m.apply(g, r);
                    if (next.isPresent()) {
                        g = next.get().graph();
                        what.append(applied++ == 0 ? "" : "; ").append(next.get().description());
                    }
                } catch (ShapeException e) {
                    // this mutation does not fit here: try the next one
                }
            }
            if (applied == 0 || budgets.violation(StaticAnalyzer.analyze(g, 1)) != null || !seen.add(IrJson.hash(g))) {
                continue;
            }
            String name = "Random-c" + ctx.ordinal();
            String summary = "random sample: " + applied + " random mutations of " + seed.name() + " (" + what + ")";
            return new Proposal(name, DslWriter.write(g, name, name + ": " + summary), null, summary, NAME);
        }
        throw new NoParentException("no new random sample within the budget found in " + ATTEMPTS + " attempts");
    }

    private Proposal proposeCell(Context ctx) {
        Random r = ctx.random();
        Set<io.archlab.sandbox.nb201.Nb201Arch> tried = nb201.tried(ctx.candidates());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            io.archlab.sandbox.nb201.Nb201Arch cell = io.archlab.sandbox.nb201.Nb201Space.random(r);
            if (nb201.claim(cell, tried)) {
                String name = "Random-c" + ctx.ordinal();
                return new Proposal(name, Nb201Moves.source(cell, name), null, "random sample: uniform "
                        + "NAS-Bench-201 cell " + cell, NAME);
            }
        }
        throw new NoParentException("no untried NAS-Bench-201 cell found in " + ATTEMPTS + " random draws");
    }
}
