package io.archlab.sandbox.baselines;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The hand-written architectures every run starts from, as DSL source shipped with archlab. */
public final class Baselines {
    /** Names of the built-in baselines, in the order a run evaluates them. */
    public static final List<String> NAMES = List.of("Mlp", "SmallCnn", "ResidualCnn");

    private Baselines() {
    }

    /** A built-in baseline's DSL source. */
    public static Baseline get(String name) {
        try (InputStream in = Baselines.class.getResourceAsStream(name + ".java")) {
            if (in == null) {
                throw new IllegalArgumentException("no built-in baseline named " + name + " (known: " + NAMES + ")");
            }
            return new Baseline(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All built-in baselines. */
    public static List<Baseline> all() {
        return NAMES.stream().map(Baselines::get).toList();
    }

    /** A named DSL source. */
    public record Baseline(String name, String source) {
    }
}
