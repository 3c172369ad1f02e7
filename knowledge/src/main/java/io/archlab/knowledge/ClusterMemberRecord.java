package io.archlab.knowledge;

import java.time.Instant;

/**
 * A machine of the cluster a run's coordinator dispatches trials to (scale-out over Hazelcast), as
 * last reported. The store keeps one record per run and member, replaced as the member reports.
 *
 * @param runId       the run whose coordinator saw the member
 * @param memberId    the Hazelcast member UUID, as a string
 * @param address     where the member listens, e.g. {@code 10.0.0.5:5701}
 * @param labels      the member's labels as {@code key=value} pairs separated by commas, e.g.
 *                    {@code gpu=a100,zone=b}; empty when it has none, never null
 * @param cores       processors available to the member
 * @param slots       trials the member runs at once
 * @param busy        slots running a trial now
 * @param trialsDone  trials the member has finished for the run
 * @param loadAverage the member's system load average over the last minute, or NaN when unknown (stored as NULL)
 * @param rssBytes    resident memory of the member's process, in bytes
 * @param state       {@link #ACTIVE}, {@link #LEFT} or {@link #REFUSED}
 * @param joinedAt    when the member joined the run's cluster
 * @param lastSeen    when the member last reported
 */
public record ClusterMemberRecord(String runId, String memberId, String address, String labels, int cores, int slots,
        int busy, int trialsDone, double loadAverage, long rssBytes, String state, Instant joinedAt,
        Instant lastSeen) {

    /** A member taking trials. */
    public static final String ACTIVE = "active";
    /** A member that has left the cluster. */
    public static final String LEFT = "left";
    /** A member the coordinator will not use (e.g. an address outside the allowed list). */
    public static final String REFUSED = "refused";
}
