package io.archlab.sandbox.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.archlab.sandbox.compile.CompileException;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.PolicyException;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.ProcStatus;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.worker.LocalWorkerPool;
import io.archlab.sandbox.worker.WorkerSpec;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker member: joins the coordinator's cluster as a Hazelcast lite member (it holds none of
 * the cluster's data), proves the secret with a sealed status, and runs the trials it is sent in a
 * {@link LocalWorkerPool} of its own, with the same budgets and containment as on one machine. It
 * checks every source against the safety policy itself before anything else. When the coordinator
 * goes (the run ended, or it was killed), the trials in flight are dropped — the coordinator
 * dispatches them again — and the member waits to join the next coordinator at the same address.
 */
public final class ClusterWorker {
    /** How often the member's status is refreshed. */
    static final long STATUS_MILLIS = 2000;

    /**
     * A worker member's settings.
     *
     * @param join        the coordinator's {@code host:port}
     * @param bindHost    the interface to bind and announce, or null for the one that reaches the
     *                    coordinator
     * @param cores       cores this member offers
     * @param slots       trials run at once (each gets cores / slots engine threads)
     * @param maxRssBytes resident memory cap of each trial process, 0 for none
     * @param labels      placement labels
     * @param cacheDir    where streamed data files are kept
     * @param logDir      where the trial processes' logs go
     * @param joinSeconds how long the first join may take before the member gives up (0: forever)
     * @param graceSeconds time a trial process is allowed beyond its budget + 10 %
     */
    public record Settings(String join, String bindHost, int cores, int slots, long maxRssBytes,
            Map<String, String> labels, Path cacheDir, Path logDir, double joinSeconds, double graceSeconds) {
        public Settings {
            Members.parseAddress("--join", join);
            if (cores < 1 || slots < 1 || slots > cores) {
                throw new IllegalArgumentException("a worker needs cores >= 1 and 1 <= slots <= cores, got " + cores
                        + " core(s) and " + slots + " slot(s)");
            }
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            labels.forEach(ClusterWorker::checkLabel);
        }
    }

    /**
     * Throws {@link IllegalArgumentException} for a label ({@code --label}, {@code --place}) that
     * could not be matched: keys and values are letters, digits and {@code _ . -} (values also {@code :}).
     */
    public static void checkLabel(String key, String value) {
        if (key == null || value == null || !key.matches("[A-Za-z0-9_.-]+") || !value.matches("[A-Za-z0-9_.:-]+")) {
            throw new IllegalArgumentException("label " + key + "=" + value + ": keys and values are letters, digits "
                    + "and _ . - (values also :)");
        }
    }

    /** Where the member tells what it does. */
    public interface Listener {
        void info(String message);
    }

    private final ClusterSecret secret;
    private final Settings settings;
    private final List<String> launch;
    private final Listener listener;
    private final DataCache cache;
    private final DslCompiler compiler = new DslCompiler();
    private volatile boolean stopped;
    private volatile HazelcastInstance current;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();

    /**
     * @param launch the command that starts a trial process ({@link io.archlab.sandbox.worker.WorkerMain})
     */
    public ClusterWorker(ClusterSecret secret, Settings settings, List<String> launch, Listener listener) {
        this.secret = secret;
        this.settings = settings;
        this.launch = List.copyOf(launch);
        this.listener = listener;
        this.cache = new DataCache(settings.cacheDir());
    }

    /**
     * Serves coordinators until {@link #stop()}. The first join must succeed within the settings'
     * join time, else a {@link ClusterException} says why (no coordinator, or another secret).
     */
    public void serve() {
        java.net.InetSocketAddress join = Members.parseAddress("--join", settings.join());
        String coordinatorIp = AddressPattern.resolve(join.getHostString());
        String bind = settings.bindHost() != null ? AddressPattern.resolve(settings.bindHost()) : route(coordinatorIp,
                join.getPort());
        boolean joinedOnce = false;
        long firstDeadline = settings.joinSeconds() <= 0 ? Long.MAX_VALUE
                : System.nanoTime() + (long) (settings.joinSeconds() * 1e9);
        while (!stopped) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put(Members.ROLE, Members.WORKER);
            HazelcastInstance hz;
            try {
                hz = Members.start(secret, bind, join.getPort() < 65000 ? join.getPort() + 1 : 5702,
                        coordinatorIp + ":" + join.getPort(), attrs);
            } catch (ClusterException e) {
                if (!joinedOnce) {
                    throw e;
                }
                listener.info("cannot rejoin yet: " + e.getMessage());
                sleep(5000);
                continue;
            }
            current = hz;
            Member coordinator = hz.getCluster().getMembers().stream()
                    .filter(m -> Members.COORDINATOR.equals(m.getAttribute(Members.ROLE))).findFirst().orElse(null);
            if (coordinator == null) {
                shutdown(hz);
                if (!joinedOnce && System.nanoTime() > firstDeadline) {
                    throw new ClusterException("no archlab coordinator with this cluster secret answered at "
                            + settings.join() + " within " + (long) settings.joinSeconds() + " s: is 'archlab run "
                            + "--cluster " + settings.join() + "' running there, with the same " + ClusterSecret.ENV
                            + " (or --secret-file)? A member with another secret is refused");
                }
                sleep(2000);
                continue;
            }
            joinedOnce = true;
            try {
                session(hz, coordinator);
            } finally {
                shutdown(hz);
            }
        }
    }

    /** Leaves the cluster; the coordinator dispatches this member's trials in flight again. */
    public void stop() {
        stopped = true;
        HazelcastInstance hz = current;
        if (hz != null) {
            shutdown(hz);
        }
    }

    private void session(HazelcastInstance hz, Member coordinator) {
        String me = hz.getCluster().getLocalMember().getUuid().toString();
        java.util.concurrent.CountDownLatch gone = new java.util.concurrent.CountDownLatch(1);
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                if (e.getMember().getUuid().equals(coordinator.getUuid())) {
                    gone.countDown();
                    // Without its only data member the cluster can hold nothing: leave it at once, so
                    // that calls waiting on it end, and join the next coordinator afresh.
                    Thread t = new Thread(() -> shutdown(hz), "archlab-member-leave");
                    t.setDaemon(true);
                    t.start();
                }
            }
        });
        if (!hz.getCluster().getMembers().contains(coordinator)) {
            return;
        }
        listener.info("joined the cluster at " + settings.join() + " as member " + me.substring(0, 8) + " ("
                + settings.cores() + " core(s), " + settings.slots() + " slot(s)"
                + (settings.labels().isEmpty() ? "" : ", labels " + labels()) + ")");
        Pools pools = new Pools();
        ExecutorService slots = Executors.newFixedThreadPool(settings.slots(), r -> {
            Thread t = new Thread(r, "archlab-member-slot");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "archlab-member-status");
            t.setDaemon(true);
            return t;
        });
        Semaphore free = new Semaphore(settings.slots());
        java.util.Set<String> seen = new java.util.HashSet<>();
        try {
            IMap<String, String> status = hz.getMap(Members.STATUS);
            ticker.scheduleAtFixedRate(() -> publishStatus(hz, status, me), 0, STATUS_MILLIS, TimeUnit.MILLISECONDS);
            IQueue<String> queue = hz.getQueue(Members.WORK_QUEUE + me);
            while (!stopped && gone.getCount() > 0) {
                if (!free.tryAcquire(500, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                String msg = queue.poll(500, TimeUnit.MILLISECONDS);
                if (msg == null) {
                    free.release();
                    continue;
                }
                slots.submit(() -> {
                    try {
                        handle(hz, me, msg, pools, seen);
                    } finally {
                        free.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopped && gone.getCount() > 0) {
                listener.info("lost the cluster: " + e.getMessage());
            }
        } finally {
            if (gone.getCount() == 0 && !stopped) {
                listener.info("the coordinator left: trials in flight are dropped (it dispatches them again); "
                        + "waiting for the next one at " + settings.join());
            }
            ticker.shutdownNow();
            pools.close();   // trials in flight end (their processes are stopped); no new pool starts
            slots.shutdownNow();
            try {
                slots.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The session's pools of trial processes; once closed, none starts. */
    private static final class Pools {
        final Map<String, LocalWorkerPool> open = new HashMap<>();
        boolean closed;

        synchronized void close() {
            closed = true;
            open.values().forEach(LocalWorkerPool::close);
            open.clear();
        }
    }

    private void handle(HazelcastInstance hz, String me, String msg, Pools pools, java.util.Set<String> seen) {
        Wire.Dispatch d;
        try {
            d = Wire.read(secret, msg, Wire.Dispatch.class);
        } catch (ClusterException e) {
            listener.info("refused a trial: " + e.getMessage());
            return;
        }
        if (!me.equals(d.member()) || d.dispatchId() == null || d.request() == null || d.task() == null) {
            listener.info("refused trial " + d.trialId() + ": sent to another member, or incomplete");
            return;
        }
        synchronized (seen) {
            if (!seen.add(d.dispatchId())) {
                listener.info("refused trial " + d.trialId() + ": a dispatch already received (replayed?)");
                return;
            }
        }
        busy.incrementAndGet();
        long start = System.nanoTime();
        listener.info("trial " + d.trialId() + " started (attempt " + d.attempt() + ")");
        TrialResult r;
        String worker = "";
        String weights = null;
        Path weightsFile = null;
        boolean infrastructure = false;
        try {
            r = policy(d.request().source(), start);
            if (r != null) {
                worker = "(refused by the member's policy check)";
            } else {
                LocalWorkerPool pool = pool(hz, me, d.task(), pools);
                if (d.weights()) {
                    Files.createDirectories(settings.logDir().resolve("weights"));
                    weightsFile = settings.logDir().resolve("weights").resolve(d.trialId() + "-" + d.attempt()
                            + ".params");
                }
                TrialRequest q = d.request();
                r = pool.run(q.withWeightsOut(weightsFile));
                worker = pool.lastWorker();
                if (weightsFile != null && r.succeeded() && Files.isRegularFile(weightsFile)) {
                    weights = Base64.getEncoder().encodeToString(Files.readAllBytes(weightsFile));
                }
            }
        } catch (Throwable e) {   // whatever stops this member from running it, the coordinator hears of it
            infrastructure = true;
            r = new TrialResult(new Outcome.Failed(FailureKind.CRASHED, Stage.TRAIN, "worker member "
                    + me.substring(0, 8) + " could not run the trial: " + e), null, null, List.of(),
                    (System.nanoTime() - start) / 1e9);
        } finally {
            busy.decrementAndGet();
            if (weightsFile != null) {
                try {
                    Files.deleteIfExists(weightsFile);
                } catch (IOException e) {
                    // a leftover file in the log directory
                }
            }
        }
        if (stopped) {
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            hz.<String, String>getMap(Members.RESULTS).set(d.dispatchId(), Wire.write(secret, new Wire.Result(
                    d.dispatchId(), d.trialId(), d.attempt(), me, worker, r, weights, seconds, infrastructure)));
            done.incrementAndGet();
            listener.info(String.format("trial %s finished: %s in %.1f s", d.trialId(), r.outcome().code(), seconds));
        } catch (RuntimeException e) {
            listener.info("trial " + d.trialId() + " finished but its result could not be sent (the coordinator is "
                    + "gone?): " + e.getMessage());
        }
    }

    /** Sources that passed the policy here, by SHA-256: a promoted candidate's re-trainings are checked once. */
    private final Map<String, Boolean> passed = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 4096;
                }
            });

    /** The safety policy, checked here before the source goes anywhere; the failure, or null when allowed. */
    private TrialResult policy(String source, long start) {
        String hash = Wire.sha256(source);
        if (passed.containsKey(hash)) {
            return null;
        }
        try {
            compiler.checkPolicy(source);
            passed.put(hash, Boolean.TRUE);
            return null;
        } catch (PolicyException e) {
            return new TrialResult(new Outcome.Failed(FailureKind.POLICY_VIOLATION, Stage.POLICY, e.getMessage()),
                    null, null, List.of(), (System.nanoTime() - start) / 1e9);
        } catch (CompileException e) {
            return null;   // not parseable: the trial process reports the compile error in full
        }
    }

    /** The pool of trial processes for a run's task, started (with its data) on the first trial. */
    private LocalWorkerPool pool(HazelcastInstance hz, String me, Wire.TaskSpec task, Pools pools) {
        synchronized (pools) {
            if (pools.closed) {
                throw new ClusterException("the session with the coordinator ended");
            }
            LocalWorkerPool p = pools.open.get(task.key());
            if (p != null) {
                return p;
            }
            pools.open.values().forEach(LocalWorkerPool::close);
            pools.open.clear();
            boolean[] streamed = {false};
            String data = cache.localData(task, (name, sha) -> fetch(hz, me, name, sha), streamed);
            listener.info("data for " + task.task() + ": " + (data == null ? "generated" : data)
                    + (streamed[0] ? " (streamed from the coordinator, cached by checksum)" : ""));
            int threads = Math.max(1, settings.cores() / settings.slots());
            LocalWorkerPool.Limits d = LocalWorkerPool.Limits.defaults();
            p = new LocalWorkerPool(launch, new WorkerSpec(task.task(), data, "subset".equals(data), task.seqLen(),
                    task.vocab(), task.validationFraction(), threads), new LocalWorkerPool.Limits(settings.slots(),
                    settings.maxRssBytes(), settings.graceSeconds(), d.startSeconds()),
                    settings.logDir().resolve(task.key()));
            pools.open.put(task.key(), p);
            return p;
        }
    }

    /** One data file from the coordinator: asked for once, then read in chunks. */
    private byte[] fetch(HazelcastInstance hz, String me, String name, String sha) {
        IMap<String, String> index = hz.getMap(Members.DATA + ".index");
        IMap<String, byte[]> chunks = hz.getMap(Members.DATA);
        if (!index.containsKey(sha)) {
            hz.<String>getQueue(Members.DATA_REQUESTS).offer(Wire.write(secret, new Wire.DataRequest(me, name, sha)));
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        String sealed;
        while ((sealed = index.get(sha)) == null) {
            if (System.nanoTime() > deadline || stopped) {
                throw new ClusterException("the coordinator did not stream " + name + " within 10 min");
            }
            sleep(200);
        }
        Wire.DataIndex ix = Wire.read(secret, sealed, Wire.DataIndex.class);
        if (ix.error() != null) {
            throw new ClusterException(ix.error());
        }
        if (ix.bytes() < 0 || ix.bytes() > ClusterTrialRunner.MAX_STREAMED_BYTES) {
            throw new ClusterException("refused to stream " + name + " of " + ix.bytes() + " bytes");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) ix.bytes());
        for (int i = 0; i < ix.chunks(); i++) {
            byte[] chunk = chunks.get(sha + "/" + i);
            if (chunk == null) {
                throw new ClusterException("chunk " + i + " of " + name + " is missing");
            }
            byte[] c = secret.open(chunk);
            out.write(c, 0, c.length);
        }
        return out.toByteArray();
    }

    private void publishStatus(HazelcastInstance hz, IMap<String, String> status, String me) {
        try {
            Member self = hz.getCluster().getLocalMember();
            long rss = ProcessHandle.current().descendants().mapToLong(ph -> ProcStatus.residentBytes(ph.pid())).sum();
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            status.set(me, Wire.write(secret, new Wire.Status(me, self.getAddress().getHost() + ":"
                    + self.getAddress().getPort(), hostName(), labels(), settings.cores(), settings.slots(), busy.get(),
                    done.get(), load, rss, System.currentTimeMillis())));
        } catch (RuntimeException e) {
            // the cluster is going away: the session notices
        }
    }

    private String labels() {
        return new java.util.TreeMap<>(settings.labels()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** The local address that reaches the coordinator. */
    private static String route(String ip, int port) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(InetAddress.getByName(ip), port);
            return s.getLocalAddress().getHostAddress();
        } catch (IOException e) {
            throw new ClusterException("no route to the coordinator at " + ip + ": " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void shutdown(HazelcastInstance hz) {
        try {
            hz.shutdown();
        } catch (RuntimeException e) {
            // already down
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
