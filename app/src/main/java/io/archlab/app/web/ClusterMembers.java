package io.archlab.app.web;

import io.archlab.knowledge.ClusterMemberRecord;
import io.archlab.knowledge.RunRecord;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A run's cluster members (the machines its coordinator dispatches trials to), as the run's page, its
 * live updates and {@code /api/runs/{id}/members} show them. Read from the store on every request:
 * members report without moving the run's row, so a cached {@link RunSnapshot} would not see them.
 */
@ApplicationScoped
public class ClusterMembers {
    /** Characters of a member id shown. */
    static final int SHORT_ID = 8;

    @Inject
    DashboardStore stores;

    @Inject
    RunSnapshots snapshots;

    /**
     * One member: its stored figures, and the text the page and its live updates show for them.
     *
     * @param shortId      the first {@value #SHORT_ID} characters of the member id
     * @param loadAverage  the load average, or null when unknown
     * @param busyText     busy slots of all, {@code 2 / 3}
     * @param loadText     the load average with two decimals, empty when unknown
     * @param rssMb        resident memory in MB (10^6 bytes), with thousands separators
     * @param lastSeenText when the member last reported, in UTC to the second (as the page writes times)
     */
    @TemplateData
    public record Member(String memberId, String shortId, String address, String labels, String state, int cores,
            int slots, int busy, int trialsDone, Double loadAverage, long rssBytes, Instant joinedAt,
            Instant lastSeen, String busyText, String loadText, String rssMb, String lastSeenText) {

        /** A member the coordinator will not use. */
        public boolean refused() {
            return ClusterMemberRecord.REFUSED.equals(state);
        }
    }

    /** The members of {@code runId} by time of joining, or 404 for an unknown run. */
    public List<Member> of(String runId) {
        return of(snapshots.run(runId));
    }

    List<Member> of(RunRecord run) {
        return stores.get().clusterMembers(run.id()).stream().map(ClusterMembers::member).toList();
    }

    static Member member(ClusterMemberRecord m) {
        Double load = Double.isNaN(m.loadAverage()) ? null : m.loadAverage();
        String id = m.memberId();
        return new Member(id, id.length() <= SHORT_ID ? id : id.substring(0, SHORT_ID), m.address(), m.labels(),
                m.state(), m.cores(), m.slots(), m.busy(), m.trialsDone(), load, m.rssBytes(), m.joinedAt(),
                m.lastSeen(), m.busy() + " / " + m.slots(), TemplateSupport.dec(load, 2),
                String.format(Locale.ROOT, "%,d", Math.round(m.rssBytes() / 1e6)), TemplateSupport.time(m.lastSeen()));
    }
}
