package io.archlab.knowledge;

/**
 * What a run's LLM exchanges add up to.
 *
 * @param failed exchanges that got no answer (an error is recorded)
 */
public record LlmSpend(int exchanges, int failed, long promptTokens, long completionTokens, double usd) {

    public long tokens() {
        return promptTokens + completionTokens;
    }
}
