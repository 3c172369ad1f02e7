package io.archlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.knowledge.TrialRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged app: a run that pre-screens with NASWOT, then 'bench proxies' over its population. */
class ProxiesIT {
    @TempDir
    Path dir;

    @Test
    void should_time_the_proxies_of_every_image_baseline_without_a_stored_run() throws Exception {
        AppProcess.Result r = AppProcess.run(dir.resolve("b"), Duration.ofSeconds(120), dir.resolve("home"), "bench",
                "proxies", "--baselines", "--batch", "16");
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String b : io.archlab.sandbox.baselines.Baselines.IMAGE) {
            assertTrue(r.out().contains("| " + b + " | "), b + " in\n" + r.out());
        }
        assertTrue(r.out().contains("| ResNetTiny | 78,090 | 9,345,920 | "), r.out());
    }

    @Test
    void should_prescreen_a_run_and_correlate_the_proxies_of_its_population() throws Exception {
        Path home = dir.resolve("home");
        AppProcess.Result run = AppProcess.run(dir.resolve("run"), Duration.ofSeconds(300), home, "run", "--final-candidates", "0", "--data",
                "subset", "--max-trials", "12", "--trial-seconds", "1", "--seeds", "0", "--prescreen", "naswot:0.5");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("pre-screen: proposals scoring below the 50% quantile of naswot"), run.out());
        String runId;
        int screened;
        try (Store store = Stores.openHome(home)) {
            RunRecord r = store.runs().get(0);
            runId = r.id();
            List<TrialRecord> trials = store.trials(runId);
            long skipped = trials.stream().filter(t -> t.outcome().equals("prescreened")).count();
            assertTrue(skipped >= 1, "some proposal was pre-screened out: " + run.out());
            assertEquals(12, trials.size() - skipped, "skips do not count against --max-trials");
            assertTrue(run.out().contains("prescreened: naswot "), run.out());
            screened = (int) trials.stream().filter(TrialRecord::succeeded).count();
        }
        String report = java.nio.file.Files.readString(home.resolve("runs").resolve(runId).resolve("report.md"));
        assertTrue(report.contains("--prescreen naswot:0.5"), "the re-run command keeps the pre-screen");

        AppProcess.Result bench = AppProcess.run(dir.resolve("bench"), Duration.ofSeconds(180), home, "bench",
                "proxies", "--run", runId, "--keep", "0.5");
        assertEquals(0, bench.exit(), bench.out() + bench.err());
        String out = bench.out();
        for (String proxy : new String[] {"synflow", "grad_norm", "params"}) {
            assertTrue(out.contains("| " + proxy + " | " + screened + " | "), proxy + " over every trained candidate:\n"
                    + out);
        }
        assertTrue(out.contains("| naswot | "), out);
        assertTrue(out.contains("| goal <= 0.2 s (wall) | mean "), out);
        assertTrue(out.contains("| naswot online | 0.50 | "), out);
        assertTrue(out.contains("| random (expected) | 0.50 | "), out);

        AppProcess.Result none = AppProcess.run(dir.resolve("none"), Duration.ofSeconds(60), dir.resolve("empty"),
                "bench", "proxies");
        assertEquals(1, none.exit(), none.out() + none.err());
        assertTrue(none.err().startsWith("archlab: no run in this archlab home has 10 or more successful screenings"),
                none.err());
    }
}
