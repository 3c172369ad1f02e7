package io.archlab.sandbox.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tabular classification from a CSV file: a header row, numeric feature columns, and the class
 * label in the last column (any text; classes are numbered in sorted order). A fifth of the rows,
 * chosen with a fixed seed, is the test set; features are standardised with the training rows'
 * mean and deviation.
 */
public final class CsvTable {
    static final long TEST_SEED = 0xC5F;

    private CsvTable() {
    }

    public static TaskData load(Path file) {
        List<String> lines;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
            lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot be read: " + e.getMessage(), e);
        }
        if (lines.size() < 2) {
            throw new DatasetException(file + ": needs a header row and at least one data row");
        }
        String[] header = split(lines.get(0));
        int features = header.length - 1;
        if (features < 1) {
            throw new DatasetException(file + ": line 1: needs at least one feature column and a label column");
        }
        List<float[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = split(line);
            if (f.length != header.length) {
                throw new DatasetException(file + ": line " + (i + 1) + " has " + f.length + " fields, the header has "
                        + header.length);
            }
            float[] row = new float[features];
            for (int c = 0; c < features; c++) {
                try {
                    row[c] = Float.parseFloat(f[c].trim());
                } catch (NumberFormatException e) {
                    throw new DatasetException(file + ": line " + (i + 1) + ", column '" + header[c].trim() + "': '"
                            + f[c].trim() + "' is not a number");
                }
                if (!Float.isFinite(row[c])) {
                    throw new DatasetException(file + ": line " + (i + 1) + ", column '" + header[c].trim()
                            + "': not a finite number");
                }
            }
            rows.add(row);
            labels.add(f[features].trim());
        }
        Map<String, Integer> classes = new TreeMap<>();
        labels.forEach(l -> classes.putIfAbsent(l, 0));
        if (classes.size() < 2) {
            throw new DatasetException(file + ": the label column '" + header[features].trim()
                    + "' needs at least two classes, found " + classes.size());
        }
        int k = 0;
        for (String c : classes.keySet()) {
            classes.put(c, k++);
        }
        int n = rows.size();
        if (n < 10) {
            throw new DatasetException(file + ": needs at least 10 data rows, found " + n);
        }
        int[][] parts = Splits.carve(n, 0.2, TEST_SEED);
        float[] mean = new float[features];
        float[] sd = new float[features];
        for (int i : parts[1]) {
            for (int c = 0; c < features; c++) {
                mean[c] += rows.get(i)[c] / parts[1].length;
            }
        }
        for (int i : parts[1]) {
            for (int c = 0; c < features; c++) {
                float d = rows.get(i)[c] - mean[c];
                sd[c] += d * d / parts[1].length;
            }
        }
        for (int c = 0; c < features; c++) {
            sd[c] = sd[c] > 0 ? (float) Math.sqrt(sd[c]) : 1f;
        }
        Task task = new Task("csv", List.of(features), classes.size(), 0);
        return new TaskData(task, table(rows, labels, classes, parts[1], mean, sd),
                table(rows, labels, classes, parts[0], mean, sd), file.toAbsolutePath().toString(), false,
                Map.of(file.getFileName().toString(), FashionMnist.sha256(bytes)));
    }

    private static Dataset table(List<float[]> rows, List<String> labels, Map<String, Integer> classes, int[] idx,
            float[] mean, float[] sd) {
        int f = mean.length;
        float[] x = new float[idx.length * f];
        int[] y = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            for (int c = 0; c < f; c++) {
                x[k * f + c] = (rows.get(idx[k])[c] - mean[c]) / sd[c];
            }
            y[k] = classes.get(labels.get(idx[k]));
        }
        return new Dataset(List.of(f), idx.length, x, y);
    }

    private static String[] split(String line) {
        return line.split(",", -1);
    }
}
