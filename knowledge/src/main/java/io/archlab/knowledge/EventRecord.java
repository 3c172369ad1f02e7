package io.archlab.knowledge;

import java.time.Instant;

/** Something that happened in a run: started, resumed, trial finished, completed, ... */
public record EventRecord(long id, String runId, Instant at, String kind, String message) {
}
