package io.archlab.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A report as Markdown, with its charts as SVG files beside it (the same document as
 * {@link HtmlReport}).
 */
public final class MarkdownReport {
    /** File name of the report inside its folder. */
    public static final String FILE = "report.md";

    private MarkdownReport() {
    }

    /** Writes the Markdown and its chart files into {@code dir}; returns the Markdown file. */
    static Path write(Doc doc, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Doc.Section s : doc.sections) {
            for (Doc.Block b : s.blocks()) {
                if (b instanceof Doc.Chart c) {
                    Files.writeString(dir.resolve(c.file()), c.svg(), StandardCharsets.UTF_8);
                }
            }
        }
        Path file = dir.resolve(FILE);
        Files.writeString(file, render(doc), StandardCharsets.UTF_8);
        return file;
    }

    static String render(Doc doc) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(inline(doc.title)).append("\n\n");
        for (Doc.Section s : doc.sections) {
            md.append("## ").append(inline(s.heading())).append("\n\n");
            for (Doc.Block b : s.blocks()) {
                block(md, b);
            }
        }
        md.append("_Written by archlab from the run's knowledge base; every figure is read from the store._\n");
        return md.toString();
    }

    private static void block(StringBuilder md, Doc.Block block) {
        if (block instanceof Doc.Para p) {
            md.append(inline(p.text())).append("\n\n");
        } else if (block instanceof Doc.Heading h) {
            md.append("### ").append(inline(h.text())).append("\n\n");
        } else if (block instanceof Doc.Banner n) {
            md.append("> **").append(n.level() == Doc.Level.BAD ? "Failed" : n.level() == Doc.Level.GOOD ? "Result"
                    : "Note").append(":** ").append(inline(n.text())).append("\n\n");
        } else if (block instanceof Doc.Table t) {
            table(md, t);
        } else if (block instanceof Doc.Chart c) {
            md.append("![").append(inline(c.alt()).replace("]", "\\]")).append("](").append(c.file()).append(")\n\n");
        } else if (block instanceof Doc.Code c) {
            String fence = fence(c.text());
            md.append(fence).append(c.language()).append('\n').append(c.text()).append('\n').append(fence)
                    .append("\n\n");
        }
    }

    private static void table(StringBuilder md, Doc.Table t) {
        md.append('|');
        t.header().forEach(h -> md.append(' ').append(cell(h)).append(" |"));
        md.append("\n|");
        t.numeric().forEach(n -> md.append(n ? "---:|" : "---|"));
        md.append('\n');
        for (List<String> row : t.rows()) {
            md.append('|');
            row.forEach(c -> md.append(' ').append(cell(c)).append(" |"));
            md.append('\n');
        }
        md.append('\n');
    }

    /** A fence longer than any run of backticks in the text, so code cannot close it early. */
    static String fence(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    /** Text made safe for a Markdown table cell: no pipes, no line breaks, no HTML. */
    static String cell(String s) {
        return inline(s).replace("|", "\\|");
    }

    /** Text made safe as Markdown prose: no raw HTML, no line breaks, Markdown punctuation escaped. */
    static String inline(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\': case '`': case '*': case '_': case '[': case ']': case '#':
                    b.append('\\').append(c);
                    break;
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '&':
                    b.append("&amp;");
                    break;
                case '\r': case '\n':
                    b.append(' ');
                    break;
                default:
                    b.append(c);
            }
        }
        return b.toString();
    }
}
