package io.archlab.evaluator;

/**
 * A candidate with the result of its trial, as the evaluator sees it.
 *
 * @param ordinal     the candidate's position in its run (earlier wins ties)
 * @param params      trainable parameters, or null if it never traced
 * @param outcome     {@code succeeded} or a failure kind
 * @param valAccuracy validation accuracy, or null unless succeeded
 */
public record Evaluated(String candidateId, String name, int ordinal, Long params, String outcome,
        Double valAccuracy) {

    public boolean succeeded() {
        return "succeeded".equals(outcome) && valAccuracy != null;
    }
}
