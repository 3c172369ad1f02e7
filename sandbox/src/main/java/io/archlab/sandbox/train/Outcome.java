package io.archlab.sandbox.train;

/**
 * How a trial ended. A candidate's failure is a value, not an exception: it carries what a repair
 * needs (kind, stage, message).
 */
@com.fasterxml.jackson.annotation.JsonTypeInfo(use = com.fasterxml.jackson.annotation.JsonTypeInfo.Id.NAME,
        property = "type")
@com.fasterxml.jackson.annotation.JsonSubTypes({
    @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = Outcome.Succeeded.class, name = "succeeded"),
    @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = Outcome.Failed.class, name = "failed")
})
public sealed interface Outcome {

    /** Short machine-readable name: {@code succeeded} or the failure kind in lower case. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    String code();

    /** Trained and evaluated within its budget. */
    record Succeeded() implements Outcome {
        @Override
        public String code() {
            return "succeeded";
        }
    }

    /** The candidate failed at {@code stage}; the message is bounded, whoever wrote it (a candidate can make it long). */
    record Failed(FailureKind kind, Stage stage, String message) implements Outcome {
        /** The longest message kept. */
        public static final int MAX_MESSAGE_CHARS = 16_000;

        public Failed {
            message = io.archlab.sandbox.ir.BoundedText.of(message, MAX_MESSAGE_CHARS);
        }

        @Override
        public String code() {
            return kind.name().toLowerCase();
        }
    }
}
