package io.archlab.app.web;

import io.archlab.knowledge.AssessmentRecord;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.LineageEdge;
import io.archlab.knowledge.Store;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The lineage page: parents and children laid out as a tree (x: generation drawn, y: leaf order),
 * coloured by screening accuracy, failed and pending attempts marked apart. Runs up to
 * {@link #ALL_UP_TO} candidates are drawn whole; larger ones are bounded to the top candidates
 * (or a chosen one), their ancestors, the chosen one's children and a few failed attempts of each
 * drawn candidate, at most {@link #MAX_NODES} in all, and the page says what it left out.
 */
@ApplicationScoped
public class LineageGraphs {
    static final int ALL_UP_TO = 300;
    static final int MAX_NODES = 300;
    static final int DEFAULT_TOP = 20;
    static final int FAILED_PER_NODE = 3;
    static final int CHILDREN_OF_FOCUS = 40;
    /** Edges read from the lineage table in one go up to this many candidates. */
    static final int WHOLE_RUN_READS = 5_000;
    static final double DX = 220;
    static final double DY = 46;

    @Inject
    RunSnapshots snapshots;

    @Inject
    DashboardStore stores;

    /**
     * A drawn candidate.
     *
     * @param status       {@code succeeded}, a failure kind, or {@code pending}
     * @param color        fill colour: by accuracy for trained ones, grey for failed (and the ring of pending ones)
     * @param cut          its own parent exists but is not drawn (the bound cut the ancestry here)
     */
    @TemplateData
    public record Node(String id, String name, String proposer, int generation, String status, Double accuracy,
            Integer rank, boolean discovery, boolean focus, boolean cut, double x, double y, String color) {
    }

    /** Parent to child, labelled with the child's change summary (its hypothesis) and the IR diff. */
    @TemplateData
    public record Edge(String source, String target, String label, String diff) {
    }

    /**
     * What is drawn, and how it was bounded.
     *
     * @param minAccuracy low end of the colour scale: the 10th percentile of the drawn screening accuracies
     * @param maxAccuracy high end: the best drawn
     */
    @TemplateData
    public record Tree(String runId, String focus, int top, List<Node> nodes, List<Edge> edges, int candidates,
            boolean bounded, Double minAccuracy, Double maxAccuracy) {
    }

    /** The tree of {@code runId}: whole when small, else bounded around {@code focus} or the top {@code top}. */
    public Tree of(String runId, String focus, String top) {
        RunSnapshot s = snapshots.get(runId);
        Store store = stores.get();
        int n = Math.max(1, Math.min(200, Boards.parse(top, DEFAULT_TOP)));
        String focusId = s.candidate(focus) == null ? null : focus;
        boolean bounded = s.size() > ALL_UP_TO;
        Set<String> drawn = bounded ? bounded(s, focusId, n) : new LinkedHashSet<>(s.byId.keySet());
        Map<String, CandidateRecord> records = records(store, s, drawn);
        Map<String, String> diffs = diffs(store, s, drawn, focusId, n);
        Set<String> discoveries = new java.util.HashSet<>();
        RunRows.verdicts(store, runId).stream().filter(AssessmentRecord::discovery)
                .forEach(a -> discoveries.add(a.candidateId()));
        double[] range = range(s, drawn);
        Map<String, double[]> xy = layout(s, drawn);
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (String id : drawn) {
            CandidateStats c = s.candidate(id);
            double[] p = xy.get(id);
            boolean cut = c.parentId() != null && !drawn.contains(c.parentId());
            nodes.add(new Node(id, c.name(), c.proposer(), c.generation(), c.status(), c.screeningAccuracy(),
                    s.rank.get(id), discoveries.contains(id), id.equals(focusId), cut, p[0], p[1],
                    color(c, range)));
            if (c.parentId() != null && drawn.contains(c.parentId())) {
                CandidateRecord r = records.get(id);
                edges.add(new Edge(c.parentId(), id, r == null ? "" : r.changeSummary(), diffs.get(id)));
            }
        }
        return new Tree(runId, focusId, n, nodes, edges, s.size(), bounded, range == null ? null : range[0],
                range == null ? null : range[1]);
    }

    /** The top {@code n} and the focus, their ancestors, the focus's children, and failed attempts. */
    private static Set<String> bounded(RunSnapshot s, String focus, int n) {
        Set<String> out = new LinkedHashSet<>();
        List<String> seeds = new ArrayList<>();
        if (focus != null) {
            seeds.add(focus);
        }
        s.board.stream().limit(n).forEach(e -> seeds.add(e.candidate().candidateId()));
        for (String id : seeds) {
            for (String a = id; a != null && out.size() < MAX_NODES && out.add(a); ) {
                a = s.candidate(a).parentId();
            }
        }
        if (focus != null) {
            s.childrenOf(focus).stream().limit(CHILDREN_OF_FOCUS).takeWhile(c -> out.size() < MAX_NODES)
                    .forEach(c -> out.add(c.id()));
        }
        for (String id : List.copyOf(out)) {
            s.childrenOf(id).stream().filter(c -> c.failed() || c.pending()).limit(FAILED_PER_NODE)
                    .takeWhile(c -> out.size() < MAX_NODES).forEach(c -> out.add(c.id()));
        }
        return out;
    }

    /** Tidy tree: leaves on consecutive rows, a parent at the middle of its children. */
    private static Map<String, double[]> layout(RunSnapshot s, Set<String> drawn) {
        Map<String, List<String>> kids = new HashMap<>();
        List<String> roots = new ArrayList<>();
        for (String id : drawn) {
            String p = s.candidate(id).parentId();
            if (p != null && drawn.contains(p)) {
                kids.computeIfAbsent(p, k -> new ArrayList<>()).add(id);
            } else {
                roots.add(id);
            }
        }
        Comparator<String> byOrdinal = Comparator.comparingInt(id -> s.candidate(id).ordinal());
        roots.sort(byOrdinal);
        kids.values().forEach(l -> l.sort(byOrdinal));
        Map<String, double[]> xy = new HashMap<>();
        double[] row = {0};
        for (String root : roots) {
            // iterative post-order, so a deep chain cannot overflow the stack
            Deque<Object[]> stack = new ArrayDeque<>();
            stack.push(new Object[] {root, 0, false});
            while (!stack.isEmpty()) {
                Object[] f = stack.pop();
                String id = (String) f[0];
                int depth = (Integer) f[1];
                List<String> ch = kids.getOrDefault(id, List.of());
                if (ch.isEmpty()) {
                    xy.put(id, new double[] {depth * DX, row[0]++ * DY});
                } else if ((Boolean) f[2]) {
                    double y = (xy.get(ch.get(0))[1] + xy.get(ch.get(ch.size() - 1))[1]) / 2;
                    xy.put(id, new double[] {depth * DX, y});
                } else {
                    stack.push(new Object[] {id, depth, true});
                    for (int i = ch.size() - 1; i >= 0; i--) {
                        stack.push(new Object[] {ch.get(i), depth + 1, false});
                    }
                }
            }
            row[0] += 0.5;
        }
        return xy;
    }

    private static Map<String, CandidateRecord> records(Store store, RunSnapshot s, Set<String> drawn) {
        Map<String, CandidateRecord> out = new HashMap<>();
        if (s.size() <= WHOLE_RUN_READS && drawn.size() * 4 >= s.size()) {
            store.candidates(s.run.id()).stream().filter(c -> drawn.contains(c.id())).forEach(c -> out.put(c.id(), c));
        } else {
            for (String id : drawn) {
                if (s.candidate(id).parentId() != null && drawn.contains(s.candidate(id).parentId())) {
                    store.candidate(id).ifPresent(c -> out.put(id, c));
                }
            }
        }
        return out;
    }

    /** IR diffs by child: the run's whole lineage table when small, else the ancestries of the seeds. */
    private static Map<String, String> diffs(Store store, RunSnapshot s, Set<String> drawn, String focus, int n) {
        Map<String, String> out = new HashMap<>();
        List<LineageEdge> edges = new ArrayList<>();
        if (s.size() <= WHOLE_RUN_READS) {
            edges.addAll(store.lineageOfRun(s.run.id()));
        } else {
            List<String> seeds = new ArrayList<>();
            if (focus != null) {
                seeds.add(focus);
            }
            s.board.stream().limit(n).forEach(e -> seeds.add(e.candidate().candidateId()));
            for (String id : seeds) {
                if (!out.containsKey(id)) {
                    store.lineage(id).forEach(e -> out.putIfAbsent(e.childId(), e.diffSummary()));
                }
            }
        }
        edges.stream().filter(e -> drawn.contains(e.childId())).forEach(e -> out.put(e.childId(), e.diffSummary()));
        return out;
    }

    /**
     * The colour scale's ends: the 10th percentile of the drawn screening accuracies (so one broken
     * outlier does not wash out the rest; anything lower is as red) and the highest.
     */
    private static double[] range(RunSnapshot s, Set<String> drawn) {
        double[] a = drawn.stream().map(s::candidate).map(CandidateStats::screeningAccuracy)
                .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).sorted().toArray();
        if (a.length == 0) {
            return null;
        }
        return new double[] {a[(int) Math.floor(0.1 * (a.length - 1))], a[a.length - 1]};
    }

    /** Red (worst drawn) through yellow to green (best drawn); grey failed; a grey ring pending. */
    static String color(CandidateStats c, double[] range) {
        if (c.pending()) {
            return "#8c959f";   // drawn as an empty circle: this is its ring
        }
        if (c.screeningAccuracy() == null || range == null) {
            return "#9e9e9e";
        }
        double t = range[1] > range[0] ? Math.max(0, (c.screeningAccuracy() - range[0]) / (range[1] - range[0])) : 1;
        int[] lo = {0xd7, 0x30, 0x27};
        int[] mid = {0xfe, 0xe0, 0x8b};
        int[] hi = {0x1a, 0x98, 0x50};
        int[] a = t < 0.5 ? lo : mid;
        int[] b = t < 0.5 ? mid : hi;
        double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
        return String.format(Locale.ROOT, "#%02x%02x%02x", mix(a[0], b[0], u), mix(a[1], b[1], u),
                mix(a[2], b[2], u));
    }

    private static int mix(int a, int b, double u) {
        return (int) Math.round(a + (b - a) * u);
    }
}
