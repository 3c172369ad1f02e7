package io.archlab.reports;

import io.archlab.knowledge.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Writes a run's report: HTML ({@value HtmlReport#FILE}) and Markdown ({@value MarkdownReport#FILE}). */
public final class Reports {
    /** Report formats. */
    public enum Format { html, md }

    private Reports() {
    }

    /** Parses {@code "html,md"}; names the unknown format on error. */
    public static Set<Format> formats(String list) {
        Set<Format> out = EnumSet.noneOf(Format.class);
        for (String s : list.split(",")) {
            String name = s.trim().toLowerCase(Locale.ROOT);
            if (name.equals("markdown")) {
                name = "md";
            }
            try {
                out.add(Format.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown report format '" + s.trim() + "': use html, md or both "
                        + "(html,md)");
            }
        }
        return out;
    }

    /** Writes the report of {@code runId} into {@code dir} in each format; returns the files written. */
    public static List<Path> write(Store store, String runId, Path dir, Set<Format> formats) throws IOException {
        Doc doc = ReportContent.of(RunFacts.of(store, runId));
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        if (formats.contains(Format.html)) {
            Path file = dir.resolve(HtmlReport.FILE);
            Files.writeString(file, HtmlReport.render(doc), StandardCharsets.UTF_8);
            out.add(file);
        }
        if (formats.contains(Format.md)) {
            out.add(MarkdownReport.write(doc, dir));
        }
        return out;
    }

    /** The HTML report of {@code runId} as text (the dashboard serves it). */
    public static String html(Store store, String runId) {
        return HtmlReport.render(ReportContent.of(RunFacts.of(store, runId)));
    }

    /** The Markdown report of {@code runId} as text (charts are referenced by file name). */
    public static String markdown(Store store, String runId) {
        return MarkdownReport.render(ReportContent.of(RunFacts.of(store, runId)));
    }
}
