package io.archlab.sandbox.ir;

/**
 * A candidate's tensors do not fit together: a shape mismatch, an impossible kernel, a missing
 * flatten. Raised while the IR is built, before anything is trained; its message goes back to
 * whoever wrote the candidate.
 */
public final class ShapeException extends RuntimeException {
    public ShapeException(String message) {
        super(message);
    }
}
