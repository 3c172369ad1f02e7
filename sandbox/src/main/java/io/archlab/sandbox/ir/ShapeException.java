package io.archlab.sandbox.ir;

/**
 * A candidate's tensors do not fit together: a shape mismatch, a bad axis, an impossible size.
 * Raised while the IR is built, before anything is trained. It names the operation and the shapes;
 * the tracer adds the source line, so the message reads like
 * {@code matmul at GatedMixer.java:9: [B, 49, 32] x [B, 64, 49]: inner dimensions 32 and 64 differ}.
 * Its text is bounded ({@link BoundedText}): a candidate can make shapes and messages of any length.
 */
public final class ShapeException extends RuntimeException {
    /** The longest detail kept (a candidate can make shapes and messages of any length). */
    public static final int MAX_DETAIL_CHARS = 4_000;
    /** The longest operation name kept (it names the candidate's class). */
    static final int MAX_OP_CHARS = 400;
    private final String op;
    private final String detail;

    public ShapeException(String op, String detail) {
        super(BoundedText.of(op, MAX_OP_CHARS) + ": " + BoundedText.of(detail, MAX_DETAIL_CHARS));
        this.op = BoundedText.of(op, MAX_OP_CHARS);
        this.detail = BoundedText.of(detail, MAX_DETAIL_CHARS);
    }

    /** An error not tied to one operation. */
    public ShapeException(String message) {
        super(BoundedText.of(message, MAX_DETAIL_CHARS));
        this.op = null;
        this.detail = getMessage();
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
