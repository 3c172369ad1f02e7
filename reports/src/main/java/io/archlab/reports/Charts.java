package io.archlab.reports;

import io.archlab.reports.SvgChart.Axis;
import io.archlab.reports.SvgChart.Datum;
import io.archlab.reports.SvgChart.Mark;
import io.archlab.reports.SvgChart.Scale;
import io.archlab.reports.SvgChart.Series;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The report's charts, drawn from {@link RunFacts}. */
final class Charts {
    static final String PARETO_FILE = "pareto.svg";
    static final String PROGRESS_FILE = "best-so-far.svg";
    private static final String FRONT = "#d1495b";
    private static final String OTHER = "#8a9bb0";
    private static final String OVER = "#c9c9c9";
    private static final String BEST = "#1b6ca8";
    private static final int LABELS = 8;
    /** Most dots a chart draws per series: beyond, an even sample (the front and the best line are always whole). */
    static final int MAX_DOTS = 2_000;

    private Charts() {
    }

    private static String percentTick(double v) {
        return String.format(Locale.ROOT, "%.1f", 100 * v);
    }

    /** Validation accuracy against parameters (log scale), the accuracy-parameters front highlighted. */
    static Doc.Chart pareto(List<RunFacts.Point> points, long maxParams) {
        List<Datum> rest = new ArrayList<>();
        List<Datum> over = new ArrayList<>();
        List<RunFacts.Point> front = new ArrayList<>();
        for (RunFacts.Point p : points) {
            if (p.paramFront()) {
                front.add(p);
            } else if (p.params() > maxParams) {
                over.add(datum(p, null));
            } else {
                rest.add(datum(p, null));
            }
        }
        int shown = Math.min(rest.size(), MAX_DOTS) + Math.min(over.size(), MAX_DOTS) + front.size();
        rest = sample(rest);
        over = sample(over);
        front.sort(Comparator.comparingLong(RunFacts.Point::params));
        List<Datum> frontData = new ArrayList<>();
        for (int i = 0; i < front.size(); i++) {
            boolean label = front.size() <= LABELS || i % (int) Math.ceil(front.size() / (double) LABELS) == 0
                    || i == front.size() - 1;
            frontData.add(datum(front.get(i), label ? front.get(i).candidate().name() : null));
        }
        SvgChart chart = new SvgChart("Validation accuracy against parameters (screened candidates)",
                new Axis("Trainable parameters (count, log scale)", Scale.LOG, SvgChart::compact),
                new Axis("Validation accuracy (%)", Scale.LINEAR, Charts::percentTick));
        if (!over.isEmpty()) {
            chart.add(new Series("over budget", OVER, Mark.DOT, over));
        }
        chart.add(new Series("screened", OTHER, Mark.DOT, rest));
        chart.add(new Series(null, FRONT, Mark.STEP, frontData.stream()
                .map(d -> new Datum(d.x(), d.y(), d.tip(), null)).toList()));
        chart.add(new Series("Pareto front", FRONT, Mark.BIG_DOT, frontData));
        chart.rule(maxParams, "parameter budget (" + SvgChart.compact(maxParams) + ")");
        return new Doc.Chart(PARETO_FILE, "Validation accuracy (%) against trainable parameters (log scale) of "
                + points.size() + " screened candidates; " + front.size() + " on the front"
                + (shown < points.size() ? "; " + shown + " drawn (an even sample of the others)" : ""),
                chart.render());
    }

    private static Datum datum(RunFacts.Point p, String label) {
        return new Datum(p.params(), p.accuracy(), String.format(Locale.ROOT, "%s: %s, %s params, %s MACs",
                p.candidate().name(), Fmt.pct(p.accuracy()), Fmt.count(p.params()), Fmt.count(p.macs())), label);
    }

    /** Each screening's validation accuracy by trial number, and the best so far within the budget. */
    static Doc.Chart progress(List<RunFacts.Progress> progress) {
        List<Datum> within = new ArrayList<>();
        List<Datum> over = new ArrayList<>();
        List<Datum> best = new ArrayList<>();
        for (RunFacts.Progress p : progress) {
            Datum d = new Datum(p.trial(), p.accuracy(), String.format(Locale.ROOT, "trial %d, %s: %s%s", p.trial(),
                    p.candidate(), Fmt.pct(p.accuracy()), p.withinBudget() ? "" : " (over budget)"), null);
            (p.withinBudget() ? within : over).add(d);
            if (!Double.isNaN(p.bestSoFar())) {
                best.add(new Datum(p.trial(), p.bestSoFar(), "best so far after trial " + p.trial() + ": "
                        + Fmt.pct(p.bestSoFar()), null));
            }
        }
        int dots = within.size() + over.size();
        within = sample(within);
        over = sample(over);
        best = changes(best);
        SvgChart chart = new SvgChart("Best validation accuracy so far",
                new Axis("Trial number", Scale.LINEAR, v -> v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : ""),
                new Axis("Validation accuracy (%)", Scale.LINEAR, Charts::percentTick));
        if (!over.isEmpty()) {
            chart.add(new Series("over budget", OVER, Mark.DOT, over));
        }
        chart.add(new Series("screening", OTHER, Mark.DOT, within));
        chart.add(new Series("best so far", BEST, Mark.STEP, best));
        int drawn = within.size() + over.size();
        return new Doc.Chart(PROGRESS_FILE, "Validation accuracy (%) of each screening by trial number, with the best "
                + "so far within the parameter budget" + (drawn < dots ? "; " + drawn + " of " + dots
                + " screenings drawn (an even sample)" : ""), chart.render());
    }

    /** At most {@link #MAX_DOTS} of {@code data}, evenly spaced, first and last kept. */
    static <T> List<T> sample(List<T> data) {
        if (data.size() <= MAX_DOTS) {
            return data;
        }
        List<T> out = new ArrayList<>(MAX_DOTS);
        for (int i = 0; i < MAX_DOTS; i++) {
            out.add(data.get((int) Math.round(i * (data.size() - 1) / (double) (MAX_DOTS - 1))));
        }
        return out;
    }

    /** The points of a step line where it changes, and its last point: the same line, drawn with fewer points. */
    static List<Datum> changes(List<Datum> line) {
        List<Datum> out = new ArrayList<>();
        for (int i = 0; i < line.size(); i++) {
            if (i == 0 || i == line.size() - 1 || line.get(i).y() != line.get(i - 1).y()) {
                out.add(line.get(i));
            }
        }
        return out;
    }
}
