package io.archlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.agent.evolution.EvolutionProposer;
import io.archlab.agent.evolution.RandomSampler;
import io.archlab.evaluator.Leaderboard;
import io.archlab.evaluator.Significance;
import io.archlab.evaluator.Standings;
import io.archlab.sandbox.data.Dataset;
import io.archlab.sandbox.data.Splits;
import io.archlab.sandbox.data.TaskData;
import io.archlab.sandbox.train.HeldOutTest;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Selection never sees the test split, by construction: the split is only a sealed
 * {@link HeldOutTest} whose single operation is "accuracy of a trained candidate", and none of
 * the code that proposes, schedules, ranks or judges can be handed any data at all.
 */
class TestSplitIsolationTest {
    static final Set<Class<?>> DATA = Set.of(HeldOutTest.class, Splits.class, TaskData.class, Dataset.class);

    @Test
    void should_expose_no_test_examples_only_an_accuracy() throws Exception {
        for (Method m : HeldOutTest.class.getMethods()) {
            if (m.getDeclaringClass() == HeldOutTest.class) {
                assertFalse(DATA.contains(m.getReturnType()) && m.getReturnType() != HeldOutTest.class,
                        "HeldOutTest." + m.getName() + " hands out data");
            }
        }
        assertEquals(Set.of("of", "count", "needsWeights", "accuracy"), Arrays.stream(HeldOutTest.class.getMethods())
                .filter(m -> m.getDeclaringClass() == HeldOutTest.class).map(Method::getName)
                .collect(java.util.stream.Collectors.toSet()));
        assertTrue(Arrays.stream(HeldOutTest.class.getDeclaredConstructors()).allMatch(c -> Modifier.isPrivate(
                c.getModifiers())), "no way to wrap other data as a test split");
        Class<?> evaluator = Class.forName("io.archlab.sandbox.train.FinalEvaluator");
        assertFalse(Modifier.isPublic(evaluator.getModifiers()), "the test-split reader is package-private");
        assertTrue(Arrays.stream(Splits.class.getMethods()).noneMatch(m -> m.getName().toLowerCase().contains("test")),
                "Splits carries only training and validation data");
    }

    @Test
    void should_give_proposers_rankers_schedulers_and_judges_no_data_type() {
        List<Class<?>> selection = List.of(Proposer.Context.class, Proposer.class, EvolutionProposer.class,
                RandomSampler.class, TrialPlan.class, Assessor.class, Leaderboard.class, Standings.class,
                Significance.class);
        for (Class<?> c : selection) {
            for (Class<?> t : typesUsedBy(c)) {
                assertFalse(DATA.contains(t), c.getSimpleName() + " can reach " + t.getSimpleName());
            }
        }
    }

    private static List<Class<?>> typesUsedBy(Class<?> c) {
        List<Class<?>> out = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            out.add(f.getType());
        }
        for (Method m : c.getDeclaredMethods()) {
            out.add(m.getReturnType());
            out.addAll(Arrays.asList(m.getParameterTypes()));
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            out.addAll(Arrays.asList(k.getParameterTypes()));
        }
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                out.add(rc.getType());
            }
        }
        return out;
    }
}
