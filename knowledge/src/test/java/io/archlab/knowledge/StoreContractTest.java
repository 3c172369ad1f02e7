package io.archlab.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Store} implementation must have. */
abstract class StoreContractTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
    Store store;

    abstract Store open() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        store = open();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static RunRecord run(String id) {
        return new RunRecord(id, "fashion-mnist", RunState.RUNNING, 42, "{\"maxTrials\":10}", "{\"java\":\"17\"}",
                "shipped subset", "{\"a.gz\":\"ab12\"}", 1234L, "host-a", 0, T0, T0);
    }

    static CandidateRecord candidate(String runId, String id, int ordinal, String parent) {
        return new CandidateRecord(id, runId, ordinal, "Cand " + ordinal, "evolution", parent, "widen conv 16->24",
                "public final class X {}", "{\"nodes\":[]}", "hash" + ordinal, 1000L + ordinal,
                "wider convs see more texture", "c0 plateaued at 0.87", parent == null ? 0 : 1, 50_000L + ordinal, T0);
    }

    static TrialRecord trial(String runId, String id, String candidateId, int ordinal, String outcome) {
        boolean ok = outcome.equals("succeeded");
        return new TrialRecord(id, runId, candidateId, ordinal, 7, 12.5, outcome, ok ? null : "TRACE",
                ok ? null : "add needs equal shapes", ok ? 0.875 : null, ok ? 0.31 : null, ok ? 2.5 : null,
                ok ? 400L : null, ok ? 11.9 : null, 12.3, ok ? 2100.0 : null, "[{\"epoch\":1.0}]",
                ok ? "/tmp/w.params" : null, ok ? 1.25 : null, ok ? 1_200_000_000L : null, 0, "pid 4242", T0,
                T0.plusSeconds(12));
    }

    @Test
    void should_round_trip_runs_candidates_trials_and_events() {
        store.createRun(run("r1"));
        store.saveCandidate(candidate("r1", "c0", 0, null));
        store.saveCandidate(candidate("r1", "c1", 1, "c0"));
        store.recordTrial(trial("r1", "t0", "c0", 0, "succeeded"), 12_000);
        store.recordTrial(trial("r1", "t1", "c1", 1, "shape_error"), 500);
        store.saveFinalEvaluation(new FinalEvaluationRecord("r1", "c0", "t0", 0.861, 1000, T0));
        store.addEvent("r1", "completed", "done");

        RunRecord r = store.run("r1").orElseThrow();
        assertEquals(run("r1").withElapsed(12_500), r.withTimes(T0, T0));
        assertEquals(T0.truncatedTo(ChronoUnit.MILLIS), r.createdAt().truncatedTo(ChronoUnit.MILLIS));
        assertEquals(List.of(candidate("r1", "c0", 0, null), candidate("r1", "c1", 1, "c0")),
                store.candidates("r1").stream().map(c -> c.withCreatedAt(T0)).toList());
        assertEquals("c0", store.candidateAt("r1", 1).orElseThrow().parentId());
        List<TrialRecord> trials = store.trials("r1");
        assertEquals(List.of(trial("r1", "t0", "c0", 0, "succeeded"), trial("r1", "t1", "c1", 1, "shape_error")),
                trials);
        assertEquals(0.861, store.finalEvaluations("r1").get(0).testAccuracy());
        List<String> kinds = store.events("r1").stream().map(EventRecord::kind).toList();
        assertEquals(List.of("trial", "trial", "completed"), kinds);
    }

    @Test
    void should_refuse_a_second_trial_at_the_same_ordinal_and_leave_elapsed_unchanged() {
        store.createRun(run("r2"));
        store.saveCandidate(candidate("r2", "k0", 0, null));
        store.recordTrial(trial("r2", "a", "k0", 0, "succeeded"), 1000);
        assertThrows(StoreException.class, () -> store.recordTrial(trial("r2", "b", "k0", 0, "succeeded"), 1000));
        assertEquals(1, store.trials("r2").size());
        assertEquals(1000, store.run("r2").orElseThrow().elapsedMs());
    }

    @Test
    void should_list_runs_newest_first_and_update_state() {
        store.createRun(run("old"));
        RunRecord newer = run("new").withTimes(T0.plusSeconds(60), T0.plusSeconds(60));
        store.createRun(newer);
        assertEquals(List.of("new", "old"), store.runs().stream().map(RunRecord::id).toList());
        store.updateRunState("old", RunState.COMPLETED, null, null);
        assertEquals(RunState.COMPLETED, store.run("old").orElseThrow().state());
        assertThrows(StoreException.class, () -> store.updateRunState("nope", RunState.COMPLETED, null, null));
        assertTrue(store.run("nope").isEmpty());
    }

    @Test
    void should_replace_a_runs_stored_configuration_and_refuse_an_unknown_run() {
        store.createRun(run("cfg"));
        store.updateRunConfig("cfg", "{\"compute\":{\"steps\":844}}");
        assertEquals("{\"compute\":{\"steps\":844}}", store.run("cfg").orElseThrow().configJson());
        assertThrows(StoreException.class, () -> store.updateRunConfig("nope", "{}"));
    }

    static TrialRecord scored(String runId, String id, String candidateId, int ordinal, double val, double latency) {
        TrialRecord t = trial(runId, id, candidateId, ordinal, "succeeded");
        return new TrialRecord(t.id(), t.runId(), t.candidateId(), t.ordinal(), t.seed(), t.budgetSeconds(),
                t.outcome(), null, null, val, t.trainLoss(), t.epochs(), t.steps(), t.trainSeconds(), t.totalSeconds(),
                t.samplesPerSecond(), t.curveJson(), t.weightsPath(), latency, t.peakRssBytes(), 1, t.worker(),
                t.startedAt(), t.finishedAt());
    }

    @Test
    void should_keep_candidate_summaries_in_step_with_trials_and_rank_the_leaderboard() {
        store.createRun(run("lb"));
        for (int i = 0; i < 4; i++) {
            store.saveCandidate(candidate("lb", "k" + i, i, null));
        }
        store.recordTrial(scored("lb", "t0", "k0", 0, 0.80, 2.0), 10);
        store.recordTrial(scored("lb", "t1", "k1", 1, 0.90, 3.0), 10);
        store.recordTrial(scored("lb", "t2", "k0", 2, 0.85, 1.5), 10);   // k0's second seed: better and faster
        store.recordTrial(trial("lb", "t3", "k2", 3, "diverged"), 10);
        store.recordTrial(scored("lb", "t4", "k3", 4, 0.90, 1.0), 10);   // ties k1: the older one ranks first

        List<CandidateSummary> board = store.leaderboard("lb", 10);
        assertEquals(List.of("k1", "k3", "k0"), board.stream().map(CandidateSummary::id).toList());
        CandidateSummary k0 = store.summaries("lb").get(0);
        assertEquals(0.85, k0.bestValAccuracy());
        assertEquals(1.5, k0.bestLatencyMs());
        assertEquals(2, k0.trials());
        assertEquals(50_000L, k0.macs());
        CandidateSummary k2 = store.summaries("lb").get(2);
        assertEquals(null, k2.bestValAccuracy(), "a failed trial gives no accuracy");
        assertEquals(1, k2.trials());
        assertEquals(List.of("k1"), store.leaderboard("lb", 1).stream().map(CandidateSummary::id).toList());
        assertEquals(5, store.trialCount("lb"));
        assertEquals(4, store.candidateCount("lb"));
        assertEquals(List.of("t0", "t2"), store.trialsOf("k0").stream().map(TrialRecord::id).toList());
    }

    @Test
    void should_find_a_duplicate_by_ir_hash_and_record_costs() {
        store.createRun(run("dup"));
        store.saveCandidate(candidate("dup", "a", 0, null));
        store.saveCandidate(candidate("dup", "b", 1, null));
        store.updateCandidateIr("b", "{\"nodes\":[1]}", "hash0", 777, 88_000);
        assertEquals("a", store.candidateByHash("dup", "hash0", "b").orElseThrow().id());
        assertTrue(store.candidateByHash("dup", "hash0", "a").get().id().equals("b"));
        assertTrue(store.candidateByHash("dup", "nope", null).isEmpty());
        CandidateRecord b = store.candidate("b").orElseThrow();
        assertTrue(store.novelty("b").isEmpty());
        store.updateNovelty("b", "a", 0, null);
        assertEquals(new Store.Novelty("a", 0, null), store.novelty("b").orElseThrow());
        store.updateNovelty("b", null, null, 0.93);
        assertEquals(new Store.Novelty(null, null, 0.93), store.novelty("b").orElseThrow());
        assertEquals(777L, b.params());
        assertEquals(88_000L, b.macs());
        assertEquals("wider convs see more texture", b.hypothesis());
    }

    @Test
    void should_walk_the_lineage_of_a_candidate_to_its_roots() {
        store.createRun(run("lin"));
        // a <- b <- d, c <- d (d has two parents), e unrelated
        for (String[] k : new String[][] {{"a", null}, {"b", "a"}, {"c", null}, {"d", "b"}, {"e", null}}) {
            store.saveCandidate(candidate("lin", k[0], store.candidateCount("lin"), k[1]));
        }
        store.addLineage(new LineageEdge("lin", "b", "a", "+conv2d(24)"));
        store.addLineage(new LineageEdge("lin", "d", "b", "relu -> gelu"));
        store.addLineage(new LineageEdge("lin", "d", "c", "crossover: head of c"));
        assertEquals(List.of(new LineageEdge("lin", "d", "b", "relu -> gelu"),
                new LineageEdge("lin", "d", "c", "crossover: head of c"),
                new LineageEdge("lin", "b", "a", "+conv2d(24)")), store.lineage("d"));
        assertEquals(List.of(), store.lineage("e"));
        assertEquals(3, store.lineageOfRun("lin").size());
        assertThrows(StoreException.class, () -> store.addLineage(new LineageEdge("lin", "d", "b", "again")));
    }

    @Test
    void should_store_insights_and_notes_with_their_embeddings() {
        store.createRun(run("ins"));
        store.saveCandidate(candidate("ins", "k", 0, null));
        float[] v = {0.25f, -1.5f, 3.0e-7f, Float.MIN_VALUE};
        long id = store.addInsight(new InsightRecord(0, "ins", "k", "analyst", "depthwise convs halved MACs", T0),
                v, "all-MiniLM-L6-v2");
        long id2 = store.addInsight(new InsightRecord(0, "ins", null, "user", "try GELU", T0), null, null);
        assertTrue(id2 > id);
        List<Embedded<InsightRecord>> ins = store.insights("ins");
        assertEquals(List.of("depthwise convs halved MACs", "try GELU"), ins.stream().map(e -> e.item().text()).toList());
        assertEquals(id, ins.get(0).item().id());
        assertTrue(java.util.Arrays.equals(v, ins.get(0).vector()), "embedding bytes round-trip exactly");
        assertEquals(null, ins.get(1).vector());

        store.saveNote(new NoteRecord("dw", "Depthwise", "body", "conv, cost", "starter", T0), v, "m");
        store.saveNote(new NoteRecord("dw", "Depthwise v2", "new body", "conv", "/home/u/dw.md", T0), v, "m");
        store.saveNote(new NoteRecord("attn", "Attention", "b", "", "starter", T0), null, null);
        List<Embedded<NoteRecord>> notes = store.notes();
        assertEquals(List.of("attn", "dw"), notes.stream().map(e -> e.item().id()).toList());
        assertEquals("Depthwise v2", notes.get(1).item().title());
        assertEquals("m", notes.get(1).model());
        assertEquals(null, notes.get(0).model());
    }

    @Test
    void should_not_let_negative_token_counts_lower_a_runs_llm_spend() {
        store.createRun(run("neg"));
        store.recordLlmExchange(new LlmExchangeRecord(0, "neg", null, "researcher", "m", "p", "a", 400, 100, 1,
                0.0005, null, T0));
        store.recordLlmExchange(new LlmExchangeRecord(0, "neg", null, "researcher", "m", "p", "a", -1_000_000, 3, 1,
                -1.0, null, T0));

        assertEquals(new LlmSpend(2, 0, 400, 103, 0.0005), store.llmSpend("neg"));
    }

    @Test
    void should_record_llm_exchanges_without_credentials() {
        store.createRun(run("llm"));
        String prompt = "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123 and key sk-proj-ABCDEFGHIJKLMNOP1234 "
                + "api_key=\"s3cr3tvalue99\" design a CNN";
        store.recordLlmExchange(new LlmExchangeRecord(0, "llm", null, "proposer", "gpt-x", prompt, "class A {}",
                812, 95, 1234.5, 0.0021, null, T0));
        store.recordLlmExchange(new LlmExchangeRecord(0, "llm", null, "repair", "gpt-x", "fix it", null, null, null,
                30_000, null, "timed out after 30 s", T0));
        List<LlmExchangeRecord> x = store.llmExchanges("llm");
        assertEquals(2, x.size());
        String stored = x.get(0).prompt();
        assertTrue(!stored.contains("abcdefghijklmnop") && !stored.contains("ABCDEFGHIJKLMNOP")
                && !stored.contains("s3cr3tvalue99"), stored);
        assertTrue(stored.endsWith("design a CNN"), stored);
        assertEquals(812, x.get(0).promptTokens());
        assertEquals(null, x.get(1).promptTokens());
        assertEquals("timed out after 30 s", x.get(1).error());
        assertEquals(0.0021, x.get(0).costUsd());
        assertEquals(new LlmSpend(2, 1, 812, 95, 0.0021), store.llmSpend("llm"));
        assertEquals(new LlmSpend(0, 0, 0, 0, 0), store.llmSpend("nope"));

        store.saveCandidate(candidate("llm", "k", 0, null));
        long next = store.assignLlmExchanges("llm", 0, "k");
        assertEquals(x.get(1).id() + 1, next);
        store.recordLlmExchange(new LlmExchangeRecord(0, "llm", null, "analyst", "gpt-x", "why?", "because", 5, 5,
                10, null, null, T0));
        store.saveCandidate(candidate("llm", "k2", 1, null));
        store.assignLlmExchanges("llm", next, "k2");
        assertEquals(java.util.Arrays.asList("k", "k", "k2"), store.llmExchanges("llm").stream()
                .map(LlmExchangeRecord::candidateId).toList());
    }

    @Test
    void should_replace_an_assessment_of_the_same_pair() {
        store.createRun(run("as"));
        store.saveCandidate(candidate("as", "p", 0, null));
        store.saveCandidate(candidate("as", "c", 1, "p"));
        store.saveAssessment(new AssessmentRecord("as", "c", "p", "parent", "insufficient_seeds", 1, 0.9, null, null,
                0.88, null, "1 seed", T0));
        store.saveAssessment(new AssessmentRecord("as", "c", "p", "parent", "discovery", 3, 0.91, 0.905, 0.915,
                0.88, 0.003, "better by 3.0 points, p = 0.003", T0));
        List<AssessmentRecord> a = store.assessments("as");
        assertEquals(1, a.size());
        assertTrue(a.get(0).discovery());
        assertEquals(0.003, a.get(0).pValue());
    }

    @Test
    void should_keep_one_assessment_of_a_pair_per_kind() {
        store.createRun(run("ak"));
        store.saveCandidate(candidate("ak", "b", 0, null));
        store.saveCandidate(candidate("ak", "c", 1, "b"));
        store.saveAssessment(new AssessmentRecord("ak", "c", "b", "best_baseline", "not_a_discovery", 3, 0.9, 0.89,
                0.91, 0.9, 0.4, "level", T0));
        store.saveAssessment(new AssessmentRecord("ak", "c", "b", "final_test", "discovery", 3, 0.93, 0.925, 0.935,
                0.92, 0.01, "better on the test split", T0));
        assertEquals(List.of("best_baseline", "final_test"), store.assessments("ak").stream()
                .map(AssessmentRecord::referenceKind).sorted().toList());
    }

    @Test
    void should_keep_times_to_the_microsecond_rounded_half_up() {
        Instant at = Instant.parse("2026-11-22T10:00:00.123456500Z");
        store.createRun(run("us").withTimes(at, Instant.parse("2026-11-22T10:00:00.999999499Z")));
        RunRecord r = store.run("us").orElseThrow();
        assertEquals(Instant.parse("2026-11-22T10:00:00.123457Z"), r.createdAt());
        assertEquals(Instant.parse("2026-11-22T10:00:00.999999Z"), r.updatedAt());
    }

    @Test
    void should_refuse_a_row_that_refers_to_nothing_or_an_update_of_nothing_and_change_nothing() {
        store.createRun(run("ref"));
        store.saveCandidate(candidate("ref", "k", 0, null));
        assertThrows(StoreException.class, () -> store.saveCandidate(candidate("nope", "x", 0, null)));
        assertThrows(StoreException.class, () -> store.saveCandidate(candidate("ref", "x", 1, "ghost")));
        assertThrows(StoreException.class, () -> store.saveCandidate(candidate("ref", "y", 0, null)),
                "an ordinal is taken once per run");
        assertThrows(StoreException.class, () -> store.recordTrial(trial("ref", "t", "ghost", 0, "succeeded"), 5));
        assertThrows(StoreException.class, () -> store.addLineage(new LineageEdge("ref", "k", "ghost", "d")));
        assertThrows(StoreException.class, () -> store.addEvent("nope", "note", "lost"));
        assertThrows(StoreException.class, () -> store.addElapsed("nope", 5));
        assertThrows(StoreException.class, () -> store.updateCandidateIr("ghost", "{}", "h", 1, 1));
        assertThrows(StoreException.class, () -> store.updateNovelty("ghost", null, 1, null));
        assertThrows(StoreException.class, () -> store.recordLlmExchange(new LlmExchangeRecord(0, "ref", "ghost",
                "proposer", "m", "p", null, null, null, 1, null, null, T0)));
        assertEquals(List.of("k"), store.candidates("ref").stream().map(CandidateRecord::id).toList());
        assertEquals(0, store.trialCount("ref"));
        assertEquals(0, store.run("ref").orElseThrow().elapsedMs());
        assertEquals(List.of(), store.events("ref"));
        assertEquals(List.of(), store.lineageOfRun("ref"));
    }

    @Test
    void should_refuse_a_missing_value_or_a_string_longer_than_its_column() {
        CandidateRecord k = candidate("v", "k", 0, null);
        store.createRun(run("v"));
        assertThrows(StoreException.class, () -> store.saveCandidate(new CandidateRecord(k.id(), k.runId(),
                k.ordinal(), null, k.proposer(), null, k.changeSummary(), k.source(), null, null, null, null, null, 0,
                null, T0)));
        assertThrows(StoreException.class, () -> store.createRun(run("x".repeat(65))));
        assertThrows(StoreException.class, () -> store.addEvent("v", "k".repeat(33), "too long a kind"));
        assertEquals(0, store.candidateCount("v"));
        assertEquals(1, store.runs().size());
    }

    @Test
    void should_store_no_known_secret_in_any_text() {
        String secret = "contract-known-secret-" + java.util.UUID.randomUUID();
        Secrets.register(secret);
        RunRecord r = run("sec");
        store.createRun(new RunRecord("sec", r.task(), r.state(), r.seed(), "{\"key\":\"" + secret + "\"}",
                r.softwareJson(), r.dataSource(), r.dataChecksums(), r.pid(), r.host(), 0, T0, T0));
        store.addEvent("sec", "note", "read " + secret);
        store.saveNote(new NoteRecord("n", "t", "body " + secret, "", "starter", T0), null, null);
        assertEquals("{\"key\":\"" + Secrets.MARK + "\"}", store.run("sec").orElseThrow().configJson());
        assertEquals("read " + Secrets.MARK, store.events("sec").get(0).message());
        assertEquals("body " + Secrets.MARK, store.notes().get(0).item().body());
    }

    @Test
    void should_refuse_to_be_used_once_closed() {
        store.createRun(run("closed"));
        store.close();
        assertThrows(IllegalStateException.class, () -> store.run("closed"));
        assertThrows(IllegalStateException.class, () -> store.addEvent("closed", "note", "late"));
    }

    static ClusterMemberRecord member(String runId, String memberId, String state, int busy, Instant joined,
            Instant seen) {
        return new ClusterMemberRecord(runId, memberId, "10.0.0.5:5701", "gpu=a100,zone=b", 16, 3, busy, 7, 1.25,
                1_200_000_000L, state, joined, seen);
    }

    @Test
    void should_upsert_cluster_members_by_run_and_member_and_leave_the_others_as_they_are() {
        store.createRun(run("cl"));
        String a = "3f2a9c1e-7b4d-4e8a-9c3f-1a2b3c4d5e6f";
        String b = "0b7e1d2c-5a6f-4b8c-8d9e-0f1a2b3c4d5e";
        store.saveClusterMembers("cl", List.of(member("cl", a, ClusterMemberRecord.ACTIVE, 1, T0, T0),
                member("cl", b, ClusterMemberRecord.ACTIVE, 0, T0.plusSeconds(5), T0.plusSeconds(5))));
        ClusterMemberRecord later = member("cl", a, ClusterMemberRecord.LEFT, 3, T0, T0.plusSeconds(90));
        store.saveClusterMembers("cl", List.of(later));

        List<ClusterMemberRecord> members = store.clusterMembers("cl");
        assertEquals(List.of(later, member("cl", b, ClusterMemberRecord.ACTIVE, 0, T0.plusSeconds(5),
                T0.plusSeconds(5))), members, "the update replaced busy, state and last seen; b is unchanged");
        assertEquals(3, members.get(0).busy());
        assertEquals("left", members.get(0).state());
        assertEquals(T0.plusSeconds(90), members.get(0).lastSeen());
        store.saveClusterMembers("cl", List.of());
        assertEquals(2, store.clusterMembers("cl").size());
    }

    @Test
    void should_list_cluster_members_by_time_of_joining_then_id() {
        store.createRun(run("ord"));
        store.saveClusterMembers("ord", List.of(member("ord", "c", "active", 0, T0.plusSeconds(10), T0),
                member("ord", "b", "refused", 0, T0, T0), member("ord", "a", "active", 0, T0.plusSeconds(10), T0)));
        assertEquals(List.of("b", "a", "c"), store.clusterMembers("ord").stream()
                .map(ClusterMemberRecord::memberId).toList());
    }

    @Test
    void should_store_an_unknown_load_average_as_null_and_read_it_back_as_nan() {
        store.createRun(run("nan"));
        ClusterMemberRecord m = new ClusterMemberRecord("nan", "m1", "[fe80::1]:5701", "", 4, 1, 0, 0, Double.NaN,
                0, "active", T0, T0);
        store.saveClusterMembers("nan", List.of(m));
        ClusterMemberRecord back = store.clusterMembers("nan").get(0);
        assertTrue(Double.isNaN(back.loadAverage()), "NaN: " + back.loadAverage());
        assertEquals(m, back);
        assertEquals("", back.labels());
    }

    @Test
    void should_give_no_cluster_members_for_an_unknown_run_and_refuse_to_store_any() {
        assertEquals(List.of(), store.clusterMembers("nope"));
        store.createRun(run("known"));
        assertEquals(List.of(), store.clusterMembers("known"));
        assertThrows(StoreException.class, () -> store.saveClusterMembers("nope",
                List.of(member("nope", "m", "active", 0, T0, T0))));
        assertThrows(IllegalArgumentException.class, () -> store.saveClusterMembers("known",
                List.of(member("other", "m", "active", 0, T0, T0))));
        assertEquals(List.of(), store.clusterMembers("known"));
    }

    /** Two reports of the same new member at once (a heartbeat and a membership event): both are kept, no error. */
    @Test
    void should_take_concurrent_reports_of_the_same_new_member() throws Exception {
        store.createRun(run("race"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 20; i++) {
                String id = "m" + i;
                java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(4);
                List<java.util.concurrent.Future<?>> reports = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int busy = t;
                    reports.add(pool.submit(() -> {
                        go.await();
                        store.saveClusterMembers("race", List.of(member("race", id, "active", busy, T0, T0)));
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> r : reports) {
                    r.get();
                }
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(20, store.clusterMembers("race").size());
    }

    /**
     * Trials finishing at the same moment on many threads while readers query: no lock error, no
     * lost write, and the run's elapsed time is the exact sum.
     */
    @Test
    void should_take_concurrent_trials_while_readers_query_without_losing_a_write() throws Exception {
        int writers = 8;
        int perWriter = 40;
        store.createRun(run("cc"));
        for (int w = 0; w < writers; w++) {
            store.saveCandidate(candidate("cc", "w" + w, w, null));
        }
        int readers = 3;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers + readers);
        // Writers start once every reader has read, so reads and writes overlap on any scheduling.
        java.util.concurrent.CountDownLatch readersStarted = new java.util.concurrent.CountDownLatch(readers);
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<java.util.concurrent.Future<Integer>> work = new java.util.ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            work.add(pool.submit(() -> {
                if (!readersStarted.await(1, java.util.concurrent.TimeUnit.MINUTES)) {
                    throw new IllegalStateException("a reader failed before its first read");
                }
                for (int i = 0; i < perWriter; i++) {
                    int ordinal = writer * perWriter + i;
                    store.recordTrial(scored("cc", "t" + ordinal, "w" + writer, ordinal, 0.5 + ordinal * 1e-4, 1.0),
                            3);
                    store.addEvent("cc", "note", "writer " + writer);
                }
                return perWriter;
            }));
        }
        for (int r = 0; r < readers; r++) {
            work.add(pool.submit(() -> {
                int reads = 0;
                do {
                    store.leaderboard("cc", 10);
                    store.trials("cc");
                    store.run("cc");
                    if (reads++ == 0) {
                        readersStarted.countDown();
                    }
                } while (writing.get());
                return reads;
            }));
        }
        for (int w = 0; w < writers; w++) {
            assertEquals(perWriter, work.get(w).get());
        }
        writing.set(false);
        for (int r = writers; r < work.size(); r++) {
            work.get(r).get();
        }
        pool.shutdown();
        assertEquals(writers * perWriter, store.trialCount("cc"));
        assertEquals(3L * writers * perWriter, store.run("cc").orElseThrow().elapsedMs());
        assertTrue(store.summaries("cc").stream().allMatch(k -> k.trials() == perWriter));
        assertEquals(2 * writers * perWriter, store.events("cc").size());
    }
}
