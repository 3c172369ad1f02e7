package io.archlab.sandbox.ir;

/**
 * A candidate's tensors do not fit together: a shape mismatch, a bad axis, an impossible size.
 * Raised while the IR is built, before anything is trained. It names the operation and the shapes;
 * the tracer adds the source line, so the message reads like
 * {@code matmul at GatedMixer.java:9: [B, 49, 32] x [B, 64, 49]: inner dimensions 32 and 64 differ}.
 */
public final class ShapeException extends RuntimeException {
    private final String op;
    private final String detail;

    public ShapeException(String op, String detail) {
        super(op + ": " + detail);
        this.op = op;
        this.detail = detail;
    }

    /** An error not tied to one operation. */
    public ShapeException(String message) {
        super(message);
        this.op = null;
        this.detail = message;
    }

    /** The operation at fault, or null. */
    public String op() {
        return op;
    }

    /** The message without the operation's name. */
    public String detail() {
        return detail;
    }
}
