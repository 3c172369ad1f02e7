package io.archlab.agent.llm;

/**
 * The endpoint answered, but no attempt gave an answer that can be used (no text, a body that is
 * not a chat answer). A failure of that one request, not of the endpoint: the researcher's or
 * engineer's proposal fails, the analyst's insight is skipped, and the run goes on.
 */
public final class BadAnswerException extends Exception {
    public BadAnswerException(String message) {
        super(message);
    }
}
