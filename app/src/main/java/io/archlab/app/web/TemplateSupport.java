package io.archlab.app.web;

import io.archlab.agent.RunSummary;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateExtension;
import java.util.Locale;

/** What the dashboard's templates may read, and their number formats ({@code {fmt:pct(x)}}, null-safe). */
@TemplateData(target = RunSummary.class)
@TemplateData(target = RunSummary.Best.class)
@TemplateData(target = ApiResource.Row.class)
@TemplateData(target = TrialRecord.class)
@TemplateData(target = CandidateRecord.class)
public final class TemplateSupport {
    private TemplateSupport() {
    }

    /** {@code 0.8612} as {@code 86.12%}; empty for null. */
    @TemplateExtension(namespace = "fmt")
    static String pct(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * value);
    }

    /** A count with thousands separators; empty for null. */
    @TemplateExtension(namespace = "fmt")
    static String count(Long value) {
        return value == null ? "" : String.format(Locale.ROOT, "%,d", value);
    }

    /** Seconds with one decimal. */
    @TemplateExtension(namespace = "fmt")
    static String secs(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.1f", value);
    }
}
