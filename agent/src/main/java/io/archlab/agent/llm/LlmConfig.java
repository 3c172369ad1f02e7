package io.archlab.agent.llm;

import java.util.Locale;

/**
 * Which language model a run talks to, and what it may spend. Stored with the run (never a key:
 * keys come from the environment each time), so {@code --resume} talks to the same model.
 *
 * @param provider        {@code openai} (any OpenAI-compatible server), {@code ollama} or {@code replay}
 * @param model           the model name sent to the endpoint (for replay: the recorded run's id)
 * @param baseUrl         the endpoint, e.g. {@code http://127.0.0.1:8000/v1} (null for replay)
 * @param timeoutSeconds  per request
 * @param attempts        tries of one request on 429, 5xx, timeouts and refused connections
 * @param priceInPerMTok  USD per million prompt tokens (0: free or unknown)
 * @param priceOutPerMTok USD per million completion tokens
 * @param maxUsd          stop the run cleanly once this much is spent (0: no limit)
 * @param maxTokens       stop the run cleanly once this many tokens are spent (0: no limit)
 * @param repairAttempts  engineer attempts per failing proposal
 * @param reviseAttempts  researcher revisions per duplicate or near-duplicate proposal
 */
public record LlmConfig(String provider, String model, String baseUrl, double timeoutSeconds, int attempts,
        double priceInPerMTok, double priceOutPerMTok, double maxUsd, long maxTokens, int repairAttempts,
        int reviseAttempts) {

    public static final String OPENAI = "openai";
    public static final String OLLAMA = "ollama";
    public static final String REPLAY = "replay";

    public LlmConfig {
        if (!OPENAI.equals(provider) && !OLLAMA.equals(provider) && !REPLAY.equals(provider)) {
            throw new IllegalArgumentException("LLM provider must be openai, ollama or replay, got " + provider);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("the LLM needs a model name: " + provider + ":MODEL");
        }
        if (!REPLAY.equals(provider) && (baseUrl == null || !(baseUrl.startsWith("http://")
                || baseUrl.startsWith("https://")))) {
            throw new IllegalArgumentException("the " + provider + " endpoint needs an http(s) base URL, got " + baseUrl);
        }
        if (!(timeoutSeconds > 0) || attempts < 1 || repairAttempts < 0 || reviseAttempts < 0) {
            throw new IllegalArgumentException("LLM timeout must be > 0, attempts >= 1, repair/revise attempts >= 0");
        }
        if (priceInPerMTok < 0 || priceOutPerMTok < 0 || maxUsd < 0 || maxTokens < 0) {
            throw new IllegalArgumentException("LLM prices and limits must be >= 0");
        }
    }

    /**
     * Parses {@code --llm PROVIDER:MODEL}: {@code openai:gpt-4o-mini}, {@code ollama:qwen2.5-coder},
     * {@code replay:RUN}. Ollama's URL defaults to {@code http://127.0.0.1:11434}.
     */
    public static LlmConfig of(String spec, String baseUrl) {
        int colon = spec == null ? -1 : spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("--llm must be PROVIDER:MODEL (openai:MODEL, ollama:MODEL or replay:RUN), "
                    + "got " + spec);
        }
        String provider = spec.substring(0, colon).toLowerCase(Locale.ROOT);
        String model = spec.substring(colon + 1);
        String url = baseUrl != null ? baseUrl : OLLAMA.equals(provider) ? "http://127.0.0.1:11434" : null;
        if (OPENAI.equals(provider) && url == null) {
            throw new IllegalArgumentException("--llm openai:" + model + " needs --llm-base-url (e.g. "
                    + "http://127.0.0.1:8000/v1 for vLLM or llama.cpp; OpenAI's own API is not assumed)");
        }
        return new LlmConfig(provider, model, url, 120, 4, 0, 0, 0, 0, 3, 2);
    }

    public LlmConfig withLimits(double usd, long tokens) {
        return new LlmConfig(provider, model, baseUrl, timeoutSeconds, attempts, priceInPerMTok, priceOutPerMTok, usd,
                tokens, repairAttempts, reviseAttempts);
    }

    public LlmConfig withPrices(double inPerMTok, double outPerMTok) {
        return new LlmConfig(provider, model, baseUrl, timeoutSeconds, attempts, inPerMTok, outPerMTok, maxUsd,
                maxTokens, repairAttempts, reviseAttempts);
    }

    public LlmConfig withTimeout(double seconds, int tries) {
        return new LlmConfig(provider, model, baseUrl, seconds, tries, priceInPerMTok, priceOutPerMTok, maxUsd,
                maxTokens, repairAttempts, reviseAttempts);
    }

    /** USD for one exchange at this configuration's prices. */
    public double cost(Integer promptTokens, Integer completionTokens) {
        return ((promptTokens == null ? 0 : promptTokens) * priceInPerMTok
                + (completionTokens == null ? 0 : completionTokens) * priceOutPerMTok) / 1e6;
    }

    /** {@code openai:gpt-4o-mini}. */
    public String label() {
        return provider + ":" + model;
    }
}
