package io.archlab.knowledge.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class NoteFileTest {
    @TempDir
    Path dir;

    @Test
    void should_read_title_body_tags_and_slug_of_a_user_note() throws IOException {
        Path file = write("My Grouped Convs.md", "# Grouped convolutions\r\n\r\nSplit channels into groups.\r\n"
                + "Each group is convolved alone.\r\n\r\nTags: conv,  groups , \n\n");

        DesignNote note = DesignNotes.read(file);

        assertEquals("my-grouped-convs", note.id());
        assertEquals("Grouped convolutions", note.title());
        assertEquals("Split channels into groups.\nEach group is convolved alone.", note.body());
        assertEquals(List.of("conv", "groups"), note.tags());
        assertEquals(file.toString(), note.source());
    }

    @Test
    void should_read_a_note_without_tags_and_with_a_byte_order_mark() throws IOException {
        DesignNote note = DesignNotes.read(write("bom.md", "\uFEFF# Title\nBody text."));

        assertEquals("Title", note.title());
        assertEquals("Body text.", note.body());
        assertEquals(List.of(), note.tags());
    }

    @Test
    void should_reject_a_missing_file_naming_it() {
        Path file = dir.resolve("absent.md");

        assertMessage(file, "does not exist", () -> DesignNotes.read(file));
    }

    @Test
    void should_reject_a_file_that_is_not_utf8_naming_it() throws IOException {
        Path file = dir.resolve("latin1.md");
        Files.write(file, "# Caf\u00e9\n\nNa\u00efve body.".getBytes(StandardCharsets.ISO_8859_1));

        assertMessage(file, "not valid UTF-8", () -> DesignNotes.read(file));
    }

    @Test
    void should_reject_an_empty_file_naming_it() throws IOException {
        Path empty = write("empty.md", "");
        Path blank = write("blank.md", " \n\n\t\n");

        assertMessage(empty, "is empty", () -> DesignNotes.read(empty));
        assertMessage(blank, "is empty", () -> DesignNotes.read(blank));
    }

    @Test
    void should_reject_a_file_whose_first_line_is_not_a_title_naming_it() throws IOException {
        Path noHeading = write("plain.md", "Just text\n\nMore text.");
        Path subHeading = write("h2.md", "## Subsection\n\nText.");
        Path lateTitle = write("late.md", "\n# Title\n\nText.");

        assertMessage(noHeading, "must start with a '# Title' line", () -> DesignNotes.read(noHeading));
        assertMessage(subHeading, "must start with a '# Title' line", () -> DesignNotes.read(subHeading));
        assertMessage(lateTitle, "must start with a '# Title' line", () -> DesignNotes.read(lateTitle));
    }

    @Test
    void should_reject_a_title_without_body_naming_it() throws IOException {
        Path file = write("title-only.md", "# Title\n\nTags: a, b\n");

        assertMessage(file, "no body", () -> DesignNotes.read(file));
    }

    @Test
    void should_reject_a_file_over_64_KiB_naming_it_and_accept_one_at_the_limit() throws IOException {
        String head = "# Big\n\n";
        Path atLimit = write("at-limit.md", head + "x".repeat(DesignNotes.MAX_BYTES - head.length()));
        Path over = write("over.md", head + "x".repeat(DesignNotes.MAX_BYTES - head.length() + 1));

        assertEquals("at-limit", DesignNotes.read(atLimit).id());
        assertMessage(over, "65537 bytes, over the limit of 65536", () -> DesignNotes.read(over));
    }

    @Test
    void should_reject_a_directory_naming_it() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub.md"));

        assertMessage(sub, "not a regular file", () -> DesignNotes.read(sub));
    }

    @Test
    void should_reject_a_file_name_that_gives_no_id_naming_it() throws IOException {
        Path file = write("__.md", "# Title\n\nText.");

        assertMessage(file, "no letters or digits", () -> DesignNotes.read(file));
    }

    @Test
    void should_make_slugs_from_file_names() {
        assertEquals("se-blocks-v2", DesignNotes.slug("SE blocks (v2).md"));
        assertEquals("notes", DesignNotes.slug("notes"));
        assertEquals("", DesignNotes.slug("__.md"));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static void assertMessage(Path file, String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
