package io.archlab.agent.evolution;

import io.archlab.agent.Proposal;
import io.archlab.agent.Proposer;
import io.archlab.evaluator.Leaderboard;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.sandbox.analysis.Budgets;
import io.archlab.sandbox.analysis.StaticAnalyzer;
import io.archlab.sandbox.compile.DslWriter;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.ir.ShapeException;
import io.archlab.sandbox.nb201.Nb201Arch;
import io.archlab.sandbox.nb201.Nb201Space;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The offline proposer: picks a parent among the best candidates (tournament selection, with some
 * uniform exploration) and applies one random mutation to its IR, keeping only children that are
 * new to the run and within the parameter budget. The child is written back as DSL source. On the
 * {@code nb201} task it stays inside NAS-Bench-201: the mutation gives one edge of the parent's cell
 * another op, and the child's network is written by the cell generator.
 */
public final class EvolutionProposer implements Proposer {
    /** Proposer name stored with each candidate. */
    public static final String NAME = "evolution";
    static final int TOURNAMENT = 3;
    static final double EXPLORE = 0.2;
    static final int ATTEMPTS = 200;
    /**
     * On {@code nb201}: parents by a tournament of 10 on validation accuracy over every eligible
     * candidate, with 10 % uniform exploration. The task's objective is the accuracy of a fixed
     * skeleton (parameters are a constraint there, not a trade-off), a query costs one look-up and no
     * cell is tried twice, so greedier selection pays: simulating this selection rule on the CIFAR-10
     * table (tournaments of 3, 10, 20; exploration 0, 0.1, 0.2) chose it, and CIFAR-100 and
     * ImageNet16-120 gave the same ranking.
     */
    static final int NB201_TOURNAMENT = 10;
    static final double NB201_EXPLORE = 0.1;

    private final Budgets budgets;
    private final List<Mutation> mutations = Mutations.all();
    private final Nb201Moves nb201;

    public EvolutionProposer(Budgets budgets) {
        this(budgets, null);
    }

    private EvolutionProposer(Budgets budgets, Nb201Moves nb201) {
        this.budgets = budgets;
        this.nb201 = nb201;
    }

    /** The evolutionary proposer of a run on {@code task}: NAS-Bench-201 edge mutations on {@code nb201}. */
    public static EvolutionProposer forTask(String task, Budgets budgets) {
        return new EvolutionProposer(budgets, io.archlab.sandbox.nb201.Nb201Task.NAME.equals(task)
                ? new Nb201Moves() : null);
    }

    @Override
    public Proposal propose(Context ctx) {
        List<Leaderboard.Entry> board = ctx.leaderboard();
        if (board.isEmpty()) {
            throw new NoParentException("no candidate has succeeded within the budget yet: nothing to evolve from");
        }
        Random r = ctx.random();
        if (nb201 != null) {
            return proposeCell(ctx, board, r);
        }
        Set<String> seen = new HashSet<>();
        for (CandidateRecord c : ctx.candidates()) {
            if (c.irHash() != null) {
                seen.add(c.irHash());
            }
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            CandidateRecord parent = select(ctx, board, r);
            Graph g = IrJson.fromJson(parent.irJson());
            Mutation m = mutations.get(r.nextInt(mutations.size()));
            Optional<Mutation.Mutated> child;
            try {
                child = m.apply(g, r);
            } catch (ShapeException e) {
                continue;
            }
            if (child.isEmpty() || budgets.violation(StaticAnalyzer.analyze(child.get().graph(), 1)) != null
                    || !seen.add(IrJson.hash(child.get().graph()))) {
                continue;
            }
            String name = root(parent.name()) + "-c" + ctx.ordinal();
            String summary = child.get().description();
            String source = DslWriter.write(child.get().graph(), name,
                    name + ": " + summary + " (from " + parent.name() + ")");
            return new Proposal(name, source, parent.id(), summary, NAME);
        }
        throw new NoParentException("no new candidate within the budget found in " + ATTEMPTS + " mutation attempts");
    }

    /** A parent's cell with one edge changed, new to the run (up to isomorphism). */
    private Proposal proposeCell(Context ctx, List<Leaderboard.Entry> board, Random r) {
        Set<Nb201Arch> tried = nb201.tried(ctx.candidates());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            CandidateRecord parent = selectByAccuracy(ctx, board, r);
            Optional<Nb201Arch> cell = nb201.cellOf(parent);
            if (cell.isEmpty()) {
                continue;   // not an NB201 network: it has no cell to mutate
            }
            Nb201Arch child = Nb201Space.mutate(cell.get(), r);
            if (!nb201.claim(child, tried)) {
                continue;
            }
            String name = root(parent.name()) + "-c" + ctx.ordinal();
            String summary = Nb201Moves.change(cell.get(), child);
            return new Proposal(name, Nb201Moves.source(child, name), parent.id(), summary, NAME);
        }
        throw new NoParentException("no new NAS-Bench-201 cell found in " + ATTEMPTS + " edge mutations of the best "
                + "candidates");
    }

    /** A parent among the eligible candidates by a tournament on validation accuracy (ties: the earlier). */
    private static CandidateRecord selectByAccuracy(Context ctx, List<Leaderboard.Entry> board, Random r) {
        Leaderboard.Entry chosen = board.get(r.nextInt(board.size()));
        if (r.nextDouble() >= NB201_EXPLORE) {
            for (int i = 1; i < NB201_TOURNAMENT; i++) {
                Leaderboard.Entry e = board.get(r.nextInt(board.size()));
                if (accuracy(e) > accuracy(chosen) || accuracy(e) == accuracy(chosen) && e.rank() < chosen.rank()) {
                    chosen = e;
                }
            }
        }
        return candidate(ctx, chosen);
    }

    private static double accuracy(Leaderboard.Entry e) {
        Double v = e.candidate().valAccuracy();
        return v == null ? Double.NEGATIVE_INFINITY : v;
    }

    private static CandidateRecord candidate(Context ctx, Leaderboard.Entry chosen) {
        String id = chosen.candidate().candidateId();
        return ctx.candidates().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("leaderboard candidate " + id + " is not in the run"));
    }

    private static CandidateRecord select(Context ctx, List<Leaderboard.Entry> board, Random r) {
        Leaderboard.Entry chosen;
        if (r.nextDouble() < EXPLORE) {
            chosen = board.get(r.nextInt(board.size()));
        } else {
            chosen = board.get(r.nextInt(board.size()));
            for (int i = 1; i < TOURNAMENT; i++) {
                Leaderboard.Entry e = board.get(r.nextInt(board.size()));
                if (e.rank() < chosen.rank()) {
                    chosen = e;
                }
            }
        }
        String id = chosen.candidate().candidateId();
        return ctx.candidates().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("leaderboard candidate " + id + " is not in the run"));
    }

    /** The baseline a name descends from: {@code SmallCnn-c7} gives {@code SmallCnn}. */
    static String root(String name) {
        int i = name.indexOf("-c");
        return i > 0 ? name.substring(0, i) : name;
    }
}
