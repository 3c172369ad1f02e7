package io.archlab.agent.llm;

/** One request to a language model: a system and a user message in, the answer out. */
public interface LlmClient {

    LlmReply chat(String role, String system, String user) throws LlmCallException;
}
