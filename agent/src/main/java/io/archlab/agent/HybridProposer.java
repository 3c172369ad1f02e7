package io.archlab.agent;

import io.archlab.agent.llm.LlmProposer;
import io.archlab.evaluator.Leaderboard;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The LLM makes the structural moves and evolution tunes them: one proposal in every {@code period}
 * is the LLM team's (a new design from its reading of the run's evidence), the others are the
 * offline proposer's local mutations, whose parents are drawn from the LLM's designs and their
 * evolved descendants while at least two of them are eligible (else from the whole leaderboard,
 * as plain evolution). Studies of LLM optimisers in fixed search spaces find that LLM-only search
 * loses to classical search and that such hybrids win; {@code bench discovery --proposer hybrid}
 * measures whether it does here.
 */
public final class HybridProposer implements Proposer {
    public static final String NAME = "hybrid";
    /** One LLM proposal in this many. */
    public static final int DEFAULT_PERIOD = 3;

    private final Proposer llm;
    private final Proposer evolution;
    private final int period;

    /**
     * @param llm       the LLM team (with its offline fallback)
     * @param evolution the offline proposer that tunes the LLM's designs
     * @param period    one LLM proposal in this many (at least 2)
     */
    public HybridProposer(Proposer llm, Proposer evolution, int period) {
        if (period < 2) {
            throw new IllegalArgumentException("a hybrid needs an LLM proposal in every 2 or more, got " + period);
        }
        this.llm = llm;
        this.evolution = evolution;
        this.period = period;
    }

    @Override
    public Proposal propose(Context ctx) {
        if (isLlmSlot(ctx.ordinal())) {
            return llm.propose(ctx);
        }
        return evolution.propose(tuning(ctx));
    }

    /** Whether the slot at {@code ordinal} is the LLM's: the first and then every {@code period}-th. */
    boolean isLlmSlot(int ordinal) {
        return Math.floorMod(ordinal, period) == 0;
    }

    /** The context with the leaderboard narrowed to the LLM's designs and their descendants, if two or more. */
    Context tuning(Context ctx) {
        Map<String, CandidateRecord> byId = new HashMap<>();
        ctx.candidates().forEach(c -> byId.put(c.id(), c));
        Set<String> lineage = new HashSet<>();
        for (CandidateRecord c : ctx.candidates()) {
            if (descendsFromLlm(c, byId)) {
                lineage.add(c.id());
            }
        }
        List<Leaderboard.Entry> board = ctx.leaderboard().stream()
                .filter(e -> lineage.contains(e.candidate().candidateId())).toList();
        return board.size() < 2 ? ctx : new Context(ctx.ordinal(), ctx.candidates(), ctx.evaluated(), board,
                ctx.random());
    }

    private boolean descendsFromLlm(CandidateRecord c, Map<String, CandidateRecord> byId) {
        Set<String> seen = new HashSet<>();
        for (CandidateRecord k = c; k != null && seen.add(k.id()); k = k.parentId() == null ? null
                : byId.get(k.parentId())) {
            if (LlmProposer.NAME.equals(k.proposer())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void proposed(CandidateRecord candidate) {
        llm.proposed(candidate);
        if (!LlmProposer.NAME.equals(candidate.proposer())) {
            evolution.proposed(candidate);
        }
    }

    /** The analyst reads every result, the tuned ones too: they are evidence about the LLM's structures. */
    @Override
    public void afterTrial(CandidateRecord candidate, TrialRecord trial) {
        llm.afterTrial(candidate, trial);
    }
}
