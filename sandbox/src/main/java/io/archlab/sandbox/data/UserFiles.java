package io.archlab.sandbox.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files a user names on the command line: each problem said as what it is, with the flag and the path. */
public final class UserFiles {
    private UserFiles() {
    }

    /**
     * {@code path} when it is a readable regular file; else a {@link DatasetException} that says
     * whether it is missing, a folder, or unreadable: {@code --data /x: is a folder, not a file}.
     */
    public static Path requireFile(String flag, String path) {
        Path p = Path.of(path);
        String problem = problem(p);
        if (problem != null) {
            throw new DatasetException(flag + " " + path + ": " + problem);
        }
        return p;
    }

    /** What keeps {@code p} from being read as a file, or null when nothing does. */
    public static String problem(Path p) {
        if (Files.isDirectory(p)) {
            return "is a folder, not a file";
        }
        if (!Files.exists(p)) {
            return Files.isDirectory(p.toAbsolutePath().getParent()) || p.toAbsolutePath().getParent() == null
                    ? "no such file" : "no such file (its folder " + p.toAbsolutePath().getParent() + " does not exist)";
        }
        if (!Files.isRegularFile(p)) {
            return "is not a regular file";
        }
        if (!Files.isReadable(p)) {
            return "cannot be read (permission denied)";
        }
        return null;
    }
}
