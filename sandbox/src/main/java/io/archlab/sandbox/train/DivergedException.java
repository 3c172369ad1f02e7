package io.archlab.sandbox.train;

/** Training produced a non-finite loss. */
final class DivergedException extends RuntimeException {
    DivergedException(String message) {
        super(message);
    }
}
