package io.archlab.agent;

import io.archlab.knowledge.ClusterMemberRecord;
import io.archlab.knowledge.Store;
import io.archlab.sandbox.cluster.ClusterException;
import io.archlab.sandbox.cluster.ClusterSecret;
import io.archlab.sandbox.cluster.ClusterTrialRunner;
import io.archlab.sandbox.cluster.Members;
import io.archlab.sandbox.data.TaskData;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import io.archlab.sandbox.worker.LocalWorkerPool;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The trial runner of a run with {@code --cluster}: a {@link ClusterTrialRunner} whose events go
 * to the run's events and whose members (address, labels, slots, load) are written to the
 * knowledge base every few seconds, where the dashboard shows them.
 */
final class ClusterRunners {
    /** How often the members are written to the store. */
    static final long MEMBERS_MILLIS = 3000;

    private ClusterRunners() {
    }

    static TrialRunner start(Store store, String runId, RunConfig config, TaskData data, LoopListener listener) {
        RunConfig.Cluster c = config.cluster();
        ClusterSecret secret;
        try {
            String text = ClusterSecret.text(c.secretFile() == null ? null : Path.of(c.secretFile()));
            io.archlab.knowledge.Secrets.register(text);
            secret = ClusterSecret.of(text);
        } catch (ClusterException e) {
            throw new RunException(e.getMessage());
        }
        InetSocketAddress a = Members.parseAddress("--cluster", c.address());
        String dataArg = null;
        Map<String, String> files = Map.of();
        Map<String, Path> servable = new HashMap<>();
        if (data.subset()) {
            dataArg = "subset";   // every member has the shipped subset
        } else if (!"mqar".equals(config.task())) {
            dataArg = data.source();
            files = data.sha256();
            Path src = Path.of(data.source());
            for (Map.Entry<String, String> f : files.entrySet()) {
                servable.put(f.getValue(), Files.isRegularFile(src) ? src : src.resolve(f.getKey()));
            }
        }
        ClusterTrialRunner runner;
        try {
            runner = new ClusterTrialRunner(secret, new ClusterTrialRunner.Settings(a.getHostString(), a.getPort(),
                    c.allow(), c.place(), LocalWorkerPool.Limits.defaults().graceSeconds(),
                    ClusterTrialRunner.DEFAULT_WAIT_SECONDS), config.task(), dataArg, files, config.seqLen(),
                    config.vocab(), config.validationFraction(), servable, (kind, message) -> {
                        listener.info("cluster: " + message);
                        store.addEvent(runId, "cluster-" + kind, message);
                    });
        } catch (ClusterException | IllegalArgumentException e) {
            throw new RunException("--cluster " + c.address() + ": " + e.getMessage());
        }
        return new Recorded(runner, store, runId);
    }

    /** The cluster runner, with its members written to the store until it is closed. */
    private static final class Recorded implements TrialRunner {
        private final ClusterTrialRunner runner;
        private final Store store;
        private final String runId;
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "archlab-cluster-members");
            t.setDaemon(true);
            return t;
        });

        Recorded(ClusterTrialRunner runner, Store store, String runId) {
            this.runner = runner;
            this.store = store;
            this.runId = runId;
            ticker.scheduleWithFixedDelay(this::record, 0, MEMBERS_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public TrialResult run(TrialRequest request) {
            return runner.run(request);
        }

        @Override
        public int capacity() {
            return runner.capacity();
        }

        @Override
        public String lastWorker() {
            return runner.lastWorker();
        }

        private synchronized void record() {
            try {
                List<ClusterMemberRecord> rows = runner.members().stream().map(m -> new ClusterMemberRecord(runId,
                        m.memberId(), m.address(), m.labels(), m.cores(), m.slots(), m.busy(), m.done(),
                        m.loadAverage(), m.rssBytes(), m.state(), m.joinedAt(), m.lastSeen())).toList();
                if (!rows.isEmpty()) {
                    store.saveClusterMembers(runId, rows);
                }
            } catch (RuntimeException e) {
                // the store is closing with the run: the last snapshot is taken at close
            }
        }

        @Override
        public void close() {
            ticker.shutdownNow();
            runner.close();
            record();
        }
    }
}
