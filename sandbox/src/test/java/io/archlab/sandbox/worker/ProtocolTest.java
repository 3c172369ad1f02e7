package io.archlab.sandbox.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archlab.sandbox.analysis.Budgets;
import io.archlab.sandbox.train.TrialRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A trial request crosses the coordinator-worker protocol whole, its recipe with it. */
class ProtocolTest {
    static final TrialRequest REQUEST = new TrialRequest("r1", "class A {}", 42,
            TrialRequest.Compute.steps(300, 90).withRungs(List.of(100L, 200L)), new Budgets(500_000, 0, 0), 128,
            new TrialRequest.Optim(2e-3f, 20, 1f, 5e-4f), Path.of("/tmp/w.params"), Set.of("abc", "def"), false,
            new TrialRequest.Recipe(4, true, 0.1f));

    @Test
    void should_decode_a_trial_request_with_its_recipe_equal_to_the_one_sent() throws Exception {
        JsonNode sent = Protocol.parse(Protocol.trial(REQUEST));
        assertEquals("trial", sent.path("kind").asText());
        assertEquals(REQUEST, Protocol.request(sent));
        assertEquals(new TrialRequest.Recipe(4, true, 0.1f), Protocol.request(sent).recipe());
    }

    @Test
    void should_read_a_request_written_before_recipes_as_one_without() throws Exception {
        ObjectNode sent = (ObjectNode) Protocol.parse(Protocol.trial(REQUEST));
        ((ObjectNode) sent.get("request")).remove("recipe");
        assertEquals(REQUEST.withRecipe(TrialRequest.Recipe.NONE), Protocol.request(sent));
    }
}
