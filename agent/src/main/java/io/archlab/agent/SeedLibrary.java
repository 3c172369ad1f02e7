package io.archlab.agent;

import io.archlab.sandbox.compile.CompileException;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.compile.DslWriter;
import io.archlab.sandbox.compile.PolicyException;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.ShapeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The user's own baseline architectures, kept as DSL files in {@code HOME/seeds/}. Every new run
 * in that home trains them after the built-in baselines. Files are checked (compiled and traced
 * for the task) before they are added.
 */
public final class SeedLibrary {
    private static final Pattern CLASS = Pattern.compile("public\\s+(?:final\\s+)?class\\s+([A-Za-z_$][A-Za-z0-9_$]*)");
    private final Path dir;

    public SeedLibrary(Path home) {
        this.dir = home.resolve("seeds");
    }

    /** A checked seed: its name (the class name), source and IR. */
    public record Seed(String name, String source, Graph graph) {
    }

    /**
     * Compiles and traces {@code file} for {@code task}.
     *
     * @throws RunException naming the file and the located problem
     */
    public static Seed check(Path file, Task task, DslFrontEnd frontEnd) {
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RunException(file + ": cannot be read: " + e.getMessage());
        }
        Matcher m = CLASS.matcher(source);
        if (!m.find()) {
            throw new RunException(file + ": line 1: no 'public class Name implements Architecture' found");
        }
        try {
            return new Seed(m.group(1), source, frontEnd.toIr(source, task));
        } catch (CompileException | PolicyException | ShapeException | DslFrontEnd.TraceTimeoutException e) {
            throw new RunException(file + ": " + e.getMessage().replace("\n", "\n" + file + ": "));
        }
    }

    /** Adds checked seeds, replacing seeds of the same name. */
    public void add(List<Seed> seeds) {
        try {
            Files.createDirectories(dir);
            for (Seed s : seeds) {
                Files.writeString(dir.resolve(DslWriter.className(s.name()) + ".java"), s.source(),
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seeds' names and sources, by name. */
    public List<Proposal> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Proposal> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String name = f.getFileName().toString().replaceFirst("\\.java$", "");
                out.add(new Proposal(name, Files.readString(f, StandardCharsets.UTF_8), null,
                        "seeded by the user (" + f.getFileName() + ")", "user"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Removes the seed named {@code name}; false when there is none. */
    public boolean remove(String name) {
        try {
            return Files.deleteIfExists(dir.resolve(DslWriter.className(name) + ".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A front end for checking seeds. */
    public static DslFrontEnd frontEnd() {
        return new DslFrontEnd(new DslCompiler());
    }
}
