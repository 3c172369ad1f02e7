package io.archlab.agent.llm;

import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.Store;
import java.util.List;

/**
 * Plays back the exchanges a run recorded, in order, with no network: the same answers (and the
 * same failures) come back, so a run driven by them proposes exactly the same candidates.
 */
public final class ReplayClient implements LlmClient {
    private final String recordedRun;
    private final List<LlmExchangeRecord> recorded;
    private int next;

    public ReplayClient(Store store, String recordedRun) {
        this.recordedRun = recordedRun;
        if (store.run(recordedRun).isEmpty()) {
            throw new IllegalArgumentException("--llm replay:" + recordedRun + ": no such run in this knowledge base");
        }
        this.recorded = store.llmExchanges(recordedRun);
        if (recorded.isEmpty()) {
            throw new IllegalArgumentException("--llm replay:" + recordedRun + ": that run has no LLM exchanges");
        }
    }

    /** Continues after the first {@code n} recorded exchanges (a resumed replay). */
    public void skip(int n) {
        next = Math.min(n, recorded.size());
    }

    @Override
    public synchronized LlmReply chat(String role, String system, String user) throws LlmCallException {
        if (next >= recorded.size()) {
            throw new LlmStopException(LlmStopException.Reason.REPLAY_END, "replay of " + recordedRun
                    + " is over: all " + recorded.size() + " recorded exchanges were played");
        }
        LlmExchangeRecord x = recorded.get(next);
        if (!x.role().equals(role)) {
            throw new LlmStopException(LlmStopException.Reason.REPLAY_END, "replay of " + recordedRun
                    + " diverged at exchange " + (next + 1) + ": recorded " + x.role() + ", asked " + role);
        }
        next++;
        if (x.error() != null) {
            LlmCallException.Kind kind = LlmCallException.kindOf(x.error());
            throw new LlmCallException(kind == null ? LlmCallException.Kind.SERVER_ERROR : kind,
                    "(replayed) " + x.error(), null);
        }
        return new LlmReply(x.response(), x.promptTokens(), x.completionTokens());
    }
}
