package io.archlab.knowledge.notes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads design notes: the starter set shipped in the jar under {@code archlab/notes/} (listed in
 * {@code archlab/notes/INDEX}, because a classpath folder cannot be listed inside a jar), and the
 * user's own markdown files.
 *
 * <p>A note file is UTF-8, at most {@value #MAX_BYTES} bytes, starts with a {@code # Title} line, has
 * a non-empty body, and may end with a {@code Tags: a, b, c} line.
 */
public final class DesignNotes {
    /** The {@link DesignNote#source()} of the shipped notes. */
    public static final String STARTER = "starter";
    /** The largest note file accepted, in bytes (64 KiB). */
    public static final int MAX_BYTES = 64 * 1024;

    private static final String FOLDER = "archlab/notes/";

    private DesignNotes() {
    }

    /**
     * The starter notes, in the order of their index; throws {@link IllegalStateException} if the
     * index or a listed note is missing from the classpath.
     */
    public static List<DesignNote> starter() {
        List<DesignNote> notes = new ArrayList<>();
        for (String line : new String(resource(FOLDER + "INDEX"), StandardCharsets.UTF_8).split("\\R")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            String where = "classpath:" + FOLDER + name;
            notes.add(parse(decode(resource(FOLDER + name), where), name, STARTER, where));
        }
        return List.copyOf(notes);
    }

    /**
     * Reads one user note; throws {@link IllegalArgumentException} naming the file when it is
     * missing, unreadable, over {@value #MAX_BYTES} bytes, not UTF-8, empty, without a
     * {@code # Title} first line or without a body.
     */
    public static DesignNote read(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("design note " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("design note " + file + " is not a regular file");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw tooLarge(file.toString(), size);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read design note " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(file.toString(), bytes.length);
        }
        String name = file.getFileName().toString();
        return parse(decode(bytes, file.toString()), name, file.toString(), file.toString());
    }

    /** A slug from a file name: the name without its extension, lower case, runs of other characters as '-'. */
    static String slug(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        return stem.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    private static DesignNote parse(String text, String fileName, String source, String where) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("design note " + where + " is empty");
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\\R", -1)));
        String first = lines.get(0);
        String title = first.startsWith("# ") ? first.substring(2).strip() : "";
        if (title.isEmpty()) {
            throw new IllegalArgumentException("design note " + where
                    + " must start with a '# Title' line, but its first line is: " + abbreviate(first));
        }
        lines.remove(0);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        List<String> tags = List.of();
        if (!lines.isEmpty() && lines.get(lines.size() - 1).strip().regionMatches(true, 0, "Tags:", 0, 5)) {
            tags = Arrays.stream(lines.remove(lines.size() - 1).strip().substring(5).split(","))
                    .map(String::strip).filter(t -> !t.isEmpty()).toList();
        }
        String body = String.join("\n", lines).strip();
        if (body.isEmpty()) {
            throw new IllegalArgumentException("design note " + where + " has a title but no body");
        }
        String id = slug(fileName);
        if (id.isEmpty()) {
            throw new IllegalArgumentException("design note " + where
                    + ": its file name has no letters or digits to make an id from");
        }
        return new DesignNote(id, title, body, tags, source);
    }

    private static String decode(byte[] bytes, String where) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("design note " + where + " is not valid UTF-8 text", e);
        }
    }

    private static IllegalArgumentException tooLarge(String where, long size) {
        return new IllegalArgumentException("design note " + where + " is " + size + " bytes, over the limit of "
                + MAX_BYTES + " bytes (64 KiB)");
    }

    private static String abbreviate(String line) {
        String s = line.strip();
        return s.isEmpty() ? "(blank)" : s.length() <= 60 ? "'" + s + "'" : "'" + s.substring(0, 60) + "...'";
    }

    private static byte[] resource(String path) {
        try (InputStream in = DesignNotes.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("starter design note resource " + path + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read starter design note resource " + path, e);
        }
    }
}
