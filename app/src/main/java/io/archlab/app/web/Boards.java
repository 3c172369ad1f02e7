package io.archlab.app.web;

import io.archlab.knowledge.AssessmentRecord;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The leaderboard: a run's candidates filtered, sorted and cut into pages on the server, so the
 * page works without script and stays small with 100,000 candidates. The sorted order of each
 * (run state, sort, filter, text) is cached; only a page's rows are then measured (peak memory).
 */
@ApplicationScoped
public class Boards {
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;
    /** Sort keys, each with its natural direction (true: descending). */
    static final Map<String, Boolean> SORTS = orderedMap("rank", false, "accuracy", true, "best", true, "mean", true,
            "params", false, "macs", false, "latency", false, "ordinal", false, "name", false);
    static final List<String> FILTERS = List.of("all", "feasible", "promoted", "discoveries", "failed", "pending");

    @Inject
    RunSnapshots snapshots;

    @Inject
    DashboardStore stores;

    @Inject
    Analyses analyses;

    private final Map<String, List<CandidateStats>> orders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<CandidateStats>> eldest) {
            return size() > 16;
        }
    };
    private final Map<String, Map<String, Integer>> counts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Integer>> eldest) {
            return size() > 16;
        }
    };

    /** What to show: validated, with defaults for anything missing or unknown. */
    @TemplateData
    public record Query(String sort, String dir, String filter, String q, int page, int size) {
        public static Query of(String sort, String dir, String filter, String q, String page, String size) {
            String s = sort != null && SORTS.containsKey(sort) ? sort : "rank";
            String d = "asc".equals(dir) || "desc".equals(dir) ? dir : SORTS.get(s) ? "desc" : "asc";
            String f = filter != null && FILTERS.contains(filter) ? filter : "all";
            String text = q == null ? "" : q.strip();
            return new Query(s, d, f, text.length() > 200 ? text.substring(0, 200) : text, Math.max(1, parse(page, 1)),
                    Math.min(MAX_SIZE, Math.max(1, parse(size, DEFAULT_SIZE))));
        }

        boolean descending() {
            return dir.equals("desc");
        }

        /** Link to this view sorted by {@code key}: the other direction when it is already sorted by it. */
        public String sortHref(String key) {
            String d = key.equals(sort) ? (descending() ? "asc" : "desc") : SORTS.get(key) ? "desc" : "asc";
            return href(key, d, filter, 1);
        }

        /** Link to this view with filter {@code f}, from its first page. */
        public String filterHref(String f) {
            return href(sort, dir, f, 1);
        }

        /** Link to page {@code n} of this view. */
        public String pageHref(int n) {
            return href(sort, dir, filter, n);
        }

        /** The arrow after the sorted column's heading. */
        public String arrow(String key) {
            return key.equals(sort) ? (descending() ? " ▼" : " ▲") : "";
        }

        private String href(String s, String d, String f, int p) {
            return "?sort=" + s + "&dir=" + d + "&filter=" + f
                    + (q.isEmpty() ? "" : "&q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8))
                    + (size == DEFAULT_SIZE ? "" : "&size=" + size) + (p > 1 ? "&page=" + p : "");
        }
    }

    /**
     * One row.
     *
     * @param position   place in this sorted, filtered list (1-based)
     * @param rank       rank by screening accuracy within the parameter budget (as {@code archlab status}), or null
     * @param peakBytes  peak activation memory, float32, batch 1, or null without IR
     * @param mean       mean validation accuracy over its promoted seeds (the significance test's, when judged)
     * @param ciLow      lower end of that mean's 95 % interval (judged candidates only), or null
     * @param verdict    the overall significance verdict ({@code discovery}, {@code not_a_discovery}), or null
     * @param feasible   trained within the run's parameter (and MAC) budget
     */
    @TemplateData
    public record Row(int position, Integer rank, String id, String name, String proposer, String parentId,
            String parentName, int generation, Long params, Long macs, Long peakBytes, Double latencyMs,
            Double screeningAccuracy, Double bestValAccuracy, int trials, int promotedTrials, Double mean,
            Double ciLow, Double ciHigh, Integer seeds, String verdict, boolean discovery, boolean feasible,
            String status) {
    }

    /** A page of rows, with the counts of every filter. */
    @TemplateData
    public record Page(String runId, Query query, int total, int pages, int candidates, Map<String, Integer> counts,
            List<Row> rows) {
    }

    /** The page of {@code runId} that {@code q} asks for, or 404. */
    public Page page(String runId, Query q) {
        RunSnapshot s = snapshots.get(runId);
        Map<String, AssessmentRecord> verdicts = new HashMap<>();
        RunRows.verdicts(stores.get(), runId).forEach(a -> verdicts.put(a.candidateId(), a));
        List<CandidateStats> order = order(s, q, verdicts);
        int pages = Math.max(1, (order.size() + q.size() - 1) / q.size());
        int page = Math.min(q.page(), pages);
        int from = (page - 1) * q.size();
        List<Row> rows = new ArrayList<>();
        for (int i = from; i < Math.min(order.size(), from + q.size()); i++) {
            rows.add(row(s, order.get(i), i + 1, verdicts.get(order.get(i).id()), true));
        }
        Query shown = new Query(q.sort(), q.dir(), q.filter(), q.q(), page, q.size());
        return new Page(runId, shown, order.size(), pages, s.size(), counts(s, verdicts), rows);
    }

    /** How many candidates each filter keeps (cached with the snapshot). */
    private Map<String, Integer> counts(RunSnapshot s, Map<String, AssessmentRecord> verdicts) {
        String key = s.serial + "|" + verdicts.size();
        synchronized (counts) {
            Map<String, Integer> cached = counts.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String f : FILTERS) {
            Predicate<CandidateStats> p = filter(s, f, verdicts);
            out.put(f, (int) s.candidates.stream().filter(p).count());
        }
        synchronized (counts) {
            counts.put(key, out);
        }
        return out;
    }

    /** A row for {@code c}; {@code measure} adds peak memory (an IR read, cached). */
    Row row(RunSnapshot s, CandidateStats c, int position, AssessmentRecord verdict, boolean measure) {
        CandidateStats parent = s.candidate(c.parentId());
        return new Row(position, s.rank.get(c.id()), c.id(), c.name(), c.proposer(), c.parentId(),
                parent == null ? null : parent.name(), c.generation(), c.params(), c.macs(),
                measure ? analyses.peakBytes(c.id()) : null, c.bestLatencyMs(), c.screeningAccuracy(),
                c.bestValAccuracy(), c.trials(), c.promotedTrials(),
                verdict != null && verdict.mean() != null ? verdict.mean() : c.promotedMean(),
                verdict == null ? null : verdict.ciLow(), verdict == null ? null : verdict.ciHigh(),
                verdict == null ? null : verdict.seeds(), verdict == null ? null : verdict.verdict(),
                verdict != null && verdict.discovery(), s.feasible(c), c.status());
    }

    private List<CandidateStats> order(RunSnapshot s, Query q, Map<String, AssessmentRecord> verdicts) {
        String key = s.serial + "|" + verdicts.size() + "|" + q.sort() + "|" + q.dir() + "|" + q.filter() + "|"
                + q.q();
        synchronized (orders) {
            List<CandidateStats> cached = orders.get(key);
            if (cached != null) {
                return cached;
            }
        }
        String text = q.q().toLowerCase(Locale.ROOT);
        Predicate<CandidateStats> keep = filter(s, q.filter(), verdicts)
                .and(c -> text.isEmpty() || c.name().toLowerCase(Locale.ROOT).contains(text)
                        || c.id().toLowerCase(Locale.ROOT).equals(text));
        List<CandidateStats> out = new ArrayList<>(s.candidates.stream().filter(keep).toList());
        out.sort(comparator(s, q, verdicts));
        List<CandidateStats> order = List.copyOf(out);
        synchronized (orders) {
            orders.put(key, order);
        }
        return order;
    }

    private static Predicate<CandidateStats> filter(RunSnapshot s, String f, Map<String, AssessmentRecord> verdicts) {
        return switch (f) {
            case "feasible" -> s::feasible;
            case "promoted" -> CandidateStats::promoted;
            case "discoveries" -> c -> verdicts.containsKey(c.id()) && verdicts.get(c.id()).discovery();
            case "failed" -> CandidateStats::failed;
            case "pending" -> CandidateStats::pending;
            default -> c -> true;
        };
    }

    /** The chosen key in the chosen direction, missing values last; ties by ordinal. */
    private static Comparator<CandidateStats> comparator(RunSnapshot s, Query q,
            Map<String, AssessmentRecord> verdicts) {
        Function<CandidateStats, Comparable<?>> key = switch (q.sort()) {
            case "rank" -> c -> s.rank.get(c.id());
            case "accuracy" -> CandidateStats::screeningAccuracy;
            case "best" -> CandidateStats::bestValAccuracy;
            case "mean" -> c -> verdicts.containsKey(c.id()) && verdicts.get(c.id()).mean() != null
                    ? verdicts.get(c.id()).mean() : c.promotedMean();
            case "params" -> CandidateStats::params;
            case "macs" -> CandidateStats::macs;
            case "latency" -> CandidateStats::bestLatencyMs;
            case "name" -> c -> c.name().toLowerCase(Locale.ROOT);
            default -> CandidateStats::ordinal;
        };
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparator<Comparable> natural = q.descending() ? Comparator.<Comparable>reverseOrder()
                : Comparator.<Comparable>naturalOrder();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparator<CandidateStats> byKey = Comparator.comparing(c -> (Comparable) key.apply(c),
                Comparator.nullsLast(natural));
        return byKey.thenComparingInt(CandidateStats::ordinal);
    }

    static int parse(String s, int otherwise) {
        try {
            return s == null || s.isBlank() ? otherwise : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static Map<String, Boolean> orderedMap(Object... kv) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Boolean) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
