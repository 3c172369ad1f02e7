package io.archlab.evaluator;

import java.util.Arrays;
import java.util.List;

/**
 * A candidate (or baseline) as the significance test sees it: its accuracy under each training seed
 * and its cost.
 *
 * @param id         the candidate's id
 * @param accuracies validation accuracy per seed, each finite
 * @param cost       its cost; {@link Cost#UNKNOWN} when null
 */
public record Sample(String id, List<Double> accuracies, Cost cost) {

    public Sample {
        if (id == null) {
            throw new IllegalArgumentException("a sample needs an id");
        }
        accuracies = List.copyOf(accuracies);
        for (Double a : accuracies) {
            if (!Double.isFinite(a)) {
                throw new IllegalArgumentException("sample " + id + " has a non-finite accuracy: " + a);
            }
        }
        cost = cost == null ? Cost.UNKNOWN : cost;
    }

    public static Sample of(String id, Cost cost, double... accuracies) {
        return new Sample(id, Arrays.stream(accuracies).boxed().toList(), cost);
    }

    /** How many seeds were trained. */
    public int seeds() {
        return accuracies.size();
    }

    /** The accuracies as a fresh array. */
    public double[] values() {
        return accuracies.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
