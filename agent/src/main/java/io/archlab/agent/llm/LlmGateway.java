package io.archlab.agent.llm;

import io.archlab.knowledge.LlmExchangeRecord;
import io.archlab.knowledge.Store;
import java.time.Instant;
import java.util.Locale;

/**
 * Every request of a run to its model goes through here: it is tried again with exponential
 * back-off (or the wait a 429's {@code Retry-After} asks for, up to 5 minutes) on 429, 5xx,
 * timeouts, refused connections and answers that cannot be used (among them impossible token
 * counts: {@link LlmReply}), each attempt (failed ones included) is stored
 * with its tokens, latency and cost, and the run's spend limits are enforced before each request.
 * A refused key, a spent budget, or an endpoint whose last attempt still failed (unreachable, 5xx)
 * end the run cleanly with {@link LlmStopException}; an endpoint whose last attempt answered
 * unusably fails that one request with {@link BadAnswerException}, and the run goes on.
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

    /**
     * The answer of the model to {@code system} + {@code user}, for {@code role}.
     *
     * @throws BadAnswerException when the last attempt got an answer that cannot be used
     */
    public LlmReply ask(String role, String system, String user) throws BadAnswerException {
        requireBudget();
        LlmCallException last = null;
        for (int attempt = 1; attempt <= config.attempts(); attempt++) {
            if (attempt > 1) {
                backOff(attempt - 1, last.retryAfterMillis());
            }
            long t0 = System.nanoTime();
            try {
                LlmReply r = client.chat(role, system, user);
                String defect = r.defect();
                if (defect == null) {
                    record(role, system, user, r, null, t0);
                    return r;
                }
                last = new LlmCallException(LlmCallException.Kind.MALFORMED, defect, null);
                record(role, system, user, r.countable(), last.getMessage(), t0);
            } catch (LlmCallException e) {
                last = e;
                record(role, system, user, null, e.getMessage(), t0);
                if (!e.kind().retriable()) {
                    throw new LlmStopException(LlmStopException.Reason.UNAVAILABLE, "the LLM endpoint "
                            + config.baseUrl() + " answered " + e.getMessage());
                }
            }
        }
        if (last.kind() == LlmCallException.Kind.MALFORMED) {
            throw new BadAnswerException(String.format(Locale.ROOT, "no usable answer from the %s in %d attempt(s); "
                    + "last: %s", role, config.attempts(), last.getMessage()));
        }
        throw new LlmStopException(LlmStopException.Reason.UNAVAILABLE, String.format(Locale.ROOT,
                "the LLM endpoint %s failed %d attempt(s); last: %s", config.baseUrl() == null ? config.label()
                        : config.baseUrl(), config.attempts(), last.getMessage()));
    }

    /** The longest wait an endpoint's {@code Retry-After} is granted before the next attempt. */
    static final long MAX_RETRY_AFTER_MILLIS = 300_000;

    /** Waits before attempt {@code retry + 1}: the back-off, or longer when the endpoint asked for longer. */
    private void backOff(int retry, long retryAfterMillis) {
        try {
            long backoff = Math.min(30_000, backoffMillis << (retry - 1));
            sleeper.sleep(Math.max(backoff, Math.min(MAX_RETRY_AFTER_MILLIS, retryAfterMillis)));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new LlmStopException(LlmStopException.Reason.UNAVAILABLE, "interrupted while waiting to retry");
        }
    }

    /** Links the exchanges made since the last call to the candidate they produced. */
    /** Whether {@code role}'s answers come held to the proposal schema (see {@link LlmClient#structured}). */
    public boolean structured(String role) {
        return client.structured(role);
    }

    /** Why the endpoint's structured output was given up, or null. */
    public String structureRefused() {
        return client.structureRefused();
    }

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
