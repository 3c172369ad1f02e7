package io.archlab.agent.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.compile.DslWriter;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.ir.ShapeException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MutationsTest {
    final DslFrontEnd frontEnd = new DslFrontEnd(new DslCompiler());

    @Test
    void should_produce_valid_changed_children_whose_source_traces_back_to_them() throws Exception {
        Random r = new Random(3);
        Map<String, Integer> applied = new HashMap<>();
        int compiled = 0;
        for (String name : Baselines.IMAGE) {
            Graph g = frontEnd.toIr(Baselines.get(name).source(), Task.FASHION_MNIST);
            for (Mutation m : Mutations.all()) {
                for (int i = 0; i < 6; i++) {
                    Optional<Mutation.Mutated> child;
                    try {
                        child = m.apply(g, r);
                    } catch (ShapeException e) {
                        continue;
                    }
                    if (child.isEmpty()) {
                        continue;
                    }
                    Graph c = child.get().graph();
                    assertTrue(!IrJson.hash(c).equals(IrJson.hash(g)), m.name() + " changed nothing on " + name);
                    assertTrue(!child.get().description().isBlank());
                    applied.merge(m.name(), 1, Integer::sum);
                    if (i < 1) {
                        String src = DslWriter.write(c, name + "-child", child.get().description());
                        Graph traced = frontEnd.toIr(src, Task.FASHION_MNIST);
                        assertEquals(IrJson.toJson(c), IrJson.toJson(traced), src);
                        compiled++;
                    }
                }
            }
        }
        assertEquals(Set.of("resize", "add-layer", "remove-layer", "kernel", "activation", "residual"),
                new HashSet<>(applied.keySet()), "every mutation applies to some baseline: " + applied);
        assertTrue(compiled >= 20, "compiled " + compiled);
    }
}
