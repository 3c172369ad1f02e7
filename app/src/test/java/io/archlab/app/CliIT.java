package io.archlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The packaged command line: help, and one-line errors with exit code 2 for bad input. */
class CliIT {
    static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void should_list_every_subcommand_in_the_top_level_help() throws Exception {
        AppProcess.Result r = AppProcess.run(dir, T, null, "--help");
        assertEquals(0, r.exit(), r.err());
        for (String c : new String[] {"demo", "run", "status", "serve", "report", "seed", "notes", "analyze", "export",
            "evaluate", "bench"}) {
            assertTrue(r.out().contains("  " + c + " "), c + " in\n" + r.out());
        }
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "run", "status", "serve", "report", "seed", "export", "worker"})
    void should_print_help_for_each_subcommand(String command) throws Exception {
        AppProcess.Result r = AppProcess.run(dir, T, null, command, "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: archlab " + command), r.out());
        assertTrue(r.out().contains("--home"), r.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "run --bogus                             | --bogus",
        "run --max-trials abc                    | --max-trials",
        "run --max-trials 0                      | --max-trials",
        "run --max-trials -5                     | --max-trials must be a positive number, got -5 (see",
        "run --trial-seconds 0.5 --max-minutes 0 | --max-minutes must be a positive number, got 0 (see",
        "run --cluster 127.0.0.1:5701 --secret-file /tmp | --secret-file /tmp: is a folder, not a file",
        "bench all --nb201-table /tmp            | --nb201-table /tmp: is a folder, not a file",
        "run --trial-seconds -3                  | --trial-seconds",
        "run --trial-steps 100 --trial-epochs 2  | give --trial-steps or --trial-epochs, not both",
        "run --trial-epochs 0                    | --trial-epochs must be a positive number, got 0",
        "run --trial-steps 0                     | --trial-steps",
        "run --budget-params lots                | --budget-params",
        "run --task cifar-99                     | cifar-99",
        "run --task mqar --vocab -2              | --vocab",
        "run --resume r1 --max-trials 3          | --max-trials",
        "serve --port 99999                      | --port",
        "report                                  | RUN",
        "frobnicate                              | frobnicate",
        "export c1 --format onnx                 | --format",
        "run --seeds 1                           | seeds",
        "run --eta 1                             | eta",
        "notes search -k 0 attention             | -k",
        "notes add                               | FILE",
        "run --llm openai:m                      | --llm-base-url",
        "run --llm gpt4                          | PROVIDER:MODEL",
        "run --llm openai:o3 --llm-base-url http://127.0.0.1:9/v1 --llm-reasoning-effort max | reasoning effort must be low, medium or high, got max",
        "run --llm-reasoning-effort low          | --llm-reasoning-effort needs --llm PROVIDER:MODEL",
        "run --llm ollama:m --max-llm-tokens -5  | --max-llm-tokens",
        "run --proposer genius                   | proposer",
        "run --parallel 0                        | parallel",
        "run --prescreen jacov                   | --prescreen jacov",
        "run --prescreen naswot:1.5              | --prescreen naswot:1.5",
        "run --resume r1 --prescreen naswot      | --prescreen",
        "bench proxies --batch 1                 | --batch",
        "bench proxies --keep 0.5,1.5            | --keep",
        "report r1 --format pdf                  | unknown report format 'pdf'",
        "bench discovery --seeds 0               | --seeds",
        "bench discovery --proposer llm,genius   | unknown proposer 'genius'",
        "bench discovery --proposer hybrid       | --proposer llm and hybrid need --llm",
        "bench discovery --llm ollama:m          | --llm is only used by --proposer llm or hybrid",
        "bench discovery --proposer llm --llm replay:nope | replay:nope: no such run",
        "bench discovery --trial-steps 0         | --trial-steps must be >= 1",
        "bench all --only dsl,nope               | unknown benchmark 'nope'",
        "run --cluster nohost                    | --cluster nohost",
        "run --cluster 127.0.0.1:99999           | --cluster 127.0.0.1:99999",
        "run --place gpu=a100                    | need --cluster",
        "run --cluster 127.0.0.1:5701 --cluster-allow 10.0.* | 10.0.*",
        "run --cluster 127.0.0.1:5701 --secret-file /nonexistent | --secret-file /nonexistent",
        "run --resume r1 --cluster 127.0.0.1:5701 | --cluster",
        "run --cluster 127.0.0.1:5701            | ARCHLAB_CLUSTER_SECRET",
        "run --cluster 127.0.0.1:5701 --place gpu=a,b | label gpu=a,b",
        "run --cluster 127.0.0.1:5701 --cluster-allow 10.0.0.20-10 | 20-10",
        "worker                                  | --join",
        "worker --join nohost                    | --join nohost",
        "worker --join 127.0.0.1:5701 --cores 0  | --cores",
        "worker --join 127.0.0.1:5701 --cores 1 --slots 2 | --slots",
        "worker --join 127.0.0.1:5701 --label gpu | --label",
        "worker --join 127.0.0.1:5701 --label g/u=x | label g/u=x",
        "bench cluster --members 0               | --members"})
    void should_answer_bad_input_with_one_line_naming_it_and_exit_2(String args, String named) throws Exception {
        AppProcess.Result r = AppProcess.run(dir, T, dir.resolve("home"), args.trim().split("\\s+"));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("archlab: ") && r.err().contains(named), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void should_refuse_to_start_a_worker_without_a_cluster_secret() throws Exception {
        AppProcess.Result r = AppProcess.run(dir, T, dir.resolve("home"), "worker", "--join", "127.0.0.1:5701");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("no cluster secret: set ARCHLAB_CLUSTER_SECRET"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void should_write_a_stored_runs_report_in_the_formats_asked_for() throws Exception {
        Path home = dir.resolve("report-home");
        try (io.archlab.knowledge.Store store = io.archlab.knowledge.Stores.openHome(home)) {
            io.archlab.reports.SeededRuns.seed(store);
        }
        Path out = dir.resolve("out");
        AppProcess.Result r = AppProcess.run(dir.resolve("r"), T, home, "report", io.archlab.reports.SeededRuns.RUN,
                "--out", out.toString(), "--format", "html");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(out.resolve("report.html").toAbsolutePath().toString(), r.out().strip());
        assertFalse(java.nio.file.Files.exists(out.resolve("report.md")));
        try (io.archlab.knowledge.Store store = io.archlab.knowledge.Stores.openHome(home)) {
            io.archlab.reports.ReportVerifier.verify(store, io.archlab.reports.SeededRuns.RUN,
                    java.nio.file.Files.readString(out.resolve("report.html")));
        }
        AppProcess.Result both = AppProcess.run(dir.resolve("r2"), T, home, "report", io.archlab.reports.SeededRuns.DEAD);
        assertEquals(0, both.exit(), both.out() + both.err());
        assertEquals(2, both.out().strip().lines().filter(l -> l.endsWith("report.html") || l.endsWith("report.md"))
                .count(), both.out());
    }

    @Test
    void should_report_clearly_a_real_run_in_which_every_candidate_failed() throws Exception {
        Path home = dir.resolve("fail-home");
        AppProcess.Result r = AppProcess.run(dir.resolve("f"), T, home, "run", "--data", "subset", "--max-trials", "3",
                "--budget-params", "10", "--trial-seconds", "5");
        assertEquals(0, r.exit(), r.out() + r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("report: (\\S+report\\.html)").matcher(r.out());
        assertTrue(m.find(), r.out());
        Path html = Path.of(m.group(1));
        try (io.archlab.knowledge.Store store = io.archlab.knowledge.Stores.openHome(home)) {
            String runId = html.getParent().getFileName().toString();
            org.jsoup.nodes.Document page = io.archlab.reports.ReportVerifier.verify(store, runId,
                    java.nio.file.Files.readString(html));
            assertEquals("This run failed: every one of its 3 trials failed (3 over_budget). No architecture was "
                    + "measured and nothing is claimed. See Failures and repairs.",
                    page.selectFirst("#summary .banner.bad").text());
        }
    }

    @Test
    void should_write_every_benchmarks_tables_between_markers_and_replace_them_on_the_next_run() throws Exception {
        Path file = dir.resolve("BENCHMARKS.md");
        java.nio.file.Files.writeString(file, "# Benchmarks\n\nhand-written text stays\n");
        for (int i = 0; i < 2; i++) {
            AppProcess.Result r = AppProcess.run(dir.resolve("b" + i), T, dir.resolve("home"), "bench", "all", "--only",
                    "dsl", "--write", file.toString());
            assertEquals(0, r.exit(), r.out() + r.err());
        }
        String md = java.nio.file.Files.readString(file);
        assertTrue(md.startsWith("# Benchmarks\n\nhand-written text stays\n"), md);
        assertEquals(1, md.split("archlab bench all: begin", -1).length - 1, "replaced, not appended: " + md);
        assertTrue(md.contains("### bench dsl") && md.contains("Command: `./archlab bench dsl`")
                && md.contains("| LeNet5"), md);
        assertTrue(md.contains("cores") && md.contains("GiB"), "the machine is named: " + md);
    }

    @Test
    void should_fail_clearly_for_an_unknown_run_or_missing_data() throws Exception {
        AppProcess.Result report = AppProcess.run(dir.resolve("a"), T, dir.resolve("home"), "report", "nope");
        assertEquals(1, report.exit());
        assertTrue(report.err().startsWith("archlab: no run nope in "), report.err());

        AppProcess.Result data = AppProcess.run(dir.resolve("b"), T, dir.resolve("home"), "run", "--data",
                dir.resolve("missing").toString());
        assertEquals(1, data.exit());
        assertTrue(data.err().contains("missing: no such directory"), data.err());
        assertEquals(1, data.err().strip().lines().count(), data.err());

        AppProcess.Result folder = AppProcess.run(dir.resolve("c"), T, dir.resolve("home"), "run", "--task", "text",
                "--data", dir.toString());
        assertEquals(1, folder.exit());
        assertEquals("archlab: --data " + dir + ": is a folder, not a file", folder.err().strip());

        java.nio.file.Files.writeString(dir.resolve("plain-file"), "x");
        AppProcess.Result home = AppProcess.run(dir.resolve("d"), T, dir.resolve("plain-file").resolve("home"),
                "status");
        assertEquals(1, home.exit());
        assertEquals("archlab: cannot create the archlab home " + dir.resolve("plain-file").resolve("home")
                + ": Not a directory (" + dir.resolve("plain-file").resolve("home") + ")", home.err().strip());
    }

    @Test
    void should_add_a_users_design_notes_only_when_every_file_is_good_and_retrieve_them() throws Exception {
        Path home = dir.resolve("notes-home");
        Path good = dir.resolve("stacked-3x3.md");
        Path bad = dir.resolve("untitled.md");
        java.nio.file.Files.writeString(good, "# Stack 3x3 convolutions\n\nTwo stacked 3x3 convolutions see as far as one "
                + "5x5 with 28% fewer multiply-accumulates per channel pair.\nTags: conv, cost\n");
        java.nio.file.Files.writeString(bad, "just text\n");
        AppProcess.Result refused = AppProcess.run(dir.resolve("n1"), T, home, "notes", "add", good.toString(),
                bad.toString());
        assertEquals(1, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("untitled.md") && refused.err().contains("nothing added"), refused.err());
        assertFalse(AppProcess.run(dir.resolve("n2"), T, home, "notes", "list").out().contains("stacked-3x3"));

        AppProcess.Result added = AppProcess.run(dir.resolve("n3"), T, home, "notes", "add", good.toString());
        assertEquals(0, added.exit(), added.err());
        String list = AppProcess.run(dir.resolve("n4"), T, home, "notes", "list").out();
        assertTrue(list.contains("stacked-3x3") && list.contains("depthwise-separable-convolutions"), list);
        String hits = AppProcess.run(dir.resolve("n5"), T, home, "notes", "search", "-k", "2",
                "stack two 3x3 convolutions instead of one 5x5 convolution").out();
        assertTrue(hits.lines().findFirst().orElse("").contains("stacked-3x3"), hits);
    }

    @Test
    void should_add_a_users_seed_only_when_every_file_is_good_and_train_it_in_the_next_run() throws Exception {
        Path good = dir.resolve("Good.java");
        java.nio.file.Files.writeString(good, "import io.archlab.sandbox.dsl.*;\n"
                + "public final class Good implements Architecture {\n"
                + "    public Tensor forward(Net n, Tensor x) {\n"
                + "        return n.linear(n.conv2d(x, 8, 3).relu().maxPool(4).flatten(), n.numClasses());\n"
                + "    }\n}\n");
        Path bad = dir.resolve("Bad.java");
        java.nio.file.Files.writeString(bad, "import io.archlab.sandbox.dsl.*;\n"
                + "public final class Bad implements Architecture {\n"
                + "    public Tensor forward(Net n, Tensor x) {\n"
                + "        Tensor h = n.conv2d(x, 8, 3);\n"
                + "        return n.linear(h.add(n.conv2d(h, 4, 3)).flatten(), 10);\n"
                + "    }\n}\n");
        AppProcess.Result analyzed = AppProcess.run(dir.resolve("z"), T, null, "analyze", good.toString());
        assertEquals(0, analyzed.exit(), analyzed.err());
        assertTrue(analyzed.out().contains("total: 4,010 params") && analyzed.out().contains("peak activation memory"),
                analyzed.out());
        AppProcess.Result analyzedBad = AppProcess.run(dir.resolve("y"), T, null, "analyze", bad.toString());
        assertEquals(1, analyzedBad.exit(), analyzedBad.out());
        assertTrue(analyzedBad.err().contains("add at Bad.java:5"), analyzedBad.err());

        Path home = dir.resolve("home");
        AppProcess.Result refused = AppProcess.run(dir.resolve("a"), T, home, "seed", good.toString(), bad.toString());
        assertEquals(1, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains(bad + ": add at Bad.java:5: [B, 8, 28, 28] and [B, 4, 28, 28] do not "
                + "broadcast"), refused.err());
        assertTrue(refused.err().contains("no seed added"), refused.err());
        assertTrue(AppProcess.run(dir.resolve("b"), T, home, "seed", "--list").out().contains("no seeds"));

        AppProcess.Result added = AppProcess.run(dir.resolve("c"), T, home, "seed", good.toString());
        assertEquals(0, added.exit(), added.err());
        assertTrue(added.out().startsWith("added seed Good ("), added.out());

        AppProcess.Result run = AppProcess.run(dir.resolve("d"), Duration.ofSeconds(120), home, "run", "--data",
                "subset", "--max-trials", "4", "--trial-seconds", "1", "--final-candidates", "0");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("started from 4 baselines"), run.out());
        assertTrue(run.out().contains("[4/4] Good (user) "), run.out());
    }

    @Test
    void should_run_a_sequence_task_with_the_sequence_baselines() throws Exception {
        AppProcess.Result r = AppProcess.run(dir.resolve("mqar"), Duration.ofSeconds(180), dir.resolve("home"), "run",
                "--task", "mqar", "--seq-len", "16", "--vocab", "12", "--max-trials", "4", "--trial-seconds", "1",
                "--final-candidates", "0");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("data: mqar from generated"), r.out());
        assertTrue(r.out().contains("[1/4] TransformerTiny (baseline)"), r.out());
        assertTrue(r.out().contains("[3/4] GatedRecurrentTiny (baseline)"), r.out());
        AppProcess.Result csv = AppProcess.run(dir.resolve("csv"), T, dir.resolve("home"), "run", "--task", "csv",
                "--data", dir.resolve("missing.csv").toString());
        assertEquals(1, csv.exit());
        assertTrue(csv.err().contains("missing.csv: no such file"), csv.err());
    }

    @Test
    void should_print_an_empty_json_array_when_there_are_no_runs() throws Exception {
        AppProcess.Result r = AppProcess.run(dir, T, dir.resolve("home"), "status", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals("[ ]", r.out().strip());
    }
}
