package io.archlab.agent.llm;

import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.Store;
import java.util.List;

/**
 * Plays back the exchanges a run recorded, with no network: each role (researcher, engineer,
 * analyst) gets that role's recorded answers in their order, failures included. A run that asks
 * in the recorded order therefore proposes exactly the same candidates; a run that asks otherwise
 * (another proposer mix, a check that came out differently) still gets the recorded answers of the
 * role it asks, until that role's are used up.
 */
public final class ReplayClient implements LlmClient {
    private final String recordedRun;
    private final List<LlmExchangeRecord> recorded;
    private final boolean[] played;

    public ReplayClient(Store store, String recordedRun) {
        this.recordedRun = recordedRun;
        if (store.run(recordedRun).isEmpty()) {
            throw new IllegalArgumentException("--llm replay:" + recordedRun + ": no such run in this knowledge base");
        }
        this.recorded = store.llmExchanges(recordedRun);
        if (recorded.isEmpty()) {
            throw new IllegalArgumentException("--llm replay:" + recordedRun + ": that run has no LLM exchanges");
        }
        this.played = new boolean[recorded.size()];
    }

    /** Continues after the first {@code n} recorded exchanges (a resumed replay). */
    public synchronized void skip(int n) {
        java.util.Arrays.fill(played, 0, Math.min(n, recorded.size()), true);
    }

    @Override
    public synchronized LlmReply chat(String role, String system, String user) throws LlmCallException {
        int i = 0;
        while (i < recorded.size() && (played[i] || !recorded.get(i).role().equals(role))) {
            i++;
        }
        if (i >= recorded.size()) {
            long ofRole = recorded.stream().filter(x -> x.role().equals(role)).count();
            throw new LlmStopException(LlmStopException.Reason.REPLAY_END, "replay of " + recordedRun
                    + " is over: all " + ofRole + " recorded " + role + " exchanges were played");
        }
        played[i] = true;
        LlmExchangeRecord x = recorded.get(i);
        if (x.error() != null) {
            LlmCallException.Kind kind = LlmCallException.kindOf(x.error());
            throw new LlmCallException(kind == null ? LlmCallException.Kind.SERVER_ERROR : kind,
                    "(replayed) " + x.error(), null);
        }
        return new LlmReply(x.response(), x.promptTokens(), x.completionTokens());
    }
}
