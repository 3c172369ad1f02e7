package io.archlab.sandbox.nb201;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the tests find the real NAS-Bench-201 tables (system property {@code archlab.nb201.dir},
 * default {@code /work/shared/data/nb201}), and synthetic tables written to a temporary directory.
 */
final class Nb201Data {
    static final String DIR = System.getProperty("archlab.nb201.dir", "/work/shared/data/nb201");
    static final String ACCURACY = "nb201_12epoch_minibench_BayesWatch.csv";
    static final String LATENCY = "nb201_latency_27devices_HELP.csv";
    private static Nb201Table table;

    private Nb201Data() {
    }

    /** The real accuracy table, read once; the test is skipped, saying why, when it is absent. */
    static synchronized Nb201Table table() {
        Path p = Path.of(DIR, ACCURACY);
        assumeTrue(Files.isRegularFile(p), "NAS-Bench-201 table not found at " + p + " (set -Darchlab.nb201.dir)");
        if (table == null) {
            table = Nb201Table.load(p);
        }
        return table;
    }

    /** The real latency table's path; skipped when absent. */
    static Path latencyFile() {
        Path p = Path.of(DIR, LATENCY);
        assumeTrue(Files.isRegularFile(p), "NAS-Bench-201 latency table not found at " + p
                + " (set -Darchlab.nb201.dir)");
        return p;
    }

    /**
     * A valid synthetic accuracy table of all 15,625 cells in code order: row {@code i} has every
     * accuracy {@code i % 100}.
     */
    static Path syntheticTable(Path dir) throws IOException {
        Path f = dir.resolve("table.csv");
        try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write(Nb201Table.HEADER + "\n");
            for (int i = 0; i < Nb201Space.SIZE; i++) {
                double v = i % 100;
                w.write(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%s%n", i, Nb201Arch.ofCode(i), v, v, v, v,
                        v, v));
            }
        }
        return f;
    }

    /** A valid synthetic latency table with devices {@code fpga} and {@code pixel3}: fpga latency = code / 1000. */
    static Path syntheticLatency(Path dir) throws IOException {
        Path f = dir.resolve("latency.csv");
        try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("index,arch_str,lat_fpga,lat_pixel3\n");
            for (int i = 0; i < Nb201Space.SIZE; i++) {
                w.write(String.format(Locale.ROOT, "%d,%s,%s,%s%n", i, Nb201Arch.ofCode(i), i / 1000.0, 1.0));
            }
        }
        return f;
    }

    /** {@code f} with line {@code lineNo} (1-based) replaced by {@code text}. */
    static Path withLine(Path f, int lineNo, String text) throws IOException {
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(f));
        lines.set(lineNo - 1, text);
        Path out = f.resolveSibling("edited-" + f.getFileName());
        Files.write(out, lines);
        return out;
    }
}
