package io.archlab.agent.llm;

import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.Store;
import java.time.Instant;
import java.util.Locale;

/**
 * Every request of a run to its model goes through here: it is tried again with exponential
 * back-off on 429, 5xx, timeouts and refused connections, each attempt (failed ones included) is
 * stored with its tokens, latency and cost, and the run's spend limits are enforced before each
 * request. A refused key, an unreachable endpoint after all attempts, or a spent budget end the
 * run cleanly with {@link LlmStopException}.
 */
public final class LlmGateway {
    /** How the gateway waits between attempts (tests and replays do not wait). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final Store store;
    private final String runId;
    private final LlmConfig config;
    private final LlmClient client;
    private final Sleeper sleeper;
    private final long backoffMillis;
    private long tokens;
    private double usd;
    private long firstUnassigned;

    public LlmGateway(Store store, String runId, LlmConfig config, LlmClient client, Sleeper sleeper,
            long backoffMillis) {
        this.store = store;
        this.runId = runId;
        this.config = config;
        this.client = client;
        this.sleeper = sleeper;
        this.backoffMillis = backoffMillis;
        io.archlab.knowledge.LlmSpend spent = store.llmSpend(runId);
        tokens = spent.tokens();
        usd = spent.usd();
    }

    /** The answer of the model to {@code system} + {@code user}, for {@code role}. */
    public LlmReply ask(String role, String system, String user) {
        requireBudget();
        LlmCallException last = null;
        for (int attempt = 1; attempt <= config.attempts(); attempt++) {
            long t0 = System.nanoTime();
            try {
                LlmReply r = client.chat(role, system, user);
                record(role, system, user, r, null, t0);
                return r;
            } catch (LlmCallException e) {
                record(role, system, user, null, e.getMessage(), t0);
                last = e;
                if (e.kind() == LlmCallException.Kind.REFUSED || e.kind() == LlmCallException.Kind.BAD_REQUEST) {
                    throw new LlmStopException(LlmStopException.Reason.UNAVAILABLE, "the LLM endpoint "
                            + config.baseUrl() + " answered " + e.getMessage());
                }
                if (!e.kind().retriable() || attempt == config.attempts()) {
                    break;
                }
                try {
                    sleeper.sleep(Math.min(30_000, backoffMillis << (attempt - 1)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new LlmStopException(LlmStopException.Reason.UNAVAILABLE, "interrupted while waiting to retry");
                }
            }
        }
        if (last.kind() == LlmCallException.Kind.MALFORMED) {
            throw new LlmStopException(LlmStopException.Reason.UNAVAILABLE, "the LLM endpoint's answer could not be "
                    + "read: " + last.getMessage());
        }
        throw new LlmStopException(LlmStopException.Reason.UNAVAILABLE, String.format(Locale.ROOT,
                "the LLM endpoint %s failed %d attempt(s); last: %s", config.baseUrl() == null ? config.label()
                        : config.baseUrl(), config.attempts(), last.getMessage()));
    }

    /** Links the exchanges made since the last call to the candidate they produced. */
    public void assignTo(String candidateId) {
        firstUnassigned = store.assignLlmExchanges(runId, firstUnassigned, candidateId);
    }

    public long tokensSpent() {
        return tokens;
    }

    public double usdSpent() {
        return usd;
    }

    private void requireBudget() {
        if (config.maxTokens() > 0 && tokens >= config.maxTokens()) {
            throw new LlmStopException(LlmStopException.Reason.BUDGET, String.format(Locale.ROOT,
                    "LLM token budget spent: %,d of %,d tokens", tokens, config.maxTokens()));
        }
        if (config.maxUsd() > 0 && usd >= config.maxUsd()) {
            throw new LlmStopException(LlmStopException.Reason.BUDGET, String.format(Locale.ROOT,
                    "LLM spend limit reached: $%.4f of $%.4f", usd, config.maxUsd()));
        }
    }

    private void record(String role, String system, String user, LlmReply r, String error, long t0) {
        double ms = (System.nanoTime() - t0) / 1e6;
        Integer in = r == null ? null : r.promptTokens();
        Integer out = r == null ? null : r.completionTokens();
        double cost = config.cost(in, out);
        tokens += (in == null ? 0 : in) + (out == null ? 0 : out);
        usd += cost;
        store.recordLlmExchange(new LlmExchangeRecord(0, runId, null, role, config.label(),
                "[system]\n" + system + "\n[user]\n" + user, r == null ? null : r.text(), in, out, ms,
                in == null && out == null ? null : cost, error, Instant.now()));
    }
}
