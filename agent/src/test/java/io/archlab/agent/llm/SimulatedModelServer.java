package io.archlab.agent.llm;

/**
 * The {@link SimulatedModel} as a server of OpenAI's chat API, for benchmarks of the LLM path's
 * machinery when no language model is reachable: {@code java -cp TEST_CLASSPATH
 * io.archlab.agent.llm.SimulatedModelServer [SEED]} prints its base URL, then answers until killed
 * (use it as {@code --llm vllm:sim --llm-base-url URL}). Its designs are a script's, not a model's:
 * figures measured against it say nothing about what a language model would find.
 */
public final class SimulatedModelServer {
    private SimulatedModelServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatedModel model = new SimulatedModel(args.length > 0 ? Long.parseLong(args[0]) : 7);
        ScriptedLlmServer server = ScriptedLlmServer.start();
        for (int i = 0; i < 200_000; i++) {
            server.enqueue(ScriptedLlmServer.responder(model::answer));
        }
        System.out.println(server.openAiBaseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }
}
