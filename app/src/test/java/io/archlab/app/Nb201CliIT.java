package io.archlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * NAS-Bench-201 through the packaged command line: {@code bench nb201} and the {@code nb201} task.
 * The real table is read from {@code archlab.nb201.dir} (default {@code /work/shared/data/nb201});
 * the tests that need it are skipped, saying so, when it is absent.
 */
class Nb201CliIT {
    static final Duration T = Duration.ofSeconds(120);
    static final Path DIR = Path.of(System.getProperty("archlab.nb201.dir", "/work/shared/data/nb201"));

    @TempDir
    Path dir;

    static Path table() {
        Path p = DIR.resolve("nb201_12epoch_minibench_BayesWatch.csv");
        assumeTrue(Files.isRegularFile(p), "NAS-Bench-201 table not found at " + p + " (set -Darchlab.nb201.dir)");
        return p;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bench nb201                                     | --table",
        "bench nb201 --table T --dataset mnist           | --dataset: unknown NAS-Bench-201 data set 'mnist'",
        "bench nb201 --table T --strategy random,genius  | --strategy: unknown strategy 'genius'",
        "bench nb201 --table T --queries 0               | --queries",
        "bench nb201 --table T --repeats 1               | --repeats",
        "bench nb201 --table T --repeats many            | --repeats",
        "bench nb201 --table T --proposer-repeats 1      | --proposer-repeats",
        "bench nb201 --table /no/such.csv                | --table /no/such.csv: no such file"})
    void should_answer_bad_bench_flags_with_one_line_naming_the_flag_and_exit_2(String args, String named)
            throws Exception {
        String line = args.trim().replace(" T ", " " + dir.resolve("t.csv") + " ");
        Files.writeString(dir.resolve("t.csv"), "not read before the flags are checked");
        AppProcess.Result r = AppProcess.run(dir.resolve("logs"), T, null, line.split("\\s+"));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("archlab: ") && r.err().contains(named), r.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run --task nb201                                       | --data: nb201 needs the NAS-Bench-201 accuracy table",
        "run --task nb201 --data T --nb201-dataset svhn         | --nb201-dataset: unknown NAS-Bench-201 data set 'svhn'",
        "run --task cifar10 --device fpga                       | --device needs --task nb201",
        "run --task nb201 --data T --device fpga                | needs all of --latency-table FILE, --device NAME",
        "run --task nb201 --data T --latency-table L --device tpu --max-latency-ms 3 | --device: no device 'tpu'",
        "run --task nb201 --data T --latency-table L --device fpga --max-latency-ms 0 | --max-latency-ms must be"})
    void should_answer_bad_run_flags_of_the_nb201_task_naming_the_flag_and_exit_2(String args, String named)
            throws Exception {
        Files.writeString(dir.resolve("t.csv"), "checked for existence only");
        Files.writeString(dir.resolve("l.csv"), "index,arch_str,lat_fpga,lat_pixel3\n");
        String line = args.trim().replace(" T ", " " + dir.resolve("t.csv") + " ").replace(" L ",
                " " + dir.resolve("l.csv") + " ");
        AppProcess.Result r = AppProcess.run(dir.resolve("logs"), T, dir.resolve("home"), line.split("\\s+"));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("archlab: ") && r.err().contains(named), r.err());
        if (named.contains("tpu")) {
            assertTrue(r.err().contains("(known: fpga, pixel3)"), r.err());
        }
    }

    @Test
    void should_run_discovery_on_nb201_with_table_look_ups_and_write_the_report() throws Exception {
        Path home = dir.resolve("home");
        AppProcess.Result r = AppProcess.run(dir.resolve("logs"), Duration.ofMinutes(5), home, "run", "--task",
                "nb201", "--data", table().toString(), "--nb201-dataset", "cifar10", "--max-trials", "12", "--seed", "2");
        assertEquals(0, r.exit(), r.out() + r.err());
        String out = r.out();
        assertTrue(out.contains("data: NAS-Bench-201 cifar10 from " + table()), out);
        assertTrue(out.contains("[12/12]"), out);
        assertTrue(out.contains("completed (max trials)"), out);
        assertTrue(out.matches("(?s).*Nb201\\w*Cell\\S*\\s+[0-9,]+\\s+[0-9.]+%\\s+[0-9.]+%.*"),
                "the selected cell has a test accuracy in the leaderboard:\n" + out);
        java.util.List<String> reports = out.lines().filter(l -> l.startsWith("report: ")).map(l -> l.substring(8))
                .toList();
        assertEquals(2, reports.size(), out);
        for (String p : reports) {
            assertTrue(Files.size(Path.of(p)) > 1000, p);
        }
        String md = Files.readString(Path.of(reports.get(1)));
        assertTrue(md.contains("| Task | nb201 |"), md);
    }

    @Test
    void should_name_file_and_line_of_a_corrupt_table() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "arch,cellstr,cifar10-test,cifar10-val,cifar100-test,cifar100-val,imagenet-test,"
                + "imagenet-val\n0,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,10,10,1,1,1,x\n");
        AppProcess.Result r = AppProcess.run(dir.resolve("logs"), T, null, "bench", "nb201", "--table",
                bad.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(bad + ": line 2: imagenet-val 'x' is not a number"), r.err());
    }

    @Test
    void should_print_the_strategies_side_by_side() throws Exception {
        AppProcess.Result r = AppProcess.run(dir.resolve("logs"), T, null, "bench", "nb201", "--table",
                table().toString(), "--dataset", "cifar100", "--queries", "50", "--repeats", "5", "--seed", "3",
                "--strategy", "random,evolution,local,evolve-proposer", "--proposer-repeats", "2");
        assertEquals(0, r.exit(), r.out() + r.err());
        String out = r.out();
        assertTrue(out.contains("| strategy | repeats | 10 queries | 25 queries | 50 queries | found best |"), out);
        for (String s : new String[] {"| random | 5 |", "| evolution | 5 |", "| local | 5 |", "| evolve-proposer | 2 |"}) {
            assertTrue(out.contains(s), s + " in\n" + out);
        }
        assertTrue(out.contains("highest validation accuracy (61.32 %)"), out);
        assertFalse(out.contains("NaN"), out);
    }
}
