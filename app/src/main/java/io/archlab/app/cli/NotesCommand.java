package io.archlab.app.cli;

import io.archlab.app.ArchlabConfig;
import io.archlab.knowledge.Embedded;
import io.archlab.knowledge.NoteRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.knowledge.notes.DesignNote;
import io.archlab.knowledge.notes.DesignNotes;
import io.archlab.knowledge.notes.Embedder;
import io.archlab.knowledge.notes.NoteLibrary;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code archlab notes}: the design notes the agent retrieves when it proposes. */
@Command(name = "notes", mixinStandardHelpOptions = true,
        description = {"Design notes: architecture knowledge the agent retrieves (by all-MiniLM-L6-v2 embeddings, "
                + "in process) when it proposes. A starter set ships with archlab.", ""},
        subcommands = {NotesCommand.Add.class, NotesCommand.ListNotes.class, NotesCommand.Search.class})
public class NotesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "give a subcommand: add, list or search");
    }

    /** {@code archlab notes add FILE...}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add Markdown notes ('# Title' first line, then the text; optional last line 'Tags: a, b'). "
                    + "All files are checked first: if one is bad, none is added. A note replaces one with the "
                    + "same name.", ""})
    static class Add implements Callable<Integer> {
        @Inject
        ArchlabConfig config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        HomeOption home;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Markdown files")
        List<Path> files = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<String> errors = new ArrayList<>();
            for (Path f : files) {
                try {
                    DesignNotes.read(f);
                } catch (IllegalArgumentException e) {
                    errors.add(e.getMessage());
                }
            }
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", errors) + " (nothing added)");
            }
            try (Store store = Stores.open(home.resolve(config))) {
                NoteLibrary library = new NoteLibrary(store, new Embedder());
                library.addStarter();
                for (Path f : files) {
                    DesignNote n = library.add(f);
                    out.println("added note " + n.id() + ": " + n.title());
                }
            }
            return 0;
        }
    }

    /** {@code archlab notes list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List the notes of this home.", ""})
    static class ListNotes implements Callable<Integer> {
        @Inject
        ArchlabConfig config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        HomeOption home;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = Stores.open(home.resolve(config))) {
                new NoteLibrary(store, new Embedder()).addStarter();
                for (Embedded<NoteRecord> n : store.notes()) {
                    out.printf(Locale.ROOT, "%-34s %-9s %s%n", n.item().id(),
                            DesignNotes.STARTER.equals(n.item().source()) ? "starter" : "user", n.item().title());
                }
            }
            return 0;
        }
    }

    /** {@code archlab notes search TEXT}. */
    @Command(name = "search", mixinStandardHelpOptions = true,
            description = {"The notes most relevant to TEXT, as the agent would retrieve them.", ""})
    static class Search implements Callable<Integer> {
        @Inject
        ArchlabConfig config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        HomeOption home;

        @CommandLine.Option(names = "-k", paramLabel = "N", defaultValue = "3",
                description = "how many (default: ${DEFAULT-VALUE})")
        int k;

        @Parameters(arity = "1..*", paramLabel = "TEXT")
        List<String> text = new ArrayList<>();

        @Override
        public Integer call() {
            if (k < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-k must be >= 1, got " + k);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = Stores.open(home.resolve(config))) {
                NoteLibrary library = new NoteLibrary(store, new Embedder());
                library.addStarter();
                for (NoteLibrary.Hit h : library.relevant(null, null, String.join(" ", text), k)) {
                    out.printf(Locale.ROOT, "%.3f  %-34s %s%n", h.score(), h.id(), h.title());
                }
            }
            return 0;
        }
    }
}
