package io.archlab.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code archlab bench all}: every benchmark of the project, each as its own {@code archlab bench}
 * process (the packaged application), at a size that fits a few minutes on 2 cores or, with
 * {@code --full}, at the sizes the project's goals are stated at; the tables are printed and
 * written into a Markdown file between two markers, with date, machine and each command.
 */
final class AllBenchmarks {
    static final String BEGIN = "<!-- archlab bench all: begin (written by the command; edits here are replaced) -->";
    static final String END = "<!-- archlab bench all: end -->";

    /** One benchmark: its name, its arguments at the quick and the full size, and what it needs. */
    record Bench(String name, List<String> quick, List<String> full, String needs) {
    }

    private AllBenchmarks() {
    }

    /** The benchmarks, in order; those whose subcommand is not in {@code available} are left out. */
    static List<Bench> benches(Set<String> available, String nb201Table, Path proxiesHome) {
        List<Bench> all = new ArrayList<>();
        all.add(new Bench("dsl", List.of(), List.of(), null));
        all.add(new Bench("sandbox", List.of("--trials", "5", "--steps", "30"), List.of("--trials", "20", "--steps",
                "120"), null));
        all.add(new Bench("store", List.of("--candidates", "10k", "--repeats", "10"), List.of(), null));
        all.add(new Bench("dashboard", List.of("--candidates", "10k", "--requests", "10"), List.of(), null));
        all.add(new Bench("discovery", List.of("--minutes", "1", "--seeds", "1", "--trial-seconds", "5"),
                List.of("--minutes", "10", "--seeds", "3"), null));
        all.add(new Bench("cluster", List.of("--trials", "6", "--epochs", "3"), List.of("--trials", "24"), null));
        if (nb201Table != null) {
            all.add(new Bench("nb201", List.of("--table", nb201Table, "--repeats", "20", "--strategy",
                    "random,evolution,local,evolve-proposer", "--proposer-repeats", "3"), List.of("--table", nb201Table,
                    "--strategy", "random,evolution,local,evolve-proposer"), null));
        } else {
            all.add(new Bench("nb201", null, null, "--nb201-table FILE (a NAS-Bench-201 table)"));
        }
        // without a home holding a trained run, the proxies' cost on the baselines is what can be measured
        all.add(new Bench("proxies", proxiesHome == null ? List.of("--baselines") : List.of("--home",
                proxiesHome.toString()), proxiesHome == null ? List.of("--baselines") : List.of("--home",
                proxiesHome.toString()), null));
        return all.stream().filter(b -> available.contains(b.name())).toList();
    }

    static void run(List<Bench> benches, boolean full, Path write, PrintWriter out) throws IOException,
            InterruptedException {
        List<String> base = WorkerLaunch.archlab();
        if (base == null) {
            throw new IllegalStateException("bench all runs the packaged app: run it as ./archlab bench all");
        }
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append("\n## Every benchmark (`archlab bench all").append(full ? " --full" : "")
                .append("`)\n\n").append("Date ").append(LocalDate.now()).append("; machine: ").append(machine())
                .append(". Each table is the output of the command above it, run as its own process.\n");
        for (Bench b : benches) {
            md.append("\n### bench ").append(b.name()).append("\n\n");
            if (b.quick() == null) {
                md.append("Not run: needs ").append(b.needs()).append(".\n");
                out.println("bench " + b.name() + ": not run (needs " + b.needs() + ")");
                out.flush();
                continue;
            }
            List<String> args = full ? b.full() : b.quick();
            List<String> cmd = new ArrayList<>(base);
            cmd.add("bench");
            cmd.add(b.name());
            cmd.addAll(args);
            String shown = "./archlab bench " + b.name() + (args.isEmpty() ? "" : " " + String.join(" ", args));
            out.println("$ " + shown);
            out.flush();
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            StringBuilder text = new StringBuilder();
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.println(line);
                    out.flush();
                    text.append(line).append('\n');
                }
            }
            int exit = p.waitFor();
            double minutes = (System.nanoTime() - t0) / 60e9;
            md.append("Command: `").append(shown).append("` (").append(String.format(Locale.ROOT, "%.1f min", minutes))
                    .append(exit == 0 ? "" : ", FAILED with exit code " + exit).append(")\n\n")
                    .append(text.toString().strip()).append('\n');
        }
        md.append(END).append('\n');
        if (write != null) {
            String old = Files.exists(write) ? Files.readString(write) : "";
            int from = old.indexOf(BEGIN);
            int to = old.indexOf(END);
            String updated = from >= 0 && to > from ? old.substring(0, from) + md + old.substring(to + END.length())
                    .replaceFirst("^\n", "") : old + (old.isEmpty() || old.endsWith("\n\n") ? "" : "\n") + md;
            Files.writeString(write, updated);
            out.println("written into " + write.toAbsolutePath());
        }
        out.flush();
    }

    /** Cores, memory, CPU model, OS and Java of this machine. */
    static String machine() {
        long mem = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        String cpu = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            cpu = "";
        }
        return String.format(Locale.ROOT, "%d cores%s, %.0f GiB, %s %s, Java %s, load average %.1f at the start",
                Runtime.getRuntime().availableProcessors(), cpu.isEmpty() ? "" : " (" + cpu + ")",
                mem / (1024.0 * 1024 * 1024), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
