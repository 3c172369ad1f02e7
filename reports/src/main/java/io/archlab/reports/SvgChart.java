package io.archlab.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A small, self-contained SVG chart: labelled axes with ticks (linear or logarithmic), point and
 * line series, a legend, a tooltip per point. The result is standalone SVG (it carries its
 * namespace), so the same text is inlined in the HTML report and written beside the Markdown one.
 */
final class SvgChart {
    static final int WIDTH = 760;
    static final int HEIGHT = 380;
    private static final int LEFT = 78;
    private static final int RIGHT = 24;
    private static final int TOP = 52;
    private static final int BOTTOM = 58;

    /** How an axis maps values. */
    enum Scale { LINEAR, LOG }

    /** An axis: its title (with the unit) and how its tick values are written. */
    record Axis(String title, Scale scale, DoubleFunction<String> tick) {
    }

    /** How a series is drawn. */
    enum Mark { DOT, BIG_DOT, STEP, LINE }

    /** One point; {@code label} is written beside it when not null, {@code tip} shows on hover. */
    record Datum(double x, double y, String tip, String label) {
    }

    /** A named, coloured set of points. */
    record Series(String name, String color, Mark mark, List<Datum> data) {
    }

    private final String title;
    private final Axis x;
    private final Axis y;
    private final List<Series> series = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();

    /** A dashed vertical line at {@code x}, named in the legend (e.g. a budget). */
    record Rule(double x, String label) {
    }

    SvgChart rule(double x, String label) {
        rules.add(new Rule(x, label));
        return this;
    }

    SvgChart(String title, Axis x, Axis y) {
        this.title = title;
        this.x = x;
        this.y = y;
    }

    SvgChart add(Series s) {
        series.add(s);
        return this;
    }

    /** The chart as standalone SVG text. */
    String render() {
        double[] xd = domain(x, java.util.stream.DoubleStream.concat(series.stream().flatMap(s -> s.data().stream())
                .mapToDouble(Datum::x), rules.stream().mapToDouble(Rule::x)).toArray());
        double[] yd = domain(y, series.stream().flatMap(s -> s.data().stream()).mapToDouble(Datum::y).toArray());
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(xml(title)).append("\" font-family=\"Helvetica, Arial, "
                        + "sans-serif\" font-size=\"12\">\n");
        b.append("<title>").append(xml(title)).append("</title>\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        b.append(text(LEFT, 22, title, "start", "font-size=\"14\" font-weight=\"bold\""));
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#888\"/>%n", LEFT, TOP, plotW, plotH));
        for (double t : ticks(x, xd)) {
            double px = LEFT + plotW * frac(x, xd, t);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e3e3e3\"/>%n",
                    px, TOP, px, TOP + plotH));
            b.append(text(px, TOP + plotH + 16, x.tick().apply(t), "middle", "class=\"tick\""));
        }
        for (double t : ticks(y, yd)) {
            double py = TOP + plotH * (1 - frac(y, yd, t));
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>%n",
                    LEFT, py, LEFT + plotW, py));
            b.append(text(LEFT - 6, py + 4, y.tick().apply(t), "end", "class=\"tick\""));
        }
        b.append(text(LEFT + plotW / 2.0, HEIGHT - 14, x.title(), "middle", "class=\"axis-title\""));
        b.append(String.format(Locale.ROOT, "<text transform=\"translate(18 %.1f) rotate(-90)\" text-anchor=\"middle\" "
                + "class=\"axis-title\">%s</text>%n", TOP + plotH / 2.0, xml(y.title())));
        List<double[]> placed = new ArrayList<>();
        for (Rule r : rules) {
            double px = LEFT + plotW * frac(x, xd, r.x());
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\" "
                    + "stroke-dasharray=\"4 3\"><title>%s</title></line>%n", px, TOP, px, TOP + plotH, xml(r.label())));
        }
        for (Series s : series) {
            List<double[]> px = new ArrayList<>();
            for (Datum d : s.data()) {
                px.add(new double[] {LEFT + plotW * frac(x, xd, d.x()), TOP + plotH * (1 - frac(y, yd, d.y()))});
            }
            if ((s.mark() == Mark.STEP || s.mark() == Mark.LINE) && !px.isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (int i = 0; i < px.size(); i++) {
                    double[] p = px.get(i);
                    if (i == 0) {
                        path.append(String.format(Locale.ROOT, "M%.1f %.1f", p[0], p[1]));
                    } else if (s.mark() == Mark.STEP) {
                        path.append(String.format(Locale.ROOT, " H%.1f V%.1f", p[0], p[1]));
                    } else {
                        path.append(String.format(Locale.ROOT, " L%.1f %.1f", p[0], p[1]));
                    }
                }
                b.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(s.color())
                        .append("\" stroke-width=\"2\"/>\n");
            } else {
                for (int i = 0; i < px.size(); i++) {
                    Datum d = s.data().get(i);
                    b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\" "
                            + "fill-opacity=\"0.8\" stroke=\"#ffffff\" stroke-width=\"0.8\">", px.get(i)[0],
                            px.get(i)[1], s.mark() == Mark.BIG_DOT ? 5 : 3, s.color()));
                    b.append("<title>").append(xml(d.tip())).append("</title></circle>\n");
                }
            }
            for (int i = 0; i < px.size(); i++) {
                String label = s.data().get(i).label();
                if (label != null) {
                    place(b, placed, shorten(label, 28), px.get(i)[0], px.get(i)[1], plotW, plotH);
                }
            }
        }
        legend(b);
        return b.append("</svg>\n").toString();
    }

    /**
     * Writes a point's label beside it where it overlaps no label written before (trying above,
     * below, then further out); a label with no free place is left out (the point keeps its tooltip).
     */
    private static void place(StringBuilder b, List<double[]> placed, String label, double x, double y, int plotW,
            int plotH) {
        double w = 6.2 * label.length();
        double h = 12;
        boolean right = x < LEFT + plotW * 0.7;
        double left = right ? x + 8 : x - 8 - w;
        for (double dy : new double[] {-6, 14, -18, 26, -30}) {
            double baseline = y + dy;
            double[] box = {left, baseline - h + 2, left + w, baseline + 2};
            boolean inside = box[1] >= TOP && box[3] <= TOP + plotH;
            boolean free = placed.stream().noneMatch(p -> p[0] < box[2] && box[0] < p[2] && p[1] < box[3]
                    && box[1] < p[3]);
            if (inside && free) {
                placed.add(box);
                b.append(text(right ? x + 8 : x - 8, baseline, label, right ? "start" : "end",
                        "class=\"point-label\" font-size=\"11\" fill=\"#333\""));
                return;
            }
        }
    }

    private void legend(StringBuilder b) {
        double at = LEFT;
        for (Series s : series) {
            if (s.name() == null) {
                continue;
            }
            if (s.mark() == Mark.STEP || s.mark() == Mark.LINE) {
                b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"38\" x2=\"%.1f\" y2=\"38\" stroke=\"%s\" "
                        + "stroke-width=\"2\"/>%n", at, at + 12, s.color()));
            } else {
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"38\" r=\"4\" fill=\"%s\"/>%n", at + 6,
                        s.color()));
            }
            b.append(text(at + 16, 42, s.name(), "start", "class=\"legend\""));
            at += 34 + 6.5 * s.name().length();
        }
        for (Rule r : rules) {
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"38\" x2=\"%.1f\" y2=\"38\" stroke=\"#555\" "
                    + "stroke-dasharray=\"4 3\"/>%n", at, at + 12));
            b.append(text(at + 16, 42, r.label(), "start", "class=\"legend\""));
            at += 34 + 6.5 * r.label().length();
        }
    }

    /** Data range with a margin; a log axis keeps to positive values. */
    private static double[] domain(Axis a, double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (Double.isFinite(d) && (a.scale() == Scale.LINEAR || d > 0)) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        if (lo == Double.POSITIVE_INFINITY) {
            return a.scale() == Scale.LOG ? new double[] {1, 10} : new double[] {0, 1};
        }
        if (a.scale() == Scale.LOG) {
            return new double[] {Math.pow(10, Math.floor(Math.log10(lo) * 10) / 10 - 0.05),
                    Math.pow(10, Math.ceil(Math.log10(hi) * 10) / 10 + 0.05)};
        }
        double span = hi - lo;
        double pad = span == 0 ? Math.max(Math.abs(hi) * 0.05, 0.01) : span * 0.06;
        return new double[] {lo - pad, hi + pad};
    }

    private static double frac(Axis a, double[] d, double v) {
        if (a.scale() == Scale.LOG) {
            return (Math.log10(Math.max(v, d[0])) - Math.log10(d[0])) / (Math.log10(d[1]) - Math.log10(d[0]));
        }
        return (v - d[0]) / (d[1] - d[0]);
    }

    /** Round tick values inside the domain: 1-2-5 steps on a linear axis, 1-2-5 per decade on a log one. */
    static List<Double> ticks(Axis a, double[] d) {
        List<Double> out = new ArrayList<>();
        if (a.scale() == Scale.LOG) {
            int decades = (int) Math.ceil(Math.log10(d[1])) - (int) Math.floor(Math.log10(d[0]));
            double[] mult = decades <= 2 ? new double[] {1, 2, 5} : new double[] {1};
            for (int e = (int) Math.floor(Math.log10(d[0])); e <= Math.ceil(Math.log10(d[1])); e++) {
                for (double m : mult) {
                    double t = m * Math.pow(10, e);
                    if (t >= d[0] && t <= d[1]) {
                        out.add(t);
                    }
                }
            }
            return out;
        }
        double raw = (d[1] - d[0]) / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        for (double t = Math.ceil(d[0] / step) * step; t <= d[1] + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return out;
    }

    /** Axis tick text for a count: 1.2K, 45K, 1.5M. */
    static String compact(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return trim(v / 1e9) + "G";
        }
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return trim(v / 1e3) + "K";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String text(double x, double y, String s, String anchor, String attrs) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>%n", x, y, anchor,
                attrs, xml(s));
    }

    /** Text safe inside SVG/XML content and attribute values. */
    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default:
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.toString();
    }
}
