package io.archlab.agent.llm;

import io.archlab.agent.Proposer;
import io.archlab.evaluator.Leaderboard;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.ir.Node;
import io.archlab.sandbox.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Picks the parent of the next proposal from the candidates that succeeded (failed ones are never
 * parents), mixing exploitation (a tournament among the top five), exploration (any succeeded
 * candidate) and diversity (MAP-Elites style: the best of a random niche, a niche being a size
 * bucket, log2 of the parameters, times an operation family: convolution, attention, recurrence
 * or plain MLP).
 */
final class ParentSampler {
    /**
     * Shares of the three ways to pick; they need not sum to 1.
     */
    record Mix(double exploit, double explore, double diverse) {
        static final Mix DEFAULT = new Mix(0.6, 0.2, 0.2);

        Mix {
            if (exploit < 0 || explore < 0 || diverse < 0 || exploit + explore + diverse <= 0) {
                throw new IllegalArgumentException("parent mix shares must be >= 0 and not all 0");
            }
        }
    }

    private final Mix mix;

    ParentSampler(Mix mix) {
        this.mix = mix;
    }

    CandidateRecord pick(Proposer.Context ctx) {
        Map<String, CandidateRecord> byId = byId(ctx);
        List<Leaderboard.Entry> board = ctx.leaderboard();
        Random r = ctx.random();
        double u = r.nextDouble() * (mix.exploit() + mix.explore() + mix.diverse());
        if (u < mix.exploit()) {
            int top = Math.min(5, board.size());
            Leaderboard.Entry a = board.get(r.nextInt(top));
            Leaderboard.Entry b = board.get(r.nextInt(top));
            return byId.get((a.rank() <= b.rank() ? a : b).candidate().candidateId());
        }
        if (u < mix.exploit() + mix.explore()) {
            return byId.get(board.get(r.nextInt(board.size())).candidate().candidateId());
        }
        List<CandidateRecord> elites = elites(ctx);
        return elites.get(r.nextInt(elites.size()));
    }

    /** Up to {@code n} elites of distinct niches, at random. */
    List<CandidateRecord> diverse(Proposer.Context ctx, int n, Random r) {
        List<CandidateRecord> elites = new ArrayList<>(elites(ctx));
        java.util.Collections.shuffle(elites, r);
        return elites.subList(0, Math.min(n, elites.size()));
    }

    /** The best succeeded candidate of each niche, in leaderboard order. */
    static List<CandidateRecord> elites(Proposer.Context ctx) {
        Map<String, CandidateRecord> byId = byId(ctx);
        Map<String, CandidateRecord> best = new LinkedHashMap<>();
        for (Leaderboard.Entry e : ctx.leaderboard()) {
            CandidateRecord c = byId.get(e.candidate().candidateId());
            best.putIfAbsent(niche(c), c);
        }
        return new ArrayList<>(best.values());
    }

    /** {@code conv/2^14}: operation family and size bucket. */
    static String niche(CandidateRecord c) {
        int bucket = c.params() == null || c.params() <= 0 ? 0 : 63 - Long.numberOfLeadingZeros(c.params());
        return family(c) + "/2^" + bucket;
    }

    static String family(CandidateRecord c) {
        if (c.irJson() == null) {
            return "unknown";
        }
        Graph g;
        try {
            g = IrJson.fromJson(c.irJson());
        } catch (RuntimeException e) {
            return "unknown";
        }
        Map<Class<?>, Integer> count = new HashMap<>();
        for (Node n : g.nodes()) {
            count.merge(n.op().getClass(), 1, Integer::sum);
        }
        if (count.containsKey(Op.Softmax.class) && count.containsKey(Op.MatMul.class)) {
            return "attention";
        }
        if (count.containsKey(Op.CumSum.class)) {
            return "recurrence";
        }
        if (count.containsKey(Op.Conv.class)) {
            return "conv";
        }
        return "mlp";
    }

    private static Map<String, CandidateRecord> byId(Proposer.Context ctx) {
        Map<String, CandidateRecord> m = new HashMap<>();
        ctx.candidates().forEach(c -> m.put(c.id(), c));
        return m;
    }
}
