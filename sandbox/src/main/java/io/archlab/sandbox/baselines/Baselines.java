package io.archlab.sandbox.baselines;

import io.archlab.sandbox.data.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hand-written architectures shipped with archlab as readable DSL source: starting points of
 * runs, examples for users, and examples for the LLM's prompt.
 */
public final class Baselines {
    /** Image baselines (1x28x28 input). */
    public static final List<String> IMAGE = List.of("Mlp", "LeNet5", "ResNetTiny", "MobileNetV2Tiny", "ViTTiny",
            "Nb201Cell");
    /** Sequence baselines (token-id input). */
    public static final List<String> SEQUENCE = List.of("TransformerTiny", "LinearAttentionTiny",
            "GatedRecurrentTiny");
    /** The baselines a run on an image task starts from, in order. */
    public static final List<String> IMAGE_SEEDS = List.of("Mlp", "LeNet5", "ResNetTiny");

    private Baselines() {
    }

    /** A built-in baseline's DSL source. */
    public static Baseline get(String name) {
        if (!IMAGE.contains(name) && !SEQUENCE.contains(name)) {
            throw new IllegalArgumentException("no built-in baseline named " + name + " (known: " + IMAGE + ", "
                    + SEQUENCE + ")");
        }
        try (InputStream in = Baselines.class.getResourceAsStream(name + ".java")) {
            if (in == null) {
                throw new IllegalStateException("baseline " + name + " is missing from the archlab build");
            }
            return new Baseline(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names of the NAS-Bench-201 seeds, one per cell of {@link io.archlab.sandbox.nb201.Nb201Task#seeds()}. */
    static final List<String> NB201_SEEDS = List.of("Nb201ResNetCell", "Nb201ExampleCell", "Nb201MixedCell");

    /**
     * The baselines a run on {@code task} starts from; on {@code nb201}, NAS-Bench-201 networks of a few
     * cells written by {@link io.archlab.sandbox.nb201.Nb201Dsl}.
     */
    public static List<Baseline> seedsFor(Task task) {
        if (io.archlab.sandbox.nb201.Nb201Task.NAME.equals(task.name())) {
            List<io.archlab.sandbox.nb201.Nb201Arch> cells = io.archlab.sandbox.nb201.Nb201Task.seeds();
            List<Baseline> out = new java.util.ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                out.add(new Baseline(NB201_SEEDS.get(i),
                        io.archlab.sandbox.nb201.Nb201Dsl.source(cells.get(i), NB201_SEEDS.get(i))));
            }
            return out;
        }
        if (task.tokens()) {
            return SEQUENCE.stream().map(Baselines::get).toList();
        }
        return (task.inputShape().size() == 3 ? IMAGE_SEEDS : List.of("Mlp")).stream().map(Baselines::get).toList();
    }

    /**
     * Two built-in designs that show the DSL at work on {@code task}'s kind of input, for the LLM's
     * system prompt: images a residual network and inverted residuals with gates, token sequences
     * attention and a gated recurrence; NAS-Bench-201 two of its seed cells; anything else the MLP.
     */
    public static List<Baseline> examplesFor(Task task) {
        if (io.archlab.sandbox.nb201.Nb201Task.NAME.equals(task.name())) {
            return seedsFor(task).subList(0, 2);
        }
        if (task.tokens()) {
            return List.of(get("TransformerTiny"), get("GatedRecurrentTiny"));
        }
        return task.inputShape().size() == 3 ? List.of(get("ResNetTiny"), get("MobileNetV2Tiny")) : List.of(get("Mlp"));
    }

    /** A named DSL source. */
    public record Baseline(String name, String source) {
    }
}
