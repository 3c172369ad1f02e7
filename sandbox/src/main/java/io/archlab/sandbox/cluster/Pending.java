package io.archlab.sandbox.cluster;

/** One trial waiting for the result of its outstanding dispatch. */
final class Pending {
    private String member;
    private String dispatchId;
    private Wire.Result result;
    private boolean memberLeft;
    private boolean closed;

    synchronized void assign(String m, String dispatch) {
        this.member = m;
        this.dispatchId = dispatch;
        this.result = null;
        this.memberLeft = false;
    }

    /** Takes the result of the outstanding dispatch from the member it went to, once; false for any other. */
    synchronized boolean complete(Wire.Result r) {
        if (result != null || dispatchId == null || !dispatchId.equals(r.dispatchId())
                || !r.member().equals(member)) {
            return false;
        }
        result = r;
        notifyAll();
        return true;
    }

    synchronized void memberLeft(String m) {
        if (m.equals(member)) {
            memberLeft = true;
            notifyAll();
        }
    }

    synchronized boolean left() {
        return memberLeft;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Waits for the result, the member's departure or the close; false on timeout. */
    synchronized boolean await(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (result == null && !memberLeft && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    synchronized Wire.Result result() {
        return result;
    }
}
