package io.archlab.sandbox.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * A worker member's data: the coordinator's own path when this machine shares it (same files, same
 * checksums), else the files streamed from the coordinator once and kept in a cache by checksum.
 */
final class DataCache {
    /** Fetches one file's bytes from the coordinator. */
    interface Fetcher {
        byte[] fetch(String name, String sha256);
    }

    private final Path dir;

    DataCache(Path dir) {
        this.dir = dir;
    }

    /**
     * The {@code --data} value this member loads for {@code spec}: the shared path, a path in the
     * cache, {@code subset} or null (generated data).
     *
     * @param streamed set to true when files had to be fetched
     */
    String localData(Wire.TaskSpec spec, Fetcher fetcher, boolean[] streamed) {
        String data = spec.data();
        if (data == null || "subset".equals(data) || spec.files().isEmpty()) {
            return data;
        }
        boolean fileTask = isFileTask(spec.task());
        Path shared = Path.of(data);
        if (fileTask ? matches(shared, spec.files()) : allMatch(shared, spec.files())) {
            return shared.toString();
        }
        Path set = dir.resolve(Wire.sha256(new TreeMap<>(spec.files()).toString()).substring(0, 24));
        try {
            Files.createDirectories(set);
            for (Map.Entry<String, String> f : spec.files().entrySet()) {
                String name = f.getKey();
                if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    throw new ClusterException("refused a data file name from the coordinator: " + name);
                }
                Path target = set.resolve(name);
                if (Files.isRegularFile(target) && f.getValue().equals(Wire.sha256(Files.readAllBytes(target)))) {
                    continue;
                }
                byte[] bytes = fetcher.fetch(name, f.getValue());
                if (!f.getValue().equals(Wire.sha256(bytes))) {
                    throw new ClusterException("the streamed " + name + " does not match its checksum " + f.getValue());
                }
                Path tmp = Files.createTempFile(set, name, ".part");
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                streamed[0] = true;
            }
        } catch (IOException e) {
            throw new ClusterException("cannot write the data cache " + set + ": " + e.getMessage(), e);
        }
        return fileTask ? set.resolve(spec.files().keySet().iterator().next()).toString() : set.toString();
    }

    /** Tasks whose {@code --data} is one file rather than a directory. */
    static boolean isFileTask(String task) {
        return "text".equals(task) || "csv".equals(task);
    }

    private static boolean allMatch(Path dir, Map<String, String> files) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        return files.entrySet().stream().allMatch(f -> sameFile(dir.resolve(f.getKey()), f.getValue()));
    }

    private static boolean matches(Path file, Map<String, String> files) {
        return files.size() == 1 && file.getFileName() != null && files.containsKey(file.getFileName().toString())
                && sameFile(file, files.get(file.getFileName().toString()));
    }

    private static boolean sameFile(Path p, String sha256) {
        try {
            return Files.isRegularFile(p) && sha256.equals(Wire.sha256(Files.readAllBytes(p)));
        } catch (IOException e) {
            return false;
        }
    }
}
