package io.archlab.knowledge;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What a {@link JdbcStore} keeps of a value, for {@link InMemoryStore}: strings without known secrets
 * (its parameter binding redacts every string), times rounded half up to the microsecond (a
 * {@code TIMESTAMP WITH TIME ZONE} in H2 and PostgreSQL), an unknown load average as NaN; and a
 * {@link StoreException} for what the schema ({@code db/migration}) refuses: null in a NOT NULL
 * column, a string longer than its {@code VARCHAR(n)}.
 */
final class AsStored {
    private AsStored() {
    }

    static RunRecord run(RunRecord r) {
        Objects.requireNonNull(r.state(), "state");
        return new RunRecord(text("runs.id", r.id(), 64), text("runs.task", r.task(), 64), r.state(), r.seed(),
                text("runs.config_json", r.configJson()), text("runs.software_json", r.softwareJson()),
                text("runs.data_source", r.dataSource()), text("runs.data_checksums", r.dataChecksums()), r.pid(),
                optional("runs.host", r.host(), 255), r.elapsedMs(), time("runs.created_at", r.createdAt()),
                time("runs.updated_at", r.updatedAt()));
    }

    static CandidateRecord candidate(CandidateRecord k) {
        return new CandidateRecord(text("candidates.id", k.id(), 64), text("candidates.run_id", k.runId(), 64),
                k.ordinal(), text("candidates.name", k.name(), 200), text("candidates.proposer", k.proposer(), 64),
                optional("candidates.parent_id", k.parentId(), 64),
                text("candidates.change_summary", k.changeSummary()), text("candidate_code.source", k.source()),
                optional(k.irJson()), optional("candidates.ir_hash", k.irHash(), 64), k.params(),
                optional(k.hypothesis()), optional(k.motivation()), k.generation(), k.macs(),
                time("candidates.created_at", k.createdAt()));
    }

    static TrialRecord trial(TrialRecord t) {
        return new TrialRecord(text("trials.id", t.id(), 64), text("trials.run_id", t.runId(), 64),
                text("trials.candidate_id", t.candidateId(), 64), t.ordinal(), t.seed(), t.budgetSeconds(),
                text("trials.outcome", t.outcome(), 32), optional("trials.failure_stage", t.failureStage(), 32),
                optional(Secrets.redact(t.message())), t.valAccuracy(), t.trainLoss(), t.epochs(), t.steps(),
                t.trainSeconds(), t.totalSeconds(), t.samplesPerSecond(), text("trials.curve_json", t.curveJson()),
                optional(t.weightsPath()), t.latencyMs(), t.peakRssBytes(), t.fidelity(),
                optional("trials.worker", t.worker(), 64), time("trials.started_at", t.startedAt()),
                time("trials.finished_at", t.finishedAt()));
    }

    static LineageEdge edge(LineageEdge e) {
        return new LineageEdge(text("lineage.run_id", e.runId(), 64), text("lineage.child_id", e.childId(), 64),
                text("lineage.parent_id", e.parentId(), 64), text("lineage.diff_summary", e.diffSummary()));
    }

    /** The insight as stored under {@code id}. */
    static InsightRecord insight(InsightRecord i, long id) {
        return new InsightRecord(id, text("insights.run_id", i.runId(), 64),
                optional("insights.candidate_id", i.candidateId(), 64), text("insights.author", i.author(), 64),
                text("insights.text", i.text()), time("insights.created_at", i.createdAt()));
    }

    static NoteRecord note(NoteRecord n) {
        return new NoteRecord(text("notes.id", n.id(), 200), text("notes.title", n.title(), 500),
                text("notes.body", n.body()), text("notes.tags", n.tags()), text("notes.source", n.source()),
                time("notes.added_at", n.addedAt()));
    }

    /** The exchange as stored under {@code id}: prompt, response and error also without what looks like a credential. */
    static LlmExchangeRecord exchange(LlmExchangeRecord x, long id) {
        return new LlmExchangeRecord(id, text("llm_exchanges.run_id", x.runId(), 64),
                optional("llm_exchanges.candidate_id", x.candidateId(), 64), text("llm_exchanges.role", x.role(), 32),
                text("llm_exchanges.model", x.model(), 200), text("llm_exchanges.prompt", Secrets.redact(x.prompt())),
                optional(Secrets.redact(x.response())), x.promptTokens(), x.completionTokens(), x.latencyMs(),
                x.costUsd(), optional(Secrets.redact(x.error())), time("llm_exchanges.at", x.at()));
    }

    static AssessmentRecord assessment(AssessmentRecord a) {
        return new AssessmentRecord(text("assessments.run_id", a.runId(), 64),
                text("assessments.candidate_id", a.candidateId(), 64),
                text("assessments.reference_id", a.referenceId(), 64),
                text("assessments.reference_kind", a.referenceKind(), 32), text("assessments.verdict", a.verdict(), 32),
                a.seeds(), a.mean(), a.ciLow(), a.ciHigh(), a.referenceMean(), a.pValue(),
                text("assessments.reason", a.reason()), time("assessments.assessed_at", a.assessedAt()));
    }

    static FinalEvaluationRecord finalEvaluation(FinalEvaluationRecord e) {
        return new FinalEvaluationRecord(text("final_evaluations.run_id", e.runId(), 64),
                text("final_evaluations.candidate_id", e.candidateId(), 64),
                text("final_evaluations.trial_id", e.trialId(), 64), e.testAccuracy(), e.testCount(),
                time("final_evaluations.evaluated_at", e.evaluatedAt()));
    }

    static ClusterMemberRecord member(ClusterMemberRecord m) {
        return new ClusterMemberRecord(text("cluster_members.run_id", m.runId(), 64),
                text("cluster_members.member_id", m.memberId(), 64), text("cluster_members.address", m.address()),
                text("cluster_members.labels", m.labels()), m.cores(), m.slots(), m.busy(), m.trialsDone(),
                Double.isNaN(m.loadAverage()) ? Double.NaN : m.loadAverage(), m.rssBytes(),
                text("cluster_members.state", m.state(), 16), time("cluster_members.joined_at", m.joinedAt()),
                time("cluster_members.last_seen", m.lastSeen()));
    }

    /** An event as stored under {@code id}, its message also without what looks like a credential. */
    static EventRecord event(long id, String runId, String kind, String message) {
        return new EventRecord(id, text("events.run_id", runId, 64), now(), text("events.kind", kind, 32),
                text("events.message", Secrets.redact(message)));
    }

    /** The current time as a store keeps it. */
    static Instant now() {
        return micros(Instant.now());
    }

    /** A string of a NOT NULL column without a length. */
    static String text(String column, String value) {
        return optional(column, required(column, value), Integer.MAX_VALUE);
    }

    /** A string of a NOT NULL {@code VARCHAR(max)} column. */
    static String text(String column, String value, int max) {
        return optional(column, required(column, value), max);
    }

    /** A string of a column without a length that takes null. */
    static String optional(String value) {
        return Secrets.redactKnown(value);
    }

    /** A string of a {@code VARCHAR(max)} column that takes null. */
    static String optional(String column, String value, int max) {
        String stored = Secrets.redactKnown(value);
        if (stored != null && stored.length() > max) {
            throw refused("value too long for " + column + " (" + stored.length() + " > " + max + " characters)");
        }
        return stored;
    }

    static Instant time(String column, Instant value) {
        return micros(required(column, value));
    }

    /** The refusal of a write that breaks a constraint, as {@link JdbcStore} reports it. */
    static StoreException refused(String why) {
        return new StoreException("knowledge base write failed: " + why, null);
    }

    private static <T> T required(String column, T value) {
        if (value == null) {
            throw refused("NULL not allowed for column " + column);
        }
        return value;
    }

    /** Rounded half up to the microsecond, as H2 and the PostgreSQL driver round. */
    private static Instant micros(Instant t) {
        Instant down = t.truncatedTo(ChronoUnit.MICROS);
        return t.getNano() % 1000 >= 500 ? down.plusNanos(1000) : down;
    }
}
