package io.archlab.sandbox.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs trials on worker members of a Hazelcast cluster: the second {@link TrialRunner}, next to
 * {@link io.archlab.sandbox.worker.LocalWorkerPool}. This process is the cluster's only data
 * member; it sends each trial, sealed with the secret, to the queue of a worker member with a free
 * slot and the labels the run requires, and waits for the sealed result of that dispatch. Delivery
 * is at least once: a trial whose member leaves (killed, shut down, cut off) or cannot run it is
 * dispatched again to another member, and only the result of the outstanding dispatch is taken,
 * once, so nothing is lost or counted twice. A member that joins mid-run gets work as soon as it
 * proves the secret.
 */
public final class ClusterTrialRunner implements TrialRunner {
    /** How long a trial waits for a member before the run fails, by default. */
    public static final double DEFAULT_WAIT_SECONDS = 900;
    /** Bytes per chunk of a streamed data file. */
    static final int CHUNK_BYTES = 4 << 20;
    /** Largest data file the coordinator streams; bigger ones must be shared at the same path. */
    static final long MAX_STREAMED_BYTES = 1L << 30;
    /** Dispatches of one trial before it is recorded as failed (members leaving, or unable to run it). */
    static final int MAX_ATTEMPTS = 5;

    /**
     * The coordinator's side of the cluster.
     *
     * @param host         the interface (address or host name) to bind and announce; workers join it
     * @param port         the port workers join
     * @param allow        address patterns of members that may be given work ({@code 10.0.0.*},
     *                     {@code 192.168.1.7}); empty for any member that proves the secret
     * @param place        labels a member must carry to be given this run's trials ({@code gpu=a100})
     * @param graceSeconds beyond a trial's safety cap (+10 %), what a member's own pool allows for
     *                     starting, compiling and evaluating
     * @param waitSeconds  how long a trial may wait for a suitable member before the run fails
     */
    public record Settings(String host, int port, List<String> allow, Map<String, String> place,
            double graceSeconds, double waitSeconds) {
        public Settings {
            allow = allow == null ? List.of() : List.copyOf(allow);
            place = place == null ? Map.of() : Map.copyOf(place);
            for (String a : allow) {
                AddressPattern.check(a);
            }
        }

        /** Throws {@link IllegalArgumentException} naming a malformed address pattern. */
        public static void checkPattern(String pattern) {
            AddressPattern.check(pattern);
        }
    }

    /** What the runner tells about the cluster: members joining, leaving, refused; re-dispatches. */
    public interface Listener {
        void event(String kind, String message);

        Listener NONE = (kind, message) -> { };
    }

    /**
     * A member as the coordinator sees it.
     *
     * @param state {@code joining} (not yet proved the secret), {@code active}, {@code left} or
     *              {@code refused}
     */
    public record MemberView(String memberId, String address, String host, String labels, int cores, int slots,
            int busy, int done, double loadAverage, long rssBytes, String state, Instant joinedAt, Instant lastSeen) {
    }

    /**
     * Dispatch figures of the trials so far.
     *
     * @param results         results used
     * @param overheadMillis  per result: time from dispatch to result on the coordinator minus the
     *                        trial's own time on the member
     * @param redispatched    dispatches repeated because a member left
     * @param ignored         results ignored (not of the outstanding dispatch, or not sealed)
     */
    public record Stats(int results, List<Double> overheadMillis, int redispatched, int ignored) {
    }

    private final ClusterSecret secret;
    private final Settings settings;
    private final Wire.TaskSpec task;
    private final Map<String, Path> servable;
    private final Listener listener;
    private final HazelcastInstance hz;
    private final IMap<String, String> results;
    private final Map<String, WorkerSlots> members = new LinkedHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ThreadLocal<String> lastWorker = new ThreadLocal<>();
    private final List<Double> overheads = new ArrayList<>();
    private int redispatched;
    private int ignored;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread dataServer;

    /**
     * Starts the coordinator's member.
     *
     * @param task      what workers load: task, data path and checksums of its files
     * @param dataFiles the data files workers may ask to be streamed, by checksum
     */
    public ClusterTrialRunner(ClusterSecret secret, Settings settings, String taskName, String data,
            Map<String, String> files, int seqLen, int vocab, double validationFraction, Map<String, Path> dataFiles,
            Listener listener) {
        this.secret = secret;
        this.settings = settings;
        this.task = new Wire.TaskSpec(taskName, data, files, seqLen, vocab, validationFraction);
        this.servable = Map.copyOf(dataFiles);
        this.listener = listener;
        String ip = AddressPattern.resolve(settings.host());
        this.hz = Members.start(secret, ip, settings.port(), null, Map.of(Members.ROLE, Members.COORDINATOR));
        try {
            Member self = hz.getCluster().getLocalMember();
            if (self.getAddress().getPort() != settings.port()) {
                throw new ClusterException("port " + settings.port() + " on " + ip + " is taken");
            }
            this.results = hz.getMap(Members.RESULTS);
            this.dataServer = new Thread(new DataServer(hz, secret, servable, listener, () -> closed), "archlab-cluster-data");
            listen(ip);
        } catch (RuntimeException e) {
            hz.shutdown();
            throw e;
        }
    }

    private void listen(String ip) {
        IMap<String, String> status = hz.getMap(Members.STATUS);
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                added(e.getMember());
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                removed(e.getMember());
            }
        });
        for (Member m : hz.getCluster().getMembers()) {
            added(m);
        }
        results.addEntryListener(new Listen(this::onResult), true);
        status.addEntryListener(new Listen(this::onStatus), true);
        dataServer.setDaemon(true);
        dataServer.start();
        listener.event("cluster", "coordinator listening on " + ip + ":" + settings.port()
                + (settings.place().isEmpty() ? "" : "; trials only on members labelled " + labels(settings.place())));
    }

    /** Entry listener of the sealed maps, calling back with key, value and the member that wrote it. */
    private record Listen(Handler handler) implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String> {
        interface Handler {
            void handle(String key, String value, Member writer);
        }

        @Override
        public void entryAdded(EntryEvent<String, String> e) {
            handler.handle(e.getKey(), e.getValue(), e.getMember());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> e) {
            handler.handle(e.getKey(), e.getValue(), e.getMember());
        }
    }

    @Override
    public TrialResult run(TrialRequest req) {
        lastWorker.remove();
        Pending p = new Pending();
        if (pending.putIfAbsent(req.trialId(), p) != null) {
            throw new IllegalStateException("trial " + req.trialId() + " is already running");
        }
        long start = System.nanoTime();
        try {
            TrialRequest sent = req.withWeightsOut(null);
            // A member's own pool stops a trial at its safety cap + 10 % + grace (+ starting its workers);
            // this deadline only catches a member that stays in the cluster but never answers.
            double allowed = req.seconds() * 1.1 + settings.graceSeconds() + 600;
            String why = null;
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                String dispatchId = java.util.UUID.randomUUID().toString();
                WorkerSlots m = acquire(req.trialId(), p, dispatchId);
                if (m == null) {
                    return failed(FailureKind.CRASHED, "the cluster was shut down before the trial finished", start);
                }
                lastWorker.set("member " + m.shortId() + " (" + m.address + ")");
                boolean answered;
                long sentAt = System.nanoTime();
                try {
                    String msg = Wire.write(secret, new Wire.Dispatch(dispatchId, req.trialId(), attempt, m.id, task,
                            sent, req.weightsOut() != null, System.currentTimeMillis()));
                    if (!p.left()) {
                        hz.<String>getQueue(Members.WORK_QUEUE + m.id).offer(msg);
                    }
                    answered = p.await((long) (allowed * 1e9));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return failed(FailureKind.CRASHED, "interrupted while the trial ran on member " + m.shortId(), start);
                } catch (RuntimeException e) {
                    if (closed) {
                        return failed(FailureKind.CRASHED, "the cluster was shut down during the trial", start);
                    }
                    throw e;
                } finally {
                    release(m);
                }
                Wire.Result r = p.result();
                if (r != null && !r.infrastructure()) {
                    return accept(m, r, req, sentAt, start);
                }
                if (closed) {
                    return failed(FailureKind.CRASHED, "the cluster was shut down during the trial", start);
                }
                if (!answered) {
                    unresponsive(m, allowed);
                    return failed(FailureKind.TIMEOUT, String.format("member %s (%s) gave no result within %.0f s",
                            m.shortId(), m.address, allowed), start);
                }
                why = r != null ? "member " + m.shortId() + " at " + m.address + " could not run it: "
                        + (r.result() != null && r.result().outcome() instanceof Outcome.Failed f ? f.message() : "?")
                        : "member " + m.shortId() + " at " + m.address + " left the cluster";
                synchronized (this) {
                    redispatched++;
                }
                if (attempt < MAX_ATTEMPTS) {
                    listener.event("redispatched", "trial " + req.trialId() + " (attempt " + attempt + ") is "
                            + "dispatched again: " + why);
                }
            }
            return failed(FailureKind.CRASHED, "dispatched " + MAX_ATTEMPTS + " times without a result; last: " + why,
                    start);
        } finally {
            pending.remove(req.trialId());
        }
    }

    /** A member that kept a trial past every deadline gets no more work. */
    private void unresponsive(WorkerSlots m, double allowed) {
        synchronized (this) {
            m.state = "refused";
        }
        listener.event("refused", String.format("member %s at %s gave no result within %.0f s: it is given no more "
                + "work", m.shortId(), m.address, allowed));
    }

    private TrialResult accept(WorkerSlots m, Wire.Result r, TrialRequest req, long sentAt, long start) {
        double roundTripMs = (System.nanoTime() - sentAt) / 1e6;
        synchronized (this) {
            overheads.add(Math.max(0, roundTripMs - r.runSeconds() * 1000));
            WorkerSlots by = members.get(r.member());
            if (by != null) {
                by.done++;
            }
        }
        WorkerSlots by = members.getOrDefault(r.member(), m);
        lastWorker.set("member " + by.shortId() + " (" + by.address + ") " + r.worker());
        TrialResult result = r.result();
        if (result == null || result.outcome() == null) {
            return failed(FailureKind.CRASHED, "member " + by.shortId() + " sent a result without an outcome", start);
        }
        if (r.weights() != null && req.weightsOut() != null && result.succeeded()) {
            try {
                Files.createDirectories(req.weightsOut().toAbsolutePath().getParent());
                Files.write(req.weightsOut(), Base64.getDecoder().decode(r.weights()));
            } catch (IOException | IllegalArgumentException e) {
                return failed(FailureKind.CRASHED, "the weights from member " + by.shortId() + " could not be stored: "
                        + e.getMessage(), start);
            }
        }
        return new TrialResult(result.outcome(), result.graph(), result.metrics(), result.curve(),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * A member with a free slot for this run's trials, with {@code p} assigned to it (under this
     * runner's lock, so a member leaving meanwhile is either not chosen or seen leaving by {@code p});
     * waits for one. The run fails when no member that may take the trial exists for the wait time
     * (members that exist but are busy do not count against it). Null once closed.
     */
    private synchronized WorkerSlots acquire(String trialId, Pending p, String dispatchId) throws ClusterException {
        long deadline = System.nanoTime() + (long) (settings.waitSeconds() * 1e9);
        boolean told = false;
        while (!closed) {
            WorkerSlots best = null;
            boolean suitable = false;
            for (WorkerSlots m : members.values()) {
                suitable |= m.suitable(settings.place());
                if (m.eligible(settings.place()) && (best == null || m.free() > best.free()
                        || m.free() == best.free() && m.busy < best.busy)) {
                    best = m;
                }
            }
            if (best != null) {
                best.busy++;
                p.assign(best.id, dispatchId);
                return best;
            }
            if (suitable) {
                deadline = System.nanoTime() + (long) (settings.waitSeconds() * 1e9);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ClusterException(String.format("no worker member%s joined for trial %s within %.0f s: "
                        + "start one with 'archlab worker --join %s:%d'", settings.place().isEmpty() ? ""
                        : " labelled " + labels(settings.place()), trialId, settings.waitSeconds(), settings.host(),
                        settings.port()));
            }
            if (!told && !suitable) {
                told = true;
                listener.event("waiting", "trial " + trialId + " waits for a worker member" + (settings.place()
                        .isEmpty() ? "" : " labelled " + labels(settings.place())));
            }
            try {
                wait(Math.min(1000, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private synchronized void release(WorkerSlots m) {
        m.busy--;
        notifyAll();
    }

    private synchronized void added(Member m) {
        if (m.localMember() || members.containsKey(m.getUuid().toString())) {
            return;
        }
        WorkerSlots s = new WorkerSlots(m);
        members.put(s.id, s);
        if (!Members.WORKER.equals(m.getAttribute(Members.ROLE))) {
            s.state = "refused";
            listener.event("refused", "member " + s.shortId() + " at " + s.address + " is not an archlab worker");
        } else if (!AddressPattern.anyMatch(settings.allow(), s.ip)) {
            s.state = "refused";
            listener.event("refused", "member " + s.shortId() + " at " + s.address + " is outside the allowed "
                    + "addresses " + String.join(", ", settings.allow()) + ": it is given no work");
        }
    }

    private void removed(Member m) {
        String id = m.getUuid().toString();
        WorkerSlots s;
        synchronized (this) {
            s = members.get(id);
            if (s == null) {
                return;
            }
            if (!"refused".equals(s.state)) {
                s.state = "left";
            }
            s.lastSeen = Instant.now();
            notifyAll();
        }
        if (s.status != null) {
            listener.event("left", "member " + s.shortId() + " at " + s.address + " left the cluster");
        }
        pending.values().forEach(p -> p.memberLeft(id));
        try {
            hz.getQueue(Members.WORK_QUEUE + id).destroy();
            hz.getMap(Members.STATUS).delete(id);
        } catch (RuntimeException e) {
            // shutting down
        }
    }

    private void onStatus(String key, String value, Member writer) {
        Wire.Status st;
        try {
            st = Wire.read(secret, value, Wire.Status.class);
        } catch (ClusterException e) {
            listener.event("refused", "status of member " + key + " refused: " + e.getMessage());
            return;
        }
        boolean joined;
        synchronized (this) {
            WorkerSlots s = members.get(key);
            if (s == null || !key.equals(st.member()) || writer == null || !writer.getUuid().toString().equals(key)
                    || "left".equals(s.state)) {
                return;
            }
            joined = s.status == null && !"refused".equals(s.state);
            s.status = st;
            s.lastSeen = Instant.now();
            if (joined) {
                s.state = "active";
                notifyAll();   // a member joining mid-run gets work at once
            }
        }
        if (joined) {
            listener.event("joined", String.format("member %s joined from %s (%s): %d core(s), %d slot(s)%s",
                    key.substring(0, 8), st.address(), st.host(), st.cores(), st.slots(),
                    st.labels().isEmpty() ? "" : ", labels " + st.labels()));
        }
    }

    private void onResult(String key, String value, Member writer) {
        Wire.Result r;
        try {
            r = Wire.read(secret, value, Wire.Result.class);
        } catch (ClusterException e) {
            synchronized (this) {
                ignored++;
            }
            listener.event("refused", "result " + key + " refused: " + e.getMessage());
            results.deleteAsync(key);
            return;
        }
        Pending p = r.trialId() == null ? null : pending.get(r.trialId());
        boolean fromWriter = writer != null && writer.getUuid().toString().equals(r.member());
        if (p == null || !key.equals(r.dispatchId()) || !fromWriter || !p.complete(r)) {
            synchronized (this) {
                ignored++;   // not the outstanding dispatch of a trial (an earlier one's, a replay, a late one)
            }
        }
        results.deleteAsync(key);
    }

    /** The members seen so far, with their latest status. */
    public synchronized List<MemberView> members() {
        List<MemberView> out = new ArrayList<>();
        for (WorkerSlots m : members.values()) {
            Wire.Status st = m.status;
            out.add(new MemberView(m.id, st != null ? st.address() : m.address, st != null ? st.host() : m.ip,
                    st != null ? st.labels() : "", st != null ? st.cores() : 0, m.slots(), Math.max(0, m.busy), m.done,
                    st == null || st.load() < 0 ? Double.NaN : st.load(), st != null ? st.rssBytes() : 0, m.state,
                    m.joinedAt, m.lastSeen));
        }
        return out;
    }

    /** The slots of the members that may be given this run's trials. */
    @Override
    public synchronized int capacity() {
        int n = 0;
        for (WorkerSlots m : members.values()) {
            if ("active".equals(m.state) && m.status != null && WorkerSlots.carries(m.status.labels(), settings.place())) {
                n += m.slots();
            }
        }
        return n;
    }

    /** Dispatch figures so far. */
    public synchronized Stats stats() {
        return new Stats(overheads.size(), List.copyOf(overheads), redispatched, ignored);
    }

    /** The address workers join. */
    public String address() {
        return settings.host() + ":" + settings.port();
    }

    @Override
    public String lastWorker() {
        String w = lastWorker.get();
        return w == null ? "cluster" : w;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        synchronized (this) {
            for (WorkerSlots m : members.values()) {
                if (!"refused".equals(m.state) && !"left".equals(m.state)) {
                    m.state = "left";   // the run's cluster is over
                    m.lastSeen = Instant.now();
                }
            }
            notifyAll();
        }
        pending.values().forEach(Pending::close);
        try {
            hz.shutdown();
        } catch (RuntimeException e) {
            // already down
        }
        dataServer.interrupt();
    }

    private static String labels(Map<String, String> l) {
        return new java.util.TreeMap<>(l).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(","));
    }

    private static TrialResult failed(FailureKind kind, String message, long start) {
        return new TrialResult(new Outcome.Failed(kind, Stage.TRAIN, message), null, null, List.of(),
                (System.nanoTime() - start) / 1e9);
    }
}
