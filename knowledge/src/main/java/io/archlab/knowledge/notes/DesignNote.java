package io.archlab.knowledge.notes;

import java.util.List;
import java.util.Objects;

/**
 * One design note: a markdown file with a {@code # Title} first line, a body and optional tags.
 *
 * @param id     a slug made from the file name ({@code Depthwise Convs.md} → {@code depthwise-convs})
 * @param title  the text of the {@code # Title} line
 * @param body   the markdown after the title, without the final {@code Tags:} line
 * @param tags   the comma-separated values of the final {@code Tags:} line, if any
 * @param source {@value DesignNotes#STARTER} for the shipped notes, else the path of the user's file
 */
public record DesignNote(String id, String title, String body, List<String> tags, String source) {
    public DesignNote {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        tags = List.copyOf(tags);
        Objects.requireNonNull(source, "source");
    }

    /** The text to embed for retrieval: the title, a blank line, then the body. */
    public String embeddingText() {
        return title + "\n\n" + body;
    }
}
