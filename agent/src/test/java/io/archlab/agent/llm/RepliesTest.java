package io.archlab.agent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Answers shaped the way real models write them (the files under {@code replies/}): each usable one
 * is read to the exact name, hypothesis and class; each unusable one is refused with the message the
 * model is told to fix.
 */
class RepliesTest {
    static String reply(String file) {
        try (InputStream in = RepliesTest.class.getResourceAsStream("replies/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test reply " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String net(String name) {
        return "import io.archlab.sandbox.dsl.*;\n\npublic final class " + name + " implements Architecture {\n"
                + "    public Tensor forward(Net n, Tensor x) {\n"
                + "        return n.linear(x.flatten(), n.numClasses());\n    }\n}\n";
    }

    /** File, name, hypothesis, a line only the intended source has. */
    static Stream<Arguments> usable() {
        return Stream.of(
                Arguments.of("as-requested.txt", "WideConvNet", "Doubling the channels of the parent's two "
                        + "convolutions should add about 2 points of accuracy.", "n.conv2d(h, 128, 3)"),
                Arguments.of("json-fence.txt", "SeResNet", "Squeeze-and-excitation gates on the residual branch "
                        + "let the network reweight channels cheaply.", "h.mul(s.reshape(-1, 48, 1, 1))"),
                Arguments.of("prose-around.txt", "DepthwiseMixer", "Replacing the second 3x3 convolution by a "
                        + "depthwise-separable pair keeps accuracy at a third of the MACs.", "n.depthwiseConv2d(h, 3)"),
                Arguments.of("think.txt", "ResidualStage", "A residual stage lets the deeper network train as fast "
                        + "as the shallow parent.", "h.add(n.conv2d(h, 32, 3)"),
                Arguments.of("thinking.txt", "GeluConvNet", "GELU instead of ReLU smooths the loss surface and "
                        + "speeds early training.", ".gelu()"),
                Arguments.of("reasoning.txt", "DeepNarrowNet", "Four narrow convolutions see a larger receptive "
                        + "field than two wide ones at the same cost.", "n.conv2d(h, 48, 3).relu().maxPool(2)"),
                Arguments.of("think-unclosed.txt", "PooledMlpHead", "Global average pooling before the head "
                        + "removes most parameters without losing accuracy.", "n.linear(h.globalAvgPool(), 64)"),
                Arguments.of("think-close-only.txt", "StridedStem", "A stride-2 stem halves the activations early, "
                        + "so a wider body fits the MAC budget.", "n.conv2d(x, 32, 3, 2, 1)"),
                Arguments.of("lenient-json.txt", "DropoutHead", "Dropout before the head reduces the overfitting "
                        + "seen in the parent's last epochs.", "dropout(0.3)"),
                Arguments.of("raw-newlines.txt", "TwoScaleNet", "Concatenating 3x3 and 5x5 branches captures\n"
                        + "\ttwo scales of texture at once.", "n.conv2d(x, 16, 5, 1, 2)"),
                Arguments.of("source-field-escaped.txt", "LayerNormNet", "Group normalisation is steadier than "
                        + "batch normalisation at batch size 32.", "groupNorm(8)"),
                Arguments.of("source-field-raw.txt", "SiluNet", "SiLU keeps small negative activations that ReLU "
                        + "discards.", "\t\tTensor h = n.conv2d(x, 32, 3).batchNorm().silu()"),
                Arguments.of("fence-upper-case.txt", "AvgPoolNet", "Average pooling keeps more spatial information "
                        + "than max pooling for smooth images.", "avgPool(2)"),
                Arguments.of("fence-untagged.txt", "TinyMlp", "A two-layer MLP matches the CNN on this "
                        + "low-resolution task at a tenth of the MACs.", "n.linear(x.flatten(), 128)"),
                Arguments.of("two-fences.txt", "BottleneckNet", "1x1 bottlenecks cut the MACs of the 3x3 "
                        + "convolutions by 4 with little loss.", "// corrected"),
                Arguments.of("key-variants.txt", "DilatedNet", "Dilated convolutions widen the receptive field "
                        + "without pooling.", "n.conv2d(x, 32, 3, 1, 2, 2, 1)"),
                Arguments.of("optional-fields-missing.txt", "ShallowNet", "One convolution is enough for this task.",
                        "n.conv2d(x, 16, 3)"),
                Arguments.of("single-quotes.txt", "TanhNet", "Tanh bounds the activations, which steadies training "
                        + "at a high learning rate.", ".tanh()"),
                Arguments.of("class-javadoc.txt", "GatedConvNet", "A sigmoid gate on each convolution lets the "
                        + "network switch channels off per image.", " * A class with gated convolutions"),
                Arguments.of("json-fence-source-fenced.txt", "FencedInside", "Two stacked convolutions see more "
                        + "context than one.", "n.conv2d(n.conv2d(x, 8, 3).relu(), 8, 3)"),
                Arguments.of("object-then-aside.txt", "MainIdea", "A wider first convolution catches more edge "
                        + "orientations.", "n.conv2d(x, 24, 3)"),
                Arguments.of("tilde-fence.txt", "TildeNet", "Max pooling twice keeps the head small.",
                        ".maxPool(2).maxPool(2)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usable")
    void should_read_the_proposal_a_model_wrote(String file, String name, String hypothesis, String line)
            throws Exception {
        Replies.Proposed p = Replies.proposal(reply(file));

        assertEquals(name, p.name());
        assertEquals(hypothesis, p.hypothesis());
        assertEquals(name, Replies.className(p.source()));
        assertTrue(p.source().contains("public final class " + name + " implements Architecture {"), p.source());
        assertTrue(p.source().contains(line), p.source());
    }

    @Test
    void should_ignore_the_json_and_the_code_inside_the_reasoning() throws Exception {
        for (String file : new String[] {"think.txt", "thinking.txt", "reasoning.txt", "think-close-only.txt"}) {
            Replies.Proposed p = Replies.proposal(reply(file));

            assertFalse(p.source().contains("return x;"), file);
            assertFalse(p.source().contains("implements Architecture { }"), file);
            assertFalse(p.source().contains("<think>") || p.source().contains("</think>"), file);
        }
    }

    @Test
    void should_read_the_proposal_with_windows_line_endings() throws Exception {
        Replies.Proposed p = Replies.proposal(reply("as-requested.txt").replace("\n", "\r\n"));

        assertEquals("WideConvNet", p.name());
        assertEquals("+2 points accuracy, about 3x the parameters, within budget", p.expectedEffect());
        assertEquals("WideConvNet", Replies.className(p.source()));
        assertFalse(p.source().contains("\r"));
    }

    @Test
    void should_read_expected_effect_under_either_spelling_and_accept_missing_optional_fields() throws Exception {
        assertEquals("+0.7 points", Replies.proposal(reply("key-variants.txt")).expectedEffect());
        assertEquals("Insight 6", Replies.proposal(reply("key-variants.txt")).motivation());
        assertEquals("+0.8 points", Replies.proposal(reply("lenient-json.txt")).expectedEffect());

        Replies.Proposed p = Replies.proposal(reply("optional-fields-missing.txt"));
        assertNull(p.motivation());
        assertNull(p.expectedEffect());
    }

    @Test
    void should_rename_the_class_to_the_proposed_name() throws Exception {
        Replies.Proposed p = Replies.proposal("{\"name\": \"Renamed\", \"hypothesis\": \"h\"}\n```java\n"
                + net("Original") + "```\n");

        assertEquals("Renamed", p.name());
        assertEquals("Renamed", Replies.className(p.source()));
    }

    @Test
    void should_read_the_declared_class_and_not_a_word_after_class_in_a_comment() {
        String source = "/** This class implements a gated network. */\n" + net("GatedNet");

        assertEquals("GatedNet", Replies.className(source));
        assertEquals("OneLine", Replies.className("import a.*; /** A class. */ public final class OneLine { }"));
    }

    @Test
    void should_read_an_engineers_fixed_source_after_its_reasoning() throws Exception {
        String answer = "<think>\nThe error is { in line 3. Maybe:\n```java\npublic final class Wrong implements "
                + "Architecture { }\n```\n</think>\nHere is the corrected class:\n```Java\n" + net("FixedNet")
                + "```\nThe shape mismatch came from the flatten.";

        String s = Replies.source(answer);

        assertEquals("FixedNet", Replies.className(s));
        assertFalse(s.contains("Wrong"));
    }

    @Test
    void should_read_an_engineers_unfenced_class() throws Exception {
        assertEquals(net("PlainNet").strip(), Replies.source(net("PlainNet")).strip());
    }

    @Test
    void should_refuse_an_empty_answer() {
        assertEquals("the answer was empty", refused(" \n"));
        assertEquals("the answer was empty", assertThrows(Replies.Malformed.class, () -> Replies.source(""))
                .getMessage());
    }

    @Test
    void should_refuse_an_answer_of_prose_alone() {
        assertEquals("no JSON object {\"name\", \"hypothesis\", \"motivation\", \"expected_effect\"} and no "
                + "```java block were found: answer with the JSON object, then the complete class in one ```java "
                + "fenced block", refused("I would make the network wider, perhaps with residual connections."));
    }

    @Test
    void should_refuse_an_answer_that_is_only_reasoning() {
        assertEquals("the answer held only reasoning (<think>...</think>) and nothing after it: give the answer "
                + "after the reasoning", refused("<think>\nLet me consider {\"name\": \"X\"}...\n</think>\n"));
    }

    @Test
    void should_refuse_a_class_cut_off_before_its_fence_closed() {
        String cut = "{\"name\": \"LongNet\", \"hypothesis\": \"h\"}\n```java\n" + net("LongNet").substring(0, 90);

        String expected = "the answer was cut off inside the ```java block (no closing ```), probably at the output "
                + "token limit: answer again with the complete class, shorter if need be";
        assertEquals(expected, refused(cut));
        assertEquals(expected, assertThrows(Replies.Malformed.class, () -> Replies.source("Fixed:\n```java\n"
                + net("LongNet").substring(0, 90))).getMessage());
    }

    @Test
    void should_refuse_a_proposal_without_a_hypothesis() {
        assertEquals("\"hypothesis\" is missing or empty",
                refused("{\"name\": \"NoWhy\", \"motivation\": \"m\"}\n```java\n" + net("NoWhy") + "```\n"));
        assertEquals("\"hypothesis\" is missing or empty",
                refused("{\"name\": \"NoWhy\", \"hypothesis\": \" \"}\n```java\n" + net("NoWhy") + "```\n"));
    }

    @Test
    void should_refuse_a_class_without_its_json_naming_the_missing_hypothesis() {
        assertEquals("\"hypothesis\" is missing: no JSON object was found; put {\"name\", \"hypothesis\", "
                + "\"motivation\", \"expected_effect\"} before the ```java block",
                refused("Here is the network:\n```java\n" + net("OnlyCode") + "```\n"));
    }

    @Test
    void should_refuse_a_json_object_without_source() {
        assertEquals("no Java source: put the complete class in one ```java fenced block after the JSON",
                refused("{\"name\": \"NoCode\", \"hypothesis\": \"h\"}"));
    }

    @Test
    void should_refuse_a_name_that_is_not_a_java_class_name() {
        assertEquals("\"name\" must be a Java class name, got Wide Net",
                refused("{\"name\": \"Wide Net\", \"hypothesis\": \"h\"}\n```java\n" + net("WideNet") + "```\n"));
    }

    @Test
    void should_refuse_an_over_long_source() {
        String big = net("BigNet").replace("    public Tensor", "    // " + "x".repeat(Replies.MAX_SOURCE_CHARS)
                + "\n    public Tensor");

        String m = refused("{\"name\": \"BigNet\", \"hypothesis\": \"h\"}\n```java\n" + big + "```\n");

        assertEquals("the source has " + big.length() + " characters; at most " + Replies.MAX_SOURCE_CHARS, m);
    }

    @Test
    void should_refuse_an_engineers_answer_without_a_class() {
        assertEquals("no Java class found: answer with the complete class in one ```java fenced block",
                assertThrows(Replies.Malformed.class, () -> Replies.source("I fixed it.\n```java\nint x = 1;\n```"))
                        .getMessage());
    }

    private static String refused(String answer) {
        return assertThrows(Replies.Malformed.class, () -> Replies.proposal(answer)).getMessage();
    }
}
