package io.archlab.knowledge;

import java.time.Instant;

/**
 * A design note: architecture knowledge shared by all runs.
 *
 * @param id     a slug, unique; adding a note with an existing id replaces it
 * @param tags   comma-separated, possibly empty
 * @param source {@code starter} or the file it was added from
 */
public record NoteRecord(String id, String title, String body, String tags, String source, Instant addedAt) {
}
