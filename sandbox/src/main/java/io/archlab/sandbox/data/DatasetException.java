package io.archlab.sandbox.data;

/** A dataset that cannot be read: missing, truncated or corrupt. The message names the file. */
public final class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
