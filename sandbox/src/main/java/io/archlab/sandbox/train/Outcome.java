package io.archlab.sandbox.train;

/**
 * How a trial ended. A candidate's failure is a value, not an exception: it carries what a repair
 * needs (kind, stage, message).
 */
public sealed interface Outcome {

    /** Short machine-readable name: {@code succeeded} or the failure kind in lower case. */
    String code();

    /** Trained and evaluated within its budget. */
    record Succeeded() implements Outcome {
        @Override
        public String code() {
            return "succeeded";
        }
    }

    /** The candidate failed at {@code stage}. */
    record Failed(FailureKind kind, Stage stage, String message) implements Outcome {
        @Override
        public String code() {
            return kind.name().toLowerCase();
        }
    }
}
