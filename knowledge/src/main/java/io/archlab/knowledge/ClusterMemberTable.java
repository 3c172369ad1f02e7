package io.archlab.knowledge;

import static io.archlab.knowledge.Jdbc.doubleOrNull;
import static io.archlab.knowledge.Jdbc.instant;
import static io.archlab.knowledge.Jdbc.query;
import static io.archlab.knowledge.Jdbc.update;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL of the {@code cluster_members} table (migration V7), kept out of {@link JdbcStore}: one
 * row per run and member, replaced as the member reports, with an unknown load average as NULL.
 */
final class ClusterMemberTable {
    private ClusterMemberTable() {
    }

    /**
     * Replaces the member's row, or adds it. Portable between H2 and PostgreSQL (PostgreSQL 14 has no
     * MERGE, H2 no ON CONFLICT): an update, then an insert when it found no row. Two transactions adding
     * the same new member at once make the later insert fail with {@link #lostInsertRace}; run again,
     * its update finds the row.
     */
    static void upsert(Connection c, ClusterMemberRecord m) throws SQLException {
        Double load = Double.isNaN(m.loadAverage()) ? null : m.loadAverage();
        int updated = update(c, "UPDATE cluster_members SET address = ?, labels = ?, state = ?, cores = ?, slots = ?,"
                + " busy = ?, trials_done = ?, load_average = ?, rss_bytes = ?, joined_at = ?, last_seen = ?"
                + " WHERE run_id = ? AND member_id = ?", m.address(), m.labels(), m.state(), m.cores(), m.slots(),
                m.busy(), m.trialsDone(), load, m.rssBytes(), m.joinedAt(), m.lastSeen(), m.runId(), m.memberId());
        if (updated == 0) {
            update(c, "INSERT INTO cluster_members (run_id, member_id, address, labels, state, cores, slots, busy,"
                    + " trials_done, load_average, rss_bytes, joined_at, last_seen)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", m.runId(), m.memberId(), m.address(),
                    m.labels(), m.state(), m.cores(), m.slots(), m.busy(), m.trialsDone(), load, m.rssBytes(),
                    m.joinedAt(), m.lastSeen());
        }
    }

    /** The run's members, by time of joining, then id. */
    static List<ClusterMemberRecord> of(Connection c, String runId) throws SQLException {
        return query(c, "SELECT * FROM cluster_members WHERE run_id = ? ORDER BY joined_at, member_id",
                ClusterMemberTable::row, runId);
    }

    /** A unique-key violation (SQLSTATE 23505 in H2 and PostgreSQL): another transaction added the row first. */
    static boolean lostInsertRace(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    private static ClusterMemberRecord row(ResultSet rs) throws SQLException {
        Double load = doubleOrNull(rs, "load_average");
        return new ClusterMemberRecord(rs.getString("run_id"), rs.getString("member_id"), rs.getString("address"),
                rs.getString("labels"), rs.getInt("cores"), rs.getInt("slots"), rs.getInt("busy"),
                rs.getInt("trials_done"), load == null ? Double.NaN : load, rs.getLong("rss_bytes"),
                rs.getString("state"), instant(rs, "joined_at"), instant(rs, "last_seen"));
    }
}
