package io.archlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslReference;
import io.archlab.sandbox.compile.PolicyException;
import io.archlab.sandbox.dsl.Architecture;
import io.archlab.sandbox.dsl.Net;
import io.archlab.sandbox.dsl.Tensor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The DSL reference of the LLM's prompts: complete, clean, compact and true to what compiles. */
class DslReferenceTest {
    static final DslCompiler COMPILER = new DslCompiler();
    static final Pattern SIGNATURE = Pattern.compile("^(?:static )?(?:<.*?> )?(.+?) (\\w+)\\((.*)\\)$");
    static final Pattern CALL = Pattern.compile("\\.(\\w+)\\(");

    /** Uses the Java the preamble allows: a field, a helper, a nested class, java.util, Math, throw. */
    static final String PREAMBLE_PROGRAM = """
            import io.archlab.sandbox.dsl.*;
            import java.util.*;

            public final class PreambleOnly implements Architecture {
                private final int[] widths = {8, 16};

                public Tensor forward(Net n, Tensor x) {
                    List<Tensor> branches = new ArrayList<>();
                    for (int w : widths) {
                        branches.add(new Branch(w).apply(n, x));
                    }
                    Tensor h = n.concat(1, branches.toArray(new Tensor[0]));
                    if (h.rank() != 4) {
                        throw new IllegalStateException("expected an image, got " + h);
                    }
                    return head(n, h.globalAvgPool());
                }

                private Tensor head(Net n, Tensor h) {
                    return n.linear(h, Math.max(n.numClasses(), 2));
                }

                static final class Branch {
                    final int width;

                    Branch(int width) {
                        this.width = width;
                    }

                    Tensor apply(Net n, Tensor x) {
                        return n.conv2d(x, width, 3).batchNorm().relu();
                    }
                }
            }
            """;

    /** For each construct the preamble says is rejected, the words it uses and a program using it. */
    static final Map<String, String> REJECTED = Map.of(
            "`package`", "package p; " + program("", "return x;"),
            "`try`", program("", "try { return x; } finally { }"),
            "`synchronized`", program("", "synchronized (this) { return x; }"),
            "`volatile`", program("volatile int v;", "return x;"),
            "initialiser blocks", program("static { }", "return x;"),
            "anonymous classes", program("", "Object o = new Object() { }; return x;"),
            "class literals", program("", "Object o = Tensor.class; return x;"),
            "`getClass()`", program("", "Object o = x.getClass(); return x;"));

    static String program(String members, String body) {
        return "import io.archlab.sandbox.dsl.*; public final class C implements Architecture { " + members
                + " public Tensor forward(Net n, Tensor x) { " + body + " } }";
    }

    @Test
    void should_list_every_public_method_of_net_and_tensor_with_its_parameter_types() {
        for (Class<?> type : List.of(Architecture.class, Net.class, Tensor.class)) {
            List<String> declared = Arrays.stream(type.getDeclaredMethods())
                    .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !overridesObject(m))
                    .map(m -> m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                            .collect(Collectors.joining(", ", "(", ")")))
                    .sorted().toList();
            assertEquals(declared, listed(type.getSimpleName()), type.getSimpleName() + " in the reference");
        }
    }

    @Test
    void should_contain_no_javadoc_markup() {
        String md = DslReference.markdown();
        for (String markup : List.of("{@", "<p>", "<pre>", "</", "@param", "@return", "&lt;", "&gt;", "&amp;")) {
            assertFalse(md.contains(markup), "the reference contains " + markup);
        }
    }

    @Test
    void should_stay_within_its_token_budget() {
        String md = DslReference.markdown();
        assertTrue(DslReference.approxTokens(md) <= DslReference.TOKEN_BUDGET,
                md.length() + " characters is over the budget of " + DslReference.TOKEN_BUDGET + " tokens");
        assertTrue(DslReference.TOKEN_BUDGET <= 6_000);
    }

    @Test
    void should_render_the_same_reference_every_time() {
        assertEquals(DslReference.markdown(), DslReference.markdown());
    }

    @Test
    void should_state_the_class_shape_and_the_axis_convention() {
        String md = DslReference.markdown();
        assertTrue(md.contains("public final class Name implements Architecture {"));
        assertTrue(md.contains("public Tensor forward(Net n, Tensor x) { ... }"));
        assertTrue(md.contains("Axes count the batch as axis 0"));
        assertTrue(md.contains("java.util: ArrayList"));
    }

    @Test
    void should_compile_a_baseline_that_calls_only_methods_the_reference_lists() throws Exception {
        String source = Baselines.get("ResNetTiny").source();
        List<String> names = Stream.of("Net", "Tensor").flatMap(t -> listed(t).stream())
                .map(s -> s.substring(0, s.indexOf('('))).toList();
        Matcher calls = CALL.matcher(source);
        int n = 0;
        while (calls.find()) {
            assertTrue(names.contains(calls.group(1)), calls.group(1) + "() is used but not in the reference");
            n++;
        }
        assertTrue(n > 5, "the baseline calls the DSL");
        assertNotNull(COMPILER.compile(source));
    }

    @Test
    void should_compile_a_program_using_the_java_the_preamble_allows() throws Exception {
        assertNotNull(COMPILER.compile(PREAMBLE_PROGRAM));
    }

    @Test
    void should_reject_every_construct_the_preamble_says_is_rejected() {
        String rejected = DslReference.markdown().lines().filter(l -> l.startsWith("Rejected: ")).findFirst()
                .orElseThrow();
        REJECTED.forEach((words, program) -> {
            assertTrue(rejected.contains(words), "the preamble does not mention " + words);
            assertThrows(PolicyException.class, () -> COMPILER.compile(program), words);
        });
    }

    @Test
    void should_ship_every_dsl_source_file() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/archlab/sandbox/dsl"))) {
            List<String> onDisk = files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".java") && !f.equals("package-info.java"))
                    .map(f -> f.substring(0, f.length() - ".java".length())).sorted().toList();
            assertEquals(onDisk, DslReference.SOURCES.stream().sorted().toList());
        }
    }

    private static boolean overridesObject(Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The methods the reference lists under {@code ## type}, as {@code name(Type, Type)}, sorted. */
    private static List<String> listed(String type) {
        Map<String, List<String>> byType = new TreeMap<>();
        String current = null;
        for (String line : DslReference.markdown().lines().toList()) {
            if (line.startsWith("## ")) {
                current = line.substring(3, line.indexOf(' ', 3));
                byType.put(current, new ArrayList<>());
            } else if (current != null && line.startsWith("- `")) {
                String sig = line.substring(3, line.indexOf('`', 3));
                Matcher m = SIGNATURE.matcher(sig);
                if (m.matches()) {
                    byType.get(current).add(m.group(2) + parameterTypes(m.group(3)));
                }
            }
        }
        return byType.getOrDefault(type, List.of()).stream().sorted().toList();
    }

    /** {@code "Tensor x, int... dims"} as {@code "(Tensor, int[])"}: erased simple types. */
    private static String parameterTypes(String params) {
        List<String> types = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= params.length(); i++) {
            char c = i < params.length() ? params.charAt(i) : ',';
            depth += c == '<' ? 1 : c == '>' ? -1 : 0;
            if (c == ',' && depth == 0) {
                String p = params.substring(start, i).trim();
                if (!p.isEmpty()) {
                    String t = p.substring(0, p.lastIndexOf(' ')).replaceAll("<.*>", "").replace("...", "[]");
                    types.add(t.replaceAll("^final ", "").trim());
                }
                start = i + 1;
            }
        }
        return "(" + String.join(", ", types) + ")";
    }
}
