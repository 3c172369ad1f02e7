package io.archlab.evaluator;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A run's candidates joined with their trials, as the evaluator sees them, read from the store. */
public final class Standings {
    private Standings() {
    }

    /**
     * Every candidate of {@code runId} that has a finished screening trial, once, with that
     * trial's result: the one fidelity at which all candidates are comparable (re-trainings at a
     * higher fidelity are judged by significance tests, not by this ranking).
     */
    public static List<Evaluated> evaluated(Store store, String runId) {
        Map<String, CandidateRecord> byId = store.candidates(runId).stream()
                .collect(Collectors.toMap(CandidateRecord::id, Function.identity()));
        List<Evaluated> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (TrialRecord t : store.trials(runId)) {
            CandidateRecord c = byId.get(t.candidateId());
            if (c != null && t.fidelity() == 0 && seen.add(c.id())) {
                out.add(new Evaluated(c.id(), c.name(), c.ordinal(), c.params(), t.outcome(), t.valAccuracy()));
            }
        }
        return out;
    }

    /** The run's leaderboard under {@code fitness}. */
    public static List<Leaderboard.Entry> leaderboard(Store store, String runId, FitnessFunction fitness) {
        return Leaderboard.rank(evaluated(store, runId), fitness);
    }
}
