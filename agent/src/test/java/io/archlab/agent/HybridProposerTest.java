package io.archlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.archlab.agent.llm.LlmProposer;
import io.archlab.evaluator.Evaluated;
import io.archlab.evaluator.Leaderboard;
import io.archlab.knowledge.CandidateRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hybrid's division of labour, with recording fakes for its two proposers. */
class HybridProposerTest {
    /** A proposer that remembers the leaderboards it was given and proposes a fixed name. */
    static final class Recording implements Proposer {
        final String name;
        final List<List<String>> boards = new ArrayList<>();
        final List<String> told = new ArrayList<>();

        Recording(String name) {
            this.name = name;
        }

        @Override
        public Proposal propose(Context ctx) {
            boards.add(ctx.leaderboard().stream().map(e -> e.candidate().name()).toList());
            return new Proposal(name + ctx.ordinal(), "", null, "", name);
        }

        @Override
        public void proposed(CandidateRecord candidate) {
            told.add(candidate.name());
        }
    }

    static CandidateRecord cand(String id, String proposer, String parent) {
        return CandidateRecord.proposed(id, "run", 0, id, proposer, parent, "", "", null, null, 0);
    }

    static Proposer.Context context(int ordinal, List<CandidateRecord> cands) {
        List<Evaluated> evaluated = cands.stream().map(c -> new Evaluated(c.id(), c.name(), c.ordinal(), 1_000L,
                "succeeded", 0.8)).toList();
        List<Leaderboard.Entry> board = new ArrayList<>();
        for (int i = 0; i < evaluated.size(); i++) {
            board.add(new Leaderboard.Entry(i + 1, evaluated.get(i), 0.8 - 0.01 * i));
        }
        return new Proposer.Context(ordinal, cands, evaluated, board, new Random(ordinal));
    }

    @Test
    void should_give_one_slot_in_each_period_to_the_llm_and_the_others_to_evolution() {
        Recording llm = new Recording("L");
        Recording evo = new Recording("E");
        HybridProposer h = new HybridProposer(llm, evo, 3);
        List<CandidateRecord> base = List.of(cand("Mlp", "baseline", null), cand("LeNet5", "baseline", null));
        List<String> made = new ArrayList<>();
        for (int ordinal = 3; ordinal < 12; ordinal++) {
            made.add(h.propose(context(ordinal, base)).proposer());
        }
        assertEquals(List.of("L", "E", "E", "L", "E", "E", "L", "E", "E"), made);
    }

    @Test
    void should_tune_the_llm_designs_and_their_descendants_once_two_are_eligible() {
        Recording llm = new Recording("L");
        Recording evo = new Recording("E");
        HybridProposer h = new HybridProposer(llm, evo, 3);
        List<CandidateRecord> one = List.of(cand("Mlp", "baseline", null), cand("LeNet5", "baseline", null),
                cand("Wide", LlmProposer.NAME, "Mlp"), cand("Mlp-c4", "evolution", "Mlp"));
        h.propose(context(4, one));
        assertEquals(List.of("Mlp", "LeNet5", "Wide", "Mlp-c4"), evo.boards.get(0),
                "with one LLM design the whole leaderboard is evolved, as plain evolution");

        List<CandidateRecord> more = new ArrayList<>(one);
        more.add(cand("Wide-c5", "evolution", "Wide"));
        more.add(cand("Wide-c5-c7", "evolution", "Wide-c5"));
        more.add(cand("Filler", "fallback", "LeNet5"));
        h.propose(context(8, more));
        assertEquals(List.of("Wide", "Wide-c5", "Wide-c5-c7"), evo.boards.get(1),
                "the LLM's design and its evolved descendants, best first; a fallback's filler is not the LLM's");
    }

    @Test
    void should_tell_the_llm_of_every_candidate_and_evolution_of_its_own() {
        Recording llm = new Recording("L");
        Recording evo = new Recording("E");
        HybridProposer h = new HybridProposer(llm, evo, 2);
        h.proposed(cand("Wide", LlmProposer.NAME, "Mlp"));
        h.proposed(cand("Wide-c5", "evolution", "Wide"));
        assertEquals(List.of("Wide", "Wide-c5"), llm.told, "the LLM's exchanges are assigned to every candidate");
        assertEquals(List.of("Wide-c5"), evo.told);
    }

    @Test
    void should_refuse_a_period_that_leaves_evolution_no_slot() {
        assertThrows(IllegalArgumentException.class, () -> new HybridProposer(new Recording("L"), new Recording("E"),
                1));
    }
}
