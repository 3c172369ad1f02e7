package io.archlab.sandbox.nb201;

import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.data.Dataset;
import io.archlab.sandbox.data.DatasetException;
import io.archlab.sandbox.data.FashionMnist;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.data.TaskData;
import io.archlab.sandbox.train.HeldOutTest;
import io.archlab.sandbox.train.TrialRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code nb201} task of a run: the accuracy table read from the path the user gave (never
 * copied), the data set whose columns are used, and an optional latency limit. It gives the trial
 * runner (validation column) and, separately, the sealed test column for the final evaluation.
 */
public final class Nb201Task {
    /** The task's name. */
    public static final String NAME = Nb201Space.TASK;

    private final Nb201Table table;
    private final Nb201Dataset dataset;
    private final LatencyLimit limit;
    private final TaskData data;

    private Nb201Task(Nb201Table table, Nb201Dataset dataset, LatencyLimit limit, TaskData data) {
        this.table = table;
        this.dataset = dataset;
        this.limit = limit;
        this.data = data;
    }

    /**
     * Reads the tables.
     *
     * @param tablePath    the accuracy table ({@code --data})
     * @param dataset      {@code cifar10}, {@code cifar100} or {@code imagenet16}
     * @param latencyPath  the latency table, or null for no latency limit
     * @param device       the latency table's device (with a latency table)
     * @param maxLatencyMs the limit in milliseconds (with a latency table)
     * @throws DatasetException for a missing or bad file, a missing setting, or an unknown data set or device
     */
    public static Nb201Task load(String tablePath, String dataset, String latencyPath, String device,
            double maxLatencyMs) {
        if (tablePath == null) {
            throw new DatasetException("nb201 needs --data FILE: the NAS-Bench-201 accuracy table "
                    + "(nb201_12epoch_minibench_BayesWatch.csv)");
        }
        Nb201Dataset ds;
        try {
            ds = Nb201Dataset.of(dataset == null ? Nb201Dataset.CIFAR10.cliName() : dataset);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(e.getMessage());
        }
        boolean anyLatency = latencyPath != null || device != null || maxLatencyMs > 0;
        if (anyLatency && (latencyPath == null || device == null || !(maxLatencyMs > 0))) {
            throw new DatasetException("a latency limit needs all of --latency-table FILE, --device NAME and "
                    + "--max-latency-ms X");
        }
        Path file = existing(tablePath, "--data");
        Nb201Table table = Nb201Table.load(file);
        Map<String, String> sums = new LinkedHashMap<>();
        sums.put(file.getFileName().toString(), sha256(file));
        String source = file.toString();
        LatencyLimit limit = null;
        if (anyLatency) {
            Path lat = existing(latencyPath, "--latency-table");
            limit = new LatencyLimit(LatencyTable.load(lat, device), maxLatencyMs);
            sums.put(lat.getFileName().toString(), sha256(lat));
            source += " with latency " + lat;
        }
        Task task = ds.task();
        Dataset none = new Dataset(task.inputShape(), 0, new float[0], new int[0]);
        return new Nb201Task(table, ds, limit, new TaskData(task, none, none, source, false, sums));
    }

    public Task task() {
        return data.task();
    }

    /** The run's data record: no samples (evaluation is a look-up), the table's path and checksum. */
    public TaskData data() {
        return data;
    }

    public Nb201Dataset dataset() {
        return dataset;
    }

    /** The trial runner: the checks before training, then the validation column. */
    public TrialRunner runner(DslFrontEnd frontEnd) {
        return new Nb201TrialRunner(frontEnd, dataset, a -> table.validation(dataset, a), limit);
    }

    /** The sealed test column, for the selected candidate once selection is over. */
    public HeldOutTest heldOutTest() {
        return HeldOutTest.of(dataset.testCount(), g -> table.test(dataset, Nb201Ir.archOf(g)) / 100);
    }

    /** A one-line description for the run's log. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "NAS-Bench-201 %s from %s (validation column for selection, test "
                + "column for the selected cell only)%s", dataset.cliName(), table.file(), limit == null ? ""
                : String.format(java.util.Locale.ROOT, "; latency on %s at most %.3f ms", limit.table().device(),
                        limit.maxMs()));
    }

    /**
     * The NB201 cells a run starts from: the ResNet-like cell, the cell of the table README's example,
     * and a cell with every op.
     */
    public static List<Nb201Arch> seeds() {
        return List.of(
                Nb201Space.parse("|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|"),
                Nb201Space.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|"
                        + "skip_connect~2|"),
                Nb201Space.parse("|nor_conv_1x1~0|+|skip_connect~0|nor_conv_3x3~1|+|avg_pool_3x3~0|skip_connect~1|"
                        + "nor_conv_1x1~2|"));
    }

    private static Path existing(String path, String flag) {
        return io.archlab.sandbox.data.UserFiles.requireFile(flag, path);
    }

    private static String sha256(Path file) {
        try {
            return FashionMnist.sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
