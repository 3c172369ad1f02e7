package io.archlab.knowledge.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NoteStarterSetTest {
    private static final Path NOTES = Path.of("notes");

    @Test
    void should_load_at_least_nine_starter_notes_each_with_title_and_body() {
        List<DesignNote> notes = DesignNotes.starter();

        assertTrue(notes.size() >= 9, "only " + notes.size() + " starter notes");
        for (DesignNote n : notes) {
            assertFalse(n.title().isBlank(), n.id() + " has no title");
            assertFalse(n.body().isBlank(), n.id() + " has no body");
            assertFalse(n.body().startsWith("#"), n.id() + " body still holds its title");
            assertFalse(n.tags().isEmpty(), n.id() + " has no tags");
            assertEquals(DesignNotes.STARTER, n.source());
        }
    }

    @Test
    void should_give_starter_notes_distinct_ids_from_their_file_names() {
        List<DesignNote> notes = DesignNotes.starter();
        Set<String> ids = notes.stream().map(DesignNote::id).collect(Collectors.toSet());

        assertEquals(notes.size(), ids.size());
        assertTrue(ids.contains("depthwise-separable-convolutions"), ids.toString());
    }

    @Test
    void should_list_every_note_file_of_the_notes_folder_in_the_index() throws IOException {
        Set<String> indexed = new HashSet<>();
        for (String line : Files.readAllLines(NOTES.resolve("INDEX"), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                indexed.add(line.strip());
            }
        }
        Set<String> files;
        try (Stream<Path> s = Files.list(NOTES)) {
            files = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".md")).collect(Collectors.toSet());
        }

        assertEquals(files, indexed);
    }

    @Test
    void should_keep_every_starter_note_between_150_and_400_words() {
        for (DesignNote n : DesignNotes.starter()) {
            int words = n.embeddingText().split("\\s+").length;
            assertTrue(words >= 150 && words <= 400, n.id() + " has " + words + " words");
        }
    }
}
