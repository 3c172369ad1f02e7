package io.archlab.knowledge;

/** The knowledge base failed (connection, migration, constraint): an infrastructure fault. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
