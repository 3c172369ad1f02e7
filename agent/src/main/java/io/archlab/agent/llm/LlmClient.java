package io.archlab.agent.llm;

/** One request to a language model: a system and a user message in, the answer out. */
public interface LlmClient {

    LlmReply chat(String role, String system, String user) throws LlmCallException;

    /**
     * Whether the answers of {@code role} come held to the proposal schema
     * ({@link ProviderProfile#PROPOSAL}), so the prompt should ask for the source inside the JSON.
     */
    default boolean structured(String role) {
        return false;
    }

    /** Why the endpoint's structured output was given up for plain text, or null while it was not. */
    default String structureRefused() {
        return null;
    }
}
