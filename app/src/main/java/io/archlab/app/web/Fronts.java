package io.archlab.app.web;

import io.archlab.evaluator.Pareto;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Pareto page: screening accuracy (up) against parameters, MACs or latency (down), with the
 * non-dominated candidates marked. All front members are drawn; the dominated ones are thinned to
 * {@link #MAX_DOMINATED} evenly when there are more, and the page says so.
 */
@ApplicationScoped
public class Fronts {
    static final int MAX_DOMINATED = 3_000;
    /** Cost axes: key, label, unit. */
    static final Map<String, String> AXES = Map.of("params", "parameters", "macs", "MACs per sample",
            "latency", "latency at batch 1 (ms)");

    @Inject
    RunSnapshots snapshots;

    /** A point: a candidate's cost and screening accuracy. */
    @TemplateData
    public record Point(String id, String name, double x, double y, boolean front, boolean feasible) {
    }

    /**
     * @param axis      {@code params}, {@code macs} or {@code latency}
     * @param points    the front first (by cost), then the drawn dominated points
     * @param measured  candidates with both figures (the population of the front)
     * @param drawn     points drawn
     */
    @TemplateData
    public record Front(String runId, String axis, String axisLabel, List<Point> points, List<Point> front,
            int measured, int drawn, int candidates) {
        public boolean thinned() {
            return drawn < measured;
        }
    }

    /** The front of {@code runId} over {@code axis} (default: parameters), or 404. */
    public Front of(String runId, String axis) {
        RunSnapshot s = snapshots.get(runId);
        String a = axis != null && AXES.containsKey(axis) ? axis : "params";
        Function<CandidateStats, Number> cost = switch (a) {
            case "macs" -> CandidateStats::macs;
            case "latency" -> CandidateStats::bestLatencyMs;
            default -> CandidateStats::params;
        };
        List<CandidateStats> measured = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (CandidateStats c : s.candidates) {
            Number x = cost.apply(c);
            if (c.succeeded() && x != null && Double.isFinite(x.doubleValue())) {
                measured.add(c);
                values.add(new double[] {c.screeningAccuracy(), x.doubleValue()});
            }
        }
        int[] ranks = measured.isEmpty() ? new int[0]
                : Pareto.of(Pareto.Objective.maximise("accuracy"), Pareto.Objective.minimise(a)).ranks(values);
        List<Point> front = new ArrayList<>();
        List<Point> others = new ArrayList<>();
        for (int i = 0; i < measured.size(); i++) {
            CandidateStats c = measured.get(i);
            Point p = new Point(c.id(), c.name(), values.get(i)[1], values.get(i)[0], ranks[i] == 0, s.feasible(c));
            (p.front() ? front : others).add(p);
        }
        front.sort(Comparator.comparingDouble(Point::x).thenComparingDouble(p -> -p.y()));
        List<Point> drawn = new ArrayList<>(front);
        double stride = Math.max(1.0, others.size() / (double) MAX_DOMINATED);
        for (double i = 0; i < others.size(); i += stride) {
            drawn.add(others.get((int) i));
        }
        return new Front(runId, a, AXES.get(a), drawn, front, measured.size(), drawn.size(), s.size());
    }
}
