package io.archlab.app.cli;

import io.archlab.sandbox.data.DatasetException;
import io.archlab.sandbox.nb201.LatencyTable;
import io.archlab.sandbox.nb201.Nb201Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Checks of {@code archlab run}'s NAS-Bench-201 options, each error naming its flag. */
final class Nb201Options {
    private Nb201Options() {
    }

    /**
     * @throws CommandLine.ParameterException naming the flag: an nb201 option without {@code --task nb201},
     *         a missing table, an unknown data set or device, or a latency limit given in part
     */
    static void check(CommandLine cl, boolean nb201, String data, String dataset, String latencyTable, String device,
            Double maxLatencyMs) {
        if (!nb201) {
            for (String o : new String[] {"--nb201-dataset", "--latency-table", "--device", "--max-latency-ms"}) {
                if (cl.getParseResult().hasMatchedOption(o)) {
                    throw new CommandLine.ParameterException(cl, o + " needs --task nb201");
                }
            }
            return;
        }
        if (data == null) {
            throw new CommandLine.ParameterException(cl, "--data: nb201 needs the NAS-Bench-201 accuracy table "
                    + "(nb201_12epoch_minibench_BayesWatch.csv)");
        }
        Cli.file(cl, "--data", data);
        if (dataset != null) {
            try {
                Nb201Dataset.of(dataset);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--nb201-dataset: " + e.getMessage());
            }
        }
        boolean any = latencyTable != null || device != null || maxLatencyMs != null;
        if (!any) {
            return;
        }
        if (latencyTable == null || device == null || maxLatencyMs == null) {
            throw new CommandLine.ParameterException(cl, "a latency limit needs all of --latency-table FILE, "
                    + "--device NAME and --max-latency-ms MS");
        }
        if (!(maxLatencyMs > 0) || maxLatencyMs.isInfinite()) {
            throw new CommandLine.ParameterException(cl, "--max-latency-ms must be a positive number, got "
                    + maxLatencyMs);
        }
        Cli.file(cl, "--latency-table", latencyTable);
        java.util.List<String> devices;
        try {
            devices = LatencyTable.devices(Path.of(latencyTable));
        } catch (DatasetException e) {
            throw new CommandLine.ParameterException(cl, "--latency-table: " + e.getMessage());
        }
        if (!devices.contains(device)) {
            throw new CommandLine.ParameterException(cl, "--device: no device '" + device + "' in " + latencyTable
                    + " (known: " + String.join(", ", devices) + ")");
        }
    }
}
