package io.archlab.sandbox.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.archlab.sandbox.analysis.Budgets;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.data.FashionMnist;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.worker.LocalWorkerPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator and a worker member in this JVM (the member's trials run in real trial processes):
 * data streamed once and cached by checksum, weights sent back, the member's own policy check,
 * results sealed with another secret and Java-serialised objects refused, placement by labels.
 */
class ClusterTrialRunnerTest {
    static final ClusterSecret SECRET = ClusterSecret.of("a test secret of the cluster");
    static final List<String> LAUNCH = LocalWorkerPool.javaLaunch(List.of("-Xmx1g", "-Dai.djl.offline=true"));

    @TempDir
    static Path dir;
    static ClusterTrialRunner coordinator;
    static ClusterWorker member;
    static Thread memberThread;
    static final List<String> memberLog = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    static final List<String> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    static int port;

    @BeforeAll
    static void startCluster() throws Exception {
        // The coordinator's data is a directory this "machine" does not share: the member must stream it.
        Path served = Files.createDirectories(dir.resolve("coordinator-data"));
        Map<String, String> files = new java.util.LinkedHashMap<>();
        Map<String, Path> servable = new HashMap<>();
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            try (InputStream in = FashionMnist.class.getResourceAsStream("/io/archlab/sandbox/data/fashion-mnist-subset/" + name)) {
                assertNotNull(in, name);
                byte[] b = in.readAllBytes();
                Files.write(served.resolve(name), b);
                files.put(name, FashionMnist.sha256(b));
                servable.put(FashionMnist.sha256(b), served.resolve(name));
            }
        }
        port = freePort();
        coordinator = new ClusterTrialRunner(SECRET, new ClusterTrialRunner.Settings("127.0.0.1", port, List.of(),
                Map.of(), 45, 120), "fashion-mnist", dir.resolve("not-on-this-member").toString(), files, 0, 0, 0.1,
                servable, (kind, message) -> events.add(kind + ": " + message));
        member = new ClusterWorker(SECRET, new ClusterWorker.Settings("127.0.0.1:" + port, null, 1, 1, 0,
                Map.of("zone", "a"), dir.resolve("cache"), dir.resolve("member-logs"), 60, 45), LAUNCH, memberLog::add);
        memberThread = new Thread(member::serve, "test-member");
        memberThread.setDaemon(true);
        memberThread.start();
    }

    @AfterAll
    static void stopCluster() {
        if (member != null) {
            member.stop();
        }
        if (coordinator != null) {
            coordinator.close();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static TrialRequest request(String id, String source, Path weights) {
        return new TrialRequest(id, source, 3, TrialRequest.Compute.steps(40, 120), new Budgets(1_000_000, 0, 0), 64,
                TrialRequest.Optim.adamW(1e-3f), weights);
    }

    @Test
    void should_train_on_the_member_with_streamed_data_and_bring_the_weights_back() throws Exception {
        Path weights = dir.resolve("run/weights/t1.params");
        TrialResult r = coordinator.run(request("t1", Baselines.get("Mlp").source(), weights));
        assertTrue(r.succeeded(), r.outcome().toString());
        assertTrue(r.metrics().valAccuracy() > 0.3, "val " + r.metrics().valAccuracy());
        assertTrue(Files.size(weights) > 0, "the weights are written where the coordinator asked");
        assertTrue(coordinator.lastWorker().startsWith("member "), coordinator.lastWorker());
        assertTrue(memberLog.stream().anyMatch(l -> l.contains("streamed from the coordinator")), memberLog.toString());
        try (var cached = Files.walk(dir.resolve("cache"))) {
            assertEquals(4, cached.filter(p -> p.toString().endsWith(".gz")).count(), "four files cached");
        }
        ClusterTrialRunner.MemberView m = coordinator.members().get(0);
        assertEquals("active", m.state());
        assertEquals("zone=a", m.labels());
        assertEquals(1, m.slots());
        assertTrue(m.done() >= 1);
        ClusterTrialRunner.Stats s = coordinator.stats();
        assertTrue(s.results() >= 1 && s.overheadMillis().stream().allMatch(o -> o >= 0));
    }

    @Test
    void should_refuse_a_source_that_breaks_the_policy_on_the_member_itself() {
        String hostile = "import io.archlab.sandbox.dsl.*;\npublic final class Evil implements Architecture {\n"
                + "  public Tensor forward(Net n, Tensor x) {\n    System.exit(3);\n    return n.linear(x.flatten(), 10);\n"
                + "  }\n}\n";
        TrialResult r = coordinator.run(request("t2", hostile, null));
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome());
        assertEquals(FailureKind.POLICY_VIOLATION, f.kind(), f.message());
        assertTrue(f.message().contains("System"), f.message());
        assertTrue(coordinator.lastWorker().contains("refused by the member's policy check"),
                "no trial process saw it: " + coordinator.lastWorker());
    }

    @Test
    void should_ignore_results_that_are_not_sealed_with_the_secret() throws Exception {
        HazelcastInstance coordinatorSide = com.hazelcast.core.Hazelcast.getAllHazelcastInstances().stream()
                .filter(h -> h.getName().startsWith("archlab-coordinator")).findFirst().orElseThrow();
        int before = coordinator.stats().ignored();
        String forged = Wire.write(ClusterSecret.of("another secret, not the cluster's"), new Wire.Result("x", "t1", 1,
                "m", "", null, null, 0, false));
        coordinatorSide.<String, String>getMap(Members.RESULTS).set("x", forged);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (coordinator.stats().ignored() == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(before + 1, coordinator.stats().ignored());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("refused: result x refused: cluster message refused: "
                + "not sealed with this cluster's secret")), events.toString());
    }

    /** A class a hostile member could send hoping for Java deserialisation on the coordinator. */
    record Payload(String text) implements Serializable {
    }

    @Test
    void should_refuse_java_serialised_objects() {
        HazelcastInstance hz = com.hazelcast.core.Hazelcast.getAllHazelcastInstances().stream()
                .filter(h -> h.getName().startsWith("archlab-coordinator")).findFirst().orElseThrow();
        com.hazelcast.map.IMap<String, Object> m = hz.getMap("archlab.test.serialised");
        m.set("k", new Payload("run me"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> m.get("k"));
        Throwable t = e;
        boolean refused = false;
        while (t != null) {
            refused |= t instanceof SecurityException;
            t = t.getCause();
        }
        assertTrue(refused, "refused by the class filter: " + e);
    }

    @Test
    void should_give_a_trial_only_to_members_with_the_labels_the_run_requires() throws Exception {
        int other = freePort();
        ClusterWorker cpu = null;
        ClusterWorker gpu = null;
        try (ClusterTrialRunner gpuOnly = new ClusterTrialRunner(SECRET, new ClusterTrialRunner.Settings("127.0.0.1",
                other, List.of(), Map.of("gpu", "a100"), 45, 3), "fashion-mnist", "subset", Map.of(), 0, 0, 0.1,
                Map.of(), ClusterTrialRunner.Listener.NONE)) {
            cpu = member(other, Map.of("gpu", "none"), "cpu");
            awaitMembers(gpuOnly, 1);
            TrialRequest check = TrialRequest.check("t3", Baselines.get("Mlp").source(), new Budgets(1_000_000, 0, 0),
                    64, java.util.Set.of());
            ClusterException e = assertThrows(ClusterException.class, () -> gpuOnly.run(check));
            assertTrue(e.getMessage().contains("labelled gpu=a100"), e.getMessage());
            assertEquals(0, gpuOnly.members().get(0).done(), "the member without the label was given nothing");

            gpu = member(other, Map.of("gpu", "a100"), "gpu");
            awaitMembers(gpuOnly, 2);
            TrialResult r = gpuOnly.run(check);
            assertTrue(r.succeeded(), r.outcome().toString());
            String gpuId = gpuOnly.members().stream().filter(m -> m.labels().equals("gpu=a100")).findFirst()
                    .orElseThrow().memberId();
            assertTrue(gpuOnly.lastWorker().startsWith("member " + gpuId.substring(0, 8)), gpuOnly.lastWorker());
        } finally {
            for (ClusterWorker w : java.util.Arrays.asList(cpu, gpu)) {
                if (w != null) {
                    w.stop();
                }
            }
        }
    }

    private static ClusterWorker member(int port, Map<String, String> labels, String name) {
        ClusterWorker w = new ClusterWorker(SECRET, new ClusterWorker.Settings("127.0.0.1:" + port, null, 1, 1, 0,
                labels, dir.resolve("cache-" + name), dir.resolve("logs-" + name), 60, 45), LAUNCH, m -> { });
        Thread t = new Thread(w::serve, "test-member-" + name);
        t.setDaemon(true);
        t.start();
        return w;
    }

    private static void awaitMembers(ClusterTrialRunner runner, int active) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (runner.members().stream().filter(m -> m.state().equals("active")).count() < active) {
            assertTrue(System.nanoTime() < deadline, "members did not join: " + runner.members());
            Thread.sleep(100);
        }
    }

    @Test
    void should_parse_address_patterns_and_refuse_malformed_ones() {
        assertTrue(AddressPattern.matches("10.0.0.*", "10.0.0.7"));
        assertTrue(AddressPattern.matches("192.168.1.10-20", "192.168.1.15"));
        assertFalse(AddressPattern.matches("192.168.1.10-20", "192.168.1.21"));
        assertTrue(AddressPattern.anyMatch(List.of(), "1.2.3.4"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressPattern.check("10.0.*"));
        assertTrue(e.getMessage().contains("four parts"), e.getMessage());
        assertThrows(ClusterException.class, () -> ClusterSecret.of("short"));
        assertThrows(ClusterException.class, () -> SECRET.open("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        assertEquals("{}", SECRET.open(SECRET.seal("{}")));
        assertThrows(ClusterException.class, () -> Wire.read(SECRET, Wire.write(SECRET, new Wire.DataRequest("m", "f",
                "0")), Wire.Result.class), "a message of one type does not pass for another");
        assertThrows(IllegalArgumentException.class, () -> AddressPattern.check("10.0.0.20-10"));
        assertThrows(IllegalArgumentException.class, () -> AddressPattern.check("10.0.0.256"));
    }
}
