package io.archlab.sandbox.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A worker process watches the launcher named in its environment from its first moment. */
class ParentWatchTest {
    static final List<String> LAUNCH = LocalWorkerPool.javaLaunch(List.of("-Xmx256m", "-Dai.djl.offline=true"));

    /** A worker started with {@value ParentWatch#ENV} set to {@code parent}. */
    static Process worker(String parent) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(LAUNCH).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put(ParentWatch.ENV, parent);
        return pb.start();
    }

    /** Its exit code; a worker still running after a minute has not noticed anything. */
    static int exitCode(Process p) throws Exception {
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        assertTrue(ended, "the worker ended");
        return p.exitValue();
    }

    @Test
    void should_exit_at_once_when_its_launcher_died_before_it_started() throws Exception {
        Process launcher = new ProcessBuilder("sleep", "600").start();
        String named = ParentWatch.describe(launcher.toHandle());
        launcher.destroyForcibly().waitFor();
        Process w = worker(named);
        assertEquals(ParentWatch.PARENT_GONE, exitCode(w));
        assertEquals("", new String(w.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                "it said nothing: not even hello");
    }

    @Test
    void should_take_a_reused_pid_for_a_gone_launcher() throws Exception {
        ProcessHandle me = ProcessHandle.current();
        long hourBefore = me.info().startInstant().orElseThrow().toEpochMilli() - 3_600_000;
        Process w = worker(me.pid() + "@" + hourBefore);   // this pid, but not the process that started then
        assertEquals(ParentWatch.PARENT_GONE, exitCode(w));
    }

    @Test
    void should_exit_when_its_launcher_dies_later() throws Exception {
        Process launcher = new ProcessBuilder("sleep", "600").start();
        Process w = worker(ParentWatch.describe(launcher.toHandle()));
        BufferedReader out = new BufferedReader(new InputStreamReader(w.getInputStream(), StandardCharsets.UTF_8));
        assertTrue(out.readLine().contains("\"kind\":\"hello\""), "the worker is up and waits for init");
        launcher.destroyForcibly().waitFor();
        assertEquals(ParentWatch.PARENT_GONE, exitCode(w));
    }
}
