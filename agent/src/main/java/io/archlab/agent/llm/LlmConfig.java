package io.archlab.agent.llm;

import java.util.Locale;

/**
 * Which language model a run talks to, and what it may spend. Stored with the run (never a key:
 * keys come from the environment each time), so {@code --resume} talks to the same model.
 *
 * @param provider        {@code openai} (OpenAI's API), {@code anthropic} (Anthropic's Messages API),
 *                        {@code gemini} (Google's Gemini API),
 *                        {@code vllm}, {@code llamacpp}, {@code lmstudio} (local servers of OpenAI's chat API),
 *                        {@code ollama} or {@code replay}
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
 * @param reasoningEffort an OpenAI reasoning model's {@code reasoning_effort} ({@code low}, {@code medium},
 *                        {@code high}); null: the model's default
 */
public record LlmConfig(String provider, String model, String baseUrl, double timeoutSeconds, int attempts,
        double priceInPerMTok, double priceOutPerMTok, double maxUsd, long maxTokens, int repairAttempts,
        int reviseAttempts, String reasoningEffort) {

    public static final String OPENAI = "openai";
    public static final String ANTHROPIC = "anthropic";
    public static final String GEMINI = "gemini";
    public static final String VLLM = "vllm";
    public static final String LLAMACPP = "llamacpp";
    public static final String LMSTUDIO = "lmstudio";
    public static final String OLLAMA = "ollama";
    public static final String REPLAY = "replay";
    /** Each provider and the base URL it listens on when started with its defaults on this machine (openai: none). */
    private static final java.util.Map<String, String> LOCAL_URLS = java.util.Map.of(VLLM, "http://127.0.0.1:8000/v1",
            LLAMACPP, "http://127.0.0.1:8080/v1", LMSTUDIO, "http://127.0.0.1:1234/v1", OLLAMA, "http://127.0.0.1:11434");
    private static final String PROVIDERS = "openai, anthropic, gemini, vllm, llamacpp, lmstudio, ollama or replay";
    /** The providers whose public API's address the user gives ({@code --llm-base-url}). */
    private static final java.util.Set<String> HOSTED = java.util.Set.of(OPENAI, ANTHROPIC, GEMINI);

    public LlmConfig {
        if (!HOSTED.contains(provider) && !REPLAY.equals(provider) && !LOCAL_URLS.containsKey(provider)) {
            throw new IllegalArgumentException("LLM provider must be " + PROVIDERS + ", got " + provider);
        }
        if (reasoningEffort != null && !java.util.Set.of("low", "medium", "high").contains(reasoningEffort)) {
            throw new IllegalArgumentException("reasoning effort must be low, medium or high, got " + reasoningEffort);
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
     * {@code vllm:Qwen/Qwen2.5-Coder-7B-Instruct}, {@code replay:RUN}. A local server's URL defaults to
     * where it listens when started with its defaults; OpenAI's, Anthropic's and Gemini's need
     * {@code --llm-base-url}.
     */
    public static LlmConfig of(String spec, String baseUrl) {
        int colon = spec == null ? -1 : spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("--llm must be PROVIDER:MODEL (PROVIDER: " + PROVIDERS + "), got " + spec);
        }
        String provider = spec.substring(0, colon).toLowerCase(Locale.ROOT);
        String model = spec.substring(colon + 1);
        String url = baseUrl != null ? baseUrl : LOCAL_URLS.get(provider);
        if (HOSTED.contains(provider) && url == null) {
            throw new IllegalArgumentException("--llm " + provider + ":" + model + " needs --llm-base-url (the API's "
                    + "base URL; for a local server use vllm:, llamacpp:, lmstudio: or ollama:, which know their own)");
        }
        return new LlmConfig(provider, model, url, 120, 4, 0, 0, 0, 0, 3, 2, null);
    }

    public LlmConfig withLimits(double usd, long tokens) {
        return new LlmConfig(provider, model, baseUrl, timeoutSeconds, attempts, priceInPerMTok, priceOutPerMTok, usd,
                tokens, repairAttempts, reviseAttempts, reasoningEffort);
    }

    public LlmConfig withPrices(double inPerMTok, double outPerMTok) {
        return new LlmConfig(provider, model, baseUrl, timeoutSeconds, attempts, inPerMTok, outPerMTok, maxUsd,
                maxTokens, repairAttempts, reviseAttempts, reasoningEffort);
    }

    public LlmConfig withTimeout(double seconds, int tries) {
        return new LlmConfig(provider, model, baseUrl, seconds, tries, priceInPerMTok, priceOutPerMTok, maxUsd,
                maxTokens, repairAttempts, reviseAttempts, reasoningEffort);
    }

    public LlmConfig withReasoningEffort(String effort) {
        return new LlmConfig(provider, model, baseUrl, timeoutSeconds, attempts, priceInPerMTok, priceOutPerMTok, maxUsd,
                maxTokens, repairAttempts, reviseAttempts, effort);
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
