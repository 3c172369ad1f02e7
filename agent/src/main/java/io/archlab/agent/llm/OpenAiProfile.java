package io.archlab.agent.llm;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.util.regex.Pattern;

/**
 * OpenAI's own API. Its answer length is {@code max_completion_tokens} ({@code max_tokens} is
 * deprecated there). Reasoning models (o1, o3, o4-mini, the GPT-5 family) refuse any temperature
 * but the default with HTTP 400 {@code unsupported_parameter}: they get none, a
 * {@code reasoning_effort}, and room for their hidden reasoning, which counts against
 * {@code max_completion_tokens}.
 */
final class OpenAiProfile extends OpenAiCompatibleProfile {
    /** Model names of OpenAI's reasoning models. */
    static final Pattern REASONING = Pattern.compile("^(o\\d+|gpt-5)([-.].*)?$");
    /** Answer room of a reasoning model over a chat model's, for the tokens it reasons with. */
    static final int REASONING_ROOM = 4;

    private final boolean reasoning;
    private final String effort;

    OpenAiProfile(LlmConfig config) {
        this.reasoning = reasoning(config.model());
        this.effort = config.reasoningEffort();
    }

    static boolean reasoning(String model) {
        return REASONING.matcher(model.toLowerCase(java.util.Locale.ROOT)).matches();
    }

    @Override
    ChatRequestParameters parameters(String role, String system, String user) {
        RoleSettings s = RoleSettings.of(role);
        OpenAiChatRequestParameters.Builder p = OpenAiChatRequestParameters.builder();
        if (reasoning) {
            p.maxCompletionTokens(s.maxTokens() * REASONING_ROOM).reasoningEffort(effort);
        } else {
            p.maxCompletionTokens(s.maxTokens()).temperature(s.temperature()).seed(nextSeed(role));
        }
        return p.build();
    }
}
