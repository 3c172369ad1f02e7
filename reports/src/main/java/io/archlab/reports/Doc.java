package io.archlab.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * A report as structure, before it is written: sections of paragraphs, tables, charts and code.
 * {@link HtmlReport} and {@link MarkdownReport} write the same document, so the two versions say
 * the same thing. All text is plain (writers escape it).
 */
final class Doc {
    final String title;
    final List<Section> sections = new ArrayList<>();

    Doc(String title) {
        this.title = title;
    }

    Section section(String id, String heading) {
        Section s = new Section(id, heading, new ArrayList<>());
        sections.add(s);
        return s;
    }

    /** A part of the report with an anchor id. */
    record Section(String id, String heading, List<Block> blocks) {
        Section para(String text) {
            blocks.add(new Para(text));
            return this;
        }

        Section banner(Level level, String text) {
            blocks.add(new Banner(level, text));
            return this;
        }

        Section add(Block b) {
            blocks.add(b);
            return this;
        }
    }

    /** One piece of a section. */
    sealed interface Block permits Para, Banner, Table, Chart, Code, Heading {
    }

    /** A paragraph of plain text. */
    record Para(String text) implements Block {
    }

    /** A sub-heading inside a section. */
    record Heading(String text) implements Block {
    }

    /** How loud a banner is. */
    enum Level { GOOD, NOTE, BAD }

    /** A statement the reader must not miss (a run that failed, a discovery). */
    record Banner(Level level, String text) implements Block {
    }

    /**
     * A table. {@code numeric} marks the right-aligned columns; {@code id} names it for readers
     * and tests.
     */
    record Table(String id, List<String> header, List<Boolean> numeric, List<List<String>> rows) implements Block {
        static Builder of(String id) {
            return new Builder(id);
        }

        /** Columns first, then rows. */
        static final class Builder {
            private final String id;
            private final List<String> header = new ArrayList<>();
            private final List<Boolean> numeric = new ArrayList<>();
            private final List<List<String>> rows = new ArrayList<>();

            Builder(String id) {
                this.id = id;
            }

            Builder text(String name) {
                header.add(name);
                numeric.add(false);
                return this;
            }

            Builder number(String name) {
                header.add(name);
                numeric.add(true);
                return this;
            }

            Builder row(String... cells) {
                if (cells.length != header.size()) {
                    throw new IllegalArgumentException("table " + id + ": row of " + cells.length + " cells, "
                            + header.size() + " columns");
                }
                rows.add(java.util.Arrays.stream(cells).map(c -> c == null ? "" : c).toList());
                return this;
            }

            boolean isEmpty() {
                return rows.isEmpty();
            }

            Table build() {
                return new Table(id, List.copyOf(header), List.copyOf(numeric), List.copyOf(rows));
            }
        }
    }

    /** A chart: inline SVG in HTML, a file beside the Markdown. */
    record Chart(String file, String alt, String svg) implements Block {
    }

    /** Source code or a command. */
    record Code(String language, String text) implements Block {
    }
}
