package io.archlab.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.archlab.evaluator.SuccessiveHalving;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.train.RungGate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Asynchronous successive halving within the screenings (ASHA: Li et al., MLSys 2020). A screening
 * of {@code S} steps has rungs at {@code S/eta²} and {@code S/eta} steps (those of at least
 * {@value #MIN_STEPS} steps): there its validation accuracy is measured and compared with that of
 * every other screening measured at the same rung. A proposal's screening that is not among the
 * best {@code max(1, ⌊n/eta⌋)} of the {@code n} there ({@link SuccessiveHalving#promote}, the one
 * promotion rule) stops: it is {@code pruned}, with the rung and the quantile it missed. Nothing is
 * pruned at a rung until {@code 2 × eta} screenings were measured there, so the first ones of a run
 * always train fully. A pruned screening is not lost: once later screenings make it one of the best
 * of its rung, it is resumed — trained again with its seed, so it reaches its rung as it did before
 * — and goes on to the rungs above.
 */
final class Rungs {
    /** The fewest steps at which a rung is measured: below that, validation accuracy says little. */
    static final long MIN_STEPS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Rungs() {
    }

    /** The rungs of a screening of {@code steps} steps (0 when its compute is in epochs: none). */
    static List<Long> marks(long steps, int eta) {
        TreeSet<Long> out = new TreeSet<>();
        for (long div = (long) eta * eta; div >= eta; div /= eta) {
            long mark = steps / div;
            if (mark >= MIN_STEPS && mark < steps) {
                out.add(mark);
            }
        }
        return List.copyOf(out);
    }

    /**
     * A gate for the screening of {@code candidateId}: at each rung from {@code fromRung} on, it
     * compares the accuracy measured there with the run's other screenings as stored at that moment.
     */
    static RungGate gate(Supplier<Collection<TrialRecord>> screenings, String candidateId, List<Long> marks,
            long total, int eta, int fromRung) {
        return (rung, steps, accuracy) -> rung < fromRung || rung >= marks.size() ? null
                : verdict(rung, marks.get(rung), total, candidateId, accuracy, scores(screenings.get(), marks.get(rung),
                        candidateId), eta);
    }

    /**
     * Null when a screening with {@code accuracy} at rung {@code rung} ({@code mark} of {@code total}
     * steps) is among the best of {@code peers} and itself; else why it stops.
     */
    static String verdict(int rung, long mark, long total, String candidateId, double accuracy,
            List<SuccessiveHalving.RungScore> peers, int eta) {
        List<SuccessiveHalving.RungScore> all = new ArrayList<>(peers);
        all.add(new SuccessiveHalving.RungScore(candidateId, accuracy));
        int n = (int) all.stream().filter(s -> !Double.isNaN(s.score())).count();
        if (n < 2 * eta || Double.isNaN(accuracy)) {
            return null;
        }
        List<SuccessiveHalving.RungScore> kept = new SuccessiveHalving(1, eta).promote(all);
        if (kept.stream().anyMatch(s -> s.candidateId().equals(candidateId))) {
            return null;
        }
        return String.format(Locale.ROOT, "pruned at rung %d (%d of %d steps): validation accuracy %.2f %% is not "
                + "among the best %d of the %d screenings there (top 1/%d; the last kept has %.2f %%)", rung + 1, mark,
                total, 100 * accuracy, kept.size(), n, eta, 100 * kept.get(kept.size() - 1).score());
    }

    /**
     * The pruned screenings that are now among the best of the rung they stopped at, to be resumed:
     * those of the highest rung first, each rung in screening order.
     */
    static List<TrialRecord> resumable(Map<String, TrialRecord> screenings, List<Long> marks, int eta) {
        List<TrialRecord> out = new ArrayList<>();
        for (int r = marks.size() - 1; r >= 0; r--) {
            long mark = marks.get(r);
            List<TrialRecord> pausedHere = screenings.values().stream()
                    .filter(t -> DiscoveryLoop.PRUNED.equals(t.outcome()) && t.steps() != null && t.steps() == mark)
                    .toList();
            if (pausedHere.isEmpty()) {
                continue;
            }
            List<SuccessiveHalving.RungScore> all = scores(screenings.values(), mark, null);
            if (all.stream().filter(s -> !Double.isNaN(s.score())).count() < 2L * eta) {
                continue;
            }
            List<String> kept = new SuccessiveHalving(1, eta).promote(all).stream()
                    .map(SuccessiveHalving.RungScore::candidateId).toList();
            pausedHere.stream().filter(t -> kept.contains(t.candidateId())).forEach(out::add);
        }
        return out;
    }

    /** The rung a pruned screening stopped at (0 first), or -1. */
    static int prunedAt(TrialRecord t, List<Long> marks) {
        return DiscoveryLoop.PRUNED.equals(t.outcome()) && t.steps() != null ? marks.indexOf(t.steps()) : -1;
    }

    /** Each screening's accuracy at {@code mark} steps, but {@code exclude}'s, in screening order. */
    private static List<SuccessiveHalving.RungScore> scores(Collection<TrialRecord> screenings, long mark,
            String exclude) {
        List<SuccessiveHalving.RungScore> out = new ArrayList<>();
        for (TrialRecord t : screenings) {
            if (!t.candidateId().equals(exclude)) {
                double s = scoreAt(t, mark);
                if (!Double.isNaN(s)) {
                    out.add(new SuccessiveHalving.RungScore(t.candidateId(), s));
                }
            }
        }
        return out;
    }

    /** The validation accuracy a trial's curve records at exactly {@code mark} steps, else NaN. */
    static double scoreAt(TrialRecord t, long mark) {
        if (t.curveJson() == null || t.fidelity() != 0) {
            return Double.NaN;
        }
        try {
            for (JsonNode p : JSON.readTree(t.curveJson())) {
                if (p.path("steps").asLong(-1) == mark) {
                    return p.path("valAccuracy").asDouble(Double.NaN);
                }
            }
        } catch (IOException e) {
            return Double.NaN;   // a curve that cannot be read says nothing about any rung
        }
        return Double.NaN;
    }
}
