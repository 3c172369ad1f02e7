package io.archlab.knowledge;

import java.time.Instant;

/**
 * A discovery run as stored.
 *
 * @param configJson    the run's configuration (budgets, task, data), enough to resume it
 * @param softwareJson  versions of archlab, Java, DJL and the engine
 * @param dataSource    where the data came from
 * @param dataChecksums SHA-256 of each data file, as JSON
 * @param pid           process id of the last process that ran it
 * @param host          host name of that process
 * @param elapsedMs     active time spent on the run so far, across resumes
 */
public record RunRecord(String id, String task, RunState state, long seed, String configJson, String softwareJson,
        String dataSource, String dataChecksums, Long pid, String host, long elapsedMs, Instant createdAt,
        Instant updatedAt) {

    /** This record with {@code elapsedMs} replaced. */
    public RunRecord withElapsed(long elapsed) {
        return new RunRecord(id, task, state, seed, configJson, softwareJson, dataSource, dataChecksums, pid, host,
                elapsed, createdAt, updatedAt);
    }

    /** This record with its timestamps replaced. */
    public RunRecord withTimes(Instant created, Instant updated) {
        return new RunRecord(id, task, state, seed, configJson, softwareJson, dataSource, dataChecksums, pid, host,
                elapsedMs, created, updated);
    }
}
