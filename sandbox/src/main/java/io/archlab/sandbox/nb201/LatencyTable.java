package io.archlab.sandbox.nb201;

import io.archlab.sandbox.data.DatasetException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inference latency of every NAS-Bench-201 cell on one device, in milliseconds, read from the HELP
 * latency table (HayeonLee/HELP): columns {@code index,arch_str,lat_<device>...}, 15,625 rows in the
 * benchmark's index order. The device is chosen by name ({@code fpga}, {@code pixel3},
 * {@code 1080ti_1}, ...); an unknown one gets the list of the file's devices.
 */
public final class LatencyTable {
    private static final String PREFIX = "lat_";

    private final Path file;
    private final String device;
    private final float[] latency;   // [cell code]

    private LatencyTable(Path file, String device, float[] latency) {
        this.file = file;
        this.device = device;
        this.latency = latency;
    }

    /** The device names of {@code file}'s header (its {@code lat_*} columns without the prefix). */
    public static List<String> devices(Path file) {
        return devices(file, header(file));
    }

    /**
     * Reads the latencies of {@code device}.
     *
     * @throws DatasetException naming the file and line of a problem, or listing the known devices
     */
    public static LatencyTable load(Path file, String device) {
        String header = header(file);
        List<String> devices = devices(file, header);
        int column = devices.indexOf(device);
        if (column < 0) {
            throw new DatasetException(file + ": no device '" + device + "' (known: " + String.join(", ", devices)
                    + ")");
        }
        column += 2;
        int fields = devices.size() + 2;
        float[] lat = new float[Nb201Space.SIZE];
        boolean[] seen = new boolean[Nb201Space.SIZE];
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.readLine();
            int rows = 0;
            int lineNo = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ": line " + lineNo + ": ";
                if (rows == Nb201Space.SIZE) {
                    throw new DatasetException(where + "more than " + Nb201Space.SIZE + " rows");
                }
                String[] f = line.split(",", -1);
                if (f.length != fields) {
                    throw new DatasetException(where + f.length + " fields, the header has " + fields);
                }
                int row = TableLines.integer(where, "index", f[0]);
                if (row != rows) {
                    throw new DatasetException(where + "index " + row + " where " + rows + " was expected");
                }
                Nb201Arch arch = TableLines.arch(where, f[1]);
                if (seen[arch.code()]) {
                    throw new DatasetException(where + arch + " appears twice");
                }
                seen[arch.code()] = true;
                float v = TableLines.number(where, PREFIX + device, f[column]);
                if (v < 0) {
                    throw new DatasetException(where + PREFIX + device + " " + f[column] + " is a negative latency");
                }
                lat[arch.code()] = v;
                rows++;
            }
            if (rows < Nb201Space.SIZE) {
                throw new DatasetException(file + ": truncated: " + rows + " rows up to line " + lineNo + ", expected "
                        + Nb201Space.SIZE);
            }
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot be read: " + e.getMessage(), e);
        }
        return new LatencyTable(file, device, lat);
    }

    /** The file the latencies were read from. */
    public Path file() {
        return file;
    }

    /** The device, e.g. {@code fpga}. */
    public String device() {
        return device;
    }

    /** Latency of {@code arch} on the device, in milliseconds. */
    public double latencyMs(Nb201Arch arch) {
        return latency[arch.code()];
    }

    private static String header(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String h = in.readLine();
            if (h == null) {
                throw new DatasetException(file + ": the file is empty; expected a header index,arch_str,lat_...");
            }
            return h.strip().replace("\uFEFF", "");
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<String> devices(Path file, String header) {
        String[] cols = header.split(",", -1);
        if (cols.length < 3 || !cols[0].equals("index") || !cols[1].equals("arch_str")) {
            throw new DatasetException(file + ": line 1: the header must start with index,arch_str,lat_<device> "
                    + "(the HELP latency table), got '" + header + "'");
        }
        List<String> out = new ArrayList<>();
        for (String c : Arrays.copyOfRange(cols, 2, cols.length)) {
            if (!c.startsWith(PREFIX) || c.length() == PREFIX.length()) {
                throw new DatasetException(file + ": line 1: column '" + c + "' is not a lat_<device> column");
            }
            out.add(c.substring(PREFIX.length()));
        }
        return out;
    }
}
