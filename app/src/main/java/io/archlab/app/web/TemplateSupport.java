package io.archlab.app.web;

import io.archlab.agent.RunSummary;
import io.archlab.knowledge.AssessmentRecord;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.InsightRecord;
import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.analysis.Analysis;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What the dashboard's templates may read of other modules' records, and their number formats
 * ({@code {fmt:pct(x)}}; every format is null-safe and gives an empty string for null).
 */
@TemplateData(target = RunSummary.Best.class)
@TemplateData(target = TrialRecord.class)
@TemplateData(target = CandidateRecord.class)
@TemplateData(target = AssessmentRecord.class)
@TemplateData(target = InsightRecord.class)
@TemplateData(target = LlmExchangeRecord.class)
@TemplateData(target = Analysis.class)
@TemplateData(target = Analysis.OpCost.class)
public final class TemplateSupport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private TemplateSupport() {
    }

    /** {@code 0.8612} as {@code 86.12%}. */
    @TemplateExtension(namespace = "fmt")
    static String pct(Double value) {
        return value == null || value.isNaN() ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * value);
    }

    /** A count with thousands separators. */
    @TemplateExtension(namespace = "fmt")
    static String count(Number value) {
        return value == null ? "" : String.format(Locale.ROOT, "%,d", value.longValue());
    }

    /** Seconds with one decimal. */
    @TemplateExtension(namespace = "fmt")
    static String secs(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.1f", value);
    }

    /** Seconds as minutes with one decimal. */
    @TemplateExtension(namespace = "fmt")
    static String mins(Double seconds) {
        return seconds == null ? "" : String.format(Locale.ROOT, "%.1f", seconds / 60);
    }

    /** Milliseconds with two decimals. */
    @TemplateExtension(namespace = "fmt")
    static String ms(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** A number with {@code digits} decimals. */
    @TemplateExtension(namespace = "fmt")
    static String dec(Double value, Integer digits) {
        return value == null || value.isNaN() ? "" : String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    /** US dollars with four decimals. */
    @TemplateExtension(namespace = "fmt")
    static String usd(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "$%.4f", value);
    }

    /** Bytes in binary units: {@code 312.5 KiB}. */
    @TemplateExtension(namespace = "fmt")
    static String bytes(Long value) {
        if (value == null) {
            return "";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = value;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? value + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** An instant in UTC, to the second. */
    @TemplateExtension(namespace = "fmt")
    static String time(Instant value) {
        return value == null ? "" : TIME.format(value);
    }

    /** An instant in UTC, to the minute. */
    @TemplateExtension(namespace = "fmt")
    static String day(Instant value) {
        return value == null ? "" : TIME.format(value).substring(0, 16);
    }

    /** Text cut to {@code max} characters, with an ellipsis when cut. */
    @TemplateExtension(namespace = "fmt")
    static String cut(String value, Integer max) {
        if (value == null) {
            return "";
        }
        String s = value.replaceAll("\\s+", " ").strip();
        return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** A path segment, percent-encoded (ids come from the store: never trusted to be URL-safe). */
    @TemplateExtension(namespace = "fmt")
    static String path(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query parameter value, percent-encoded. */
    @TemplateExtension(namespace = "fmt")
    static String query(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
