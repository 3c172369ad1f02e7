package io.archlab.sandbox.cluster;

import com.hazelcast.cluster.Member;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A worker member and the coordinator's count of the trials it was given. */
final class WorkerSlots {
    final String id;
    final String address;
    final String ip;
    final Instant joinedAt = Instant.now();
    Instant lastSeen = joinedAt;
    Wire.Status status;
    String state = "joining";
    int busy;
    int done;

    WorkerSlots(Member m) {
        this.id = m.getUuid().toString();
        this.ip = m.getAddress().getHost();
        this.address = ip + ":" + m.getAddress().getPort();
    }

    String shortId() {
        return id.substring(0, 8);
    }

    int slots() {
        return status == null ? 0 : status.slots();
    }

    int free() {
        return slots() - busy;
    }

    boolean eligible(Map<String, String> place) {
        return suitable(place) && free() > 0;
    }

    /** Active, proved the secret, and carries the labels: may take the run's trials, now or later. */
    boolean suitable(Map<String, String> place) {
        return "active".equals(state) && status != null && carries(status.labels(), place);
    }

    static boolean carries(String labels, Map<String, String> place) {
        if (place.isEmpty()) {
            return true;
        }
        java.util.Set<String> have = new java.util.HashSet<>(List.of(labels.split(",")));
        return place.entrySet().stream().allMatch(e -> have.contains(e.getKey() + "=" + e.getValue()));
    }
}
