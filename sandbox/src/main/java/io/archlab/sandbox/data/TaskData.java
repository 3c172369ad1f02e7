package io.archlab.sandbox.data;

import java.util.Map;

/**
 * A task with its data: the training set (validation is carved from it) and the held-out test
 * set, where they came from, and checksums of the files read (or of the generator's settings).
 */
public record TaskData(Task task, Dataset train, Dataset test, String source, boolean subset,
        Map<String, String> sha256) {
}
