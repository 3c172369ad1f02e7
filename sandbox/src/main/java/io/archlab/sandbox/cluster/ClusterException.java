package io.archlab.sandbox.cluster;

/** An infrastructure fault of the cluster: no coordinator, a bad secret, a member that cannot start. */
public final class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
