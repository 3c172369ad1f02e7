package io.archlab.agent.llm;

import static io.archlab.agent.llm.ScriptedLlmServer.reply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.archlab.agent.llm.ScriptedLlmServer.BadAnswer;
import io.archlab.agent.llm.ScriptedLlmServer.Step;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A language model simulated well enough to run archlab's team against over HTTP, for
 * {@link ScriptedLlmServer#responder}. It reads each request as a model would: the system message
 * names the role; the researcher's prompt gives the parent's source (a {@code ```java} block), the
 * task's input shape and the parameter budget, and asks either for one JSON object with the source
 * inside ({@code answer-json.txt}, endpoints held to a schema) or for a JSON header and a
 * {@code ```java} block ({@code answer-text.txt}). Each proposal is a new, valid DSL network under
 * the budget: one or two convolution stages (4 to 24 channels, kernel 3 or 5, ReLU or GELU, each
 * max-pooled) and an optional hidden linear layer, named uniquely per request ({@code SimNet7}).
 *
 * <p>It writes its answers the ways real models do, in a fixed {@link #CYCLE} over the
 * researcher's requests: plain, with prose before and after, after a {@code <think>} block, in a
 * {@code ```json} fence, with a trailing comma, with raw newlines inside JSON strings, and now and
 * then badly: text without any proposal, or empty content. Most bad answers are followed by a good
 * one (the researcher's re-ask, or the gateway's next attempt); once per cycle a proposal gets two
 * bad answers in a row and its slot falls to the offline proposer. Every seventh valid design misses
 * a semicolon, as models' code sometimes does; the engineer's answer restores it. The analyst
 * answers with a short insight. Everything is decided by counters and a seeded shuffle: the same
 * requests get the same answers.
 */
final class SimulatedModel {
    /** How one researcher answer is written. */
    enum Shape {
        /** The bare answer. */
        PLAIN,
        /** A sentence before and after the answer. */
        PROSE,
        /** A {@code <think>...</think>} block first (reasoning models, Qwen, DeepSeek). */
        THINKING,
        /** The JSON object in a {@code ```json} fence. */
        JSON_FENCE,
        /** A comma after the JSON object's last field. */
        TRAILING_COMMA,
        /** Newlines inside JSON strings written raw, not as {@code \n}. */
        RAW_NEWLINE,
        /** An answer with no proposal in it. */
        NO_PROPOSAL,
        /** Empty content. */
        EMPTY;

        boolean usable() {
            return this != NO_PROPOSAL && this != EMPTY;
        }
    }

    /**
     * The shape of the researcher's answer to its request {@code k} (from 0) is {@code CYCLE[k % 12]}.
     * A bad answer at a position that follows a usable one is always a fresh request, so position 3
     * is asked again once (position 4 then answers); position 7 is tried again by the gateway
     * (position 8 answers); positions 9 and 10 are a fresh request and its second chance, both bad,
     * so that slot is filled by the offline proposer: in even cycles two answers without a proposal
     * (the researcher gives up), in odd cycles two empty ones (the gateway gives up).
     */
    static final List<Shape> CYCLE = List.of(Shape.PLAIN, Shape.PROSE, Shape.THINKING, Shape.NO_PROPOSAL,
            Shape.JSON_FENCE, Shape.TRAILING_COMMA, Shape.RAW_NEWLINE, Shape.EMPTY, Shape.THINKING,
            Shape.NO_PROPOSAL, Shape.NO_PROPOSAL, Shape.JSON_FENCE);

    /** Every {@code MISSING_SEMICOLON}-th valid design is written with a statement's semicolon missing. */
    static final int MISSING_SEMICOLON = 7;

    private static final Pattern PARENT = Pattern.compile("# Parent design to improve on\\n(\\S+) \\(");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern FIRST_CONV = Pattern.compile("conv2d\\(\\w+, (\\d+), (\\d+)");
    private static final Pattern INPUT = Pattern.compile("input \\[(\\d+), (\\d+), (\\d+)\\], (\\d+) classes");
    private static final Pattern PARAMS = Pattern.compile("parameters <= ([\\d,]+)");
    private static final Pattern FAILED_SOURCE = Pattern.compile("# The source that failed\\n```java\\n(.*?)```",
            Pattern.DOTALL);
    private static final Pattern KEEP_NAME = Pattern.compile("keeping the class name (\\w+)");
    private static final Pattern CANDIDATE = Pattern.compile("# The candidate\\n(\\S+) \\(");
    /** The answer format that asks for the source inside the JSON object ({@code answer-json.txt}). */
    static final String JSON_FORMAT = "\"source\": \"<the complete Java source";

    /** A network the simulated researcher can write. */
    record Design(int channels, int kernel, String act, int second, int hidden) {
        /** Parameters of this design on {@code [c, h, w]} inputs and {@code classes} outputs (layers with bias). */
        long params(int c, int h, int w, int classes) {
            long p = (long) c * channels * kernel * kernel + channels;
            int out = channels;
            int side = (h / 2) * (w / 2);
            if (second > 0) {
                p += (long) channels * second * 9 + second;
                out = second;
                side = (h / 4) * (w / 4);
            }
            long flat = (long) out * side;
            return p + (hidden > 0 ? flat * hidden + hidden + (long) hidden * classes + classes
                    : flat * classes + classes);
        }

        String source(String name, boolean missingSemicolon) {
            StringBuilder b = new StringBuilder("        Tensor h = n.conv2d(x, " + channels + ", " + kernel + ").")
                    .append(act).append("().maxPool(2)").append(missingSemicolon ? "" : ";").append('\n');
            if (second > 0) {
                b.append("        h = n.conv2d(h, ").append(second).append(", 3).").append(act)
                        .append("().maxPool(2);\n");
            }
            b.append("        Tensor f = h.flatten();\n");
            if (hidden > 0) {
                b.append("        f = n.linear(f, ").append(hidden).append(").").append(act).append("();\n");
            }
            b.append("        return n.linear(f, n.numClasses());");
            return LlmDiscoveryRunTest.net(name, b.toString());
        }

        String describe() {
            return String.format(Locale.ROOT, "%d %dx%d %s filters%s%s", channels, kernel, kernel, act,
                    second > 0 ? ", a second stage of " + second + " 3x3 filters" : ", one stage",
                    hidden > 0 ? ", a " + hidden + "-unit hidden layer" : ", a linear head");
        }
    }

    private final List<Design> space;
    private final Set<Design> used = new HashSet<>();
    private final Map<String, Shape> shapeOf = new HashMap<>();
    private final Set<String> written = new HashSet<>();
    private final Map<Shape, Integer> shapes = new EnumMap<>(Shape.class);
    private int researcher;
    private int engineer;
    private int analyst;
    private int designs;

    /** A model whose choice of designs is shuffled by {@code seed}. */
    SimulatedModel(long seed) {
        List<Design> all = new ArrayList<>();
        for (int c : new int[] {4, 6, 8, 10, 12, 16, 20, 24}) {
            for (int k : new int[] {3, 5}) {
                for (String act : new String[] {"relu", "gelu"}) {
                    for (int second : new int[] {0, 8, 12, 16, 24}) {
                        for (int hidden : new int[] {0, 32, 64}) {
                            all.add(new Design(c, k, act, second, hidden));
                        }
                    }
                }
            }
        }
        Collections.shuffle(all, new Random(seed));
        space = List.copyOf(all);
    }

    /** The answer to {@code r}, by the role its system message names. */
    synchronized Step answer(RecordedRequest r) {
        String system = r.systemMessage().orElse("");
        String prompt = r.messagesText();
        if (system.contains("archlab's researcher")) {
            return research(prompt);
        }
        if (system.contains("archlab's engineer")) {
            return repair(prompt);
        }
        return insight(prompt);
    }

    private Step research(String prompt) {
        int k = researcher++;
        Shape shape = CYCLE.get(k % CYCLE.size());
        if ((k % CYCLE.size() == 9 || k % CYCLE.size() == 10) && (k / CYCLE.size()) % 2 == 1) {
            shape = Shape.EMPTY;
        }
        shapes.merge(shape, 1, Integer::sum);
        Matcher pm = PARENT.matcher(prompt);
        String parent = pm.find() ? pm.group(1) : "the parent";
        if (shape == Shape.EMPTY) {
            return BadAnswer.EMPTY_CONTENT;
        }
        if (shape == Shape.NO_PROPOSAL) {
            return reply(prompt.contains("# Your previous answer could not be used")
                    ? "Apologies for the confusion. As discussed, widening " + parent + "'s first convolution is the "
                            + "most promising direction; I can write the class if you want."
                    : "Looking at " + parent + ", I would widen the first convolution and add a second stage: that "
                            + "should lift validation accuracy by a point or two without leaving the budget.");
        }
        Idea idea = IDEAS.get(k % IDEAS.size());
        Design d = design(prompt, idea);
        String name = "SimNet" + k;
        boolean missing = ++designs % MISSING_SEMICOLON == 0;
        String source = d.source(name, missing);
        written.add(source);
        shapeOf.put(name, shape);
        String hypothesis = idea.claim().apply(d) + " " + SECOND.get(k % SECOND.size()).replace("PARENT", parent);
        String motivation = parent + "'s screening result and the notes on receptive field and capacity";
        int[] in = input(prompt);
        String effect = String.format(Locale.ROOT, "%+.1f points of validation accuracy at about %,d parameters",
                (k % 5) * 0.4 - 0.4, d.params(in[0], in[1], in[2], in[3]));
        boolean structured = prompt.contains(JSON_FORMAT);
        ObjectNode json = LlmWire.JSON.createObjectNode().put("name", name).put("hypothesis", hypothesis)
                .put("motivation", motivation).put("expected_effect", effect);
        if (structured) {
            // in a fenced answer the source string is fenced too, as models held to a schema often write it
            json.put("source", shape == Shape.JSON_FENCE ? "```java\n" + source + "```" : source);
        }
        String object;
        try {
            object = shape == Shape.PLAIN || shape == Shape.PROSE || shape == Shape.THINKING ? json.toString()
                    : LlmWire.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (shape == Shape.TRAILING_COMMA) {
            object = object.substring(0, object.lastIndexOf('}')).stripTrailing() + ",\n}";
        }
        if (shape == Shape.RAW_NEWLINE) {
            // models often write a long string over several lines: newlines in the source (and, in the
            // text format, in the hypothesis) come raw instead of escaped
            object = structured ? object.replace("\\n", "\n")
                    : object.replace(hypothesis, hypothesis.replaceFirst("\\. ", ".\n"));
        }
        String body = shape == Shape.JSON_FENCE ? "```json\n" + object + "\n```" : object;
        if (!structured) {
            body = body + "\n\n```java\n" + source + "```";
        }
        String text = switch (shape) {
            case PROSE -> "Building on " + parent + ", here is my proposal.\n\n" + body + "\n\nIf this works, the next "
                    + "step is to check whether the gain holds at lower cost.";
            case THINKING -> "<think>\nThe parent is " + parent + ". Its first convolution could be wider or the head "
                    + "smaller; maybe {channels: " + d.channels() + "}? The budget allows " + d.describe()
                    + ". Let me write it.\n</think>\n\n" + body;
            default -> body;
        };
        return reply(text);
    }

    /** The parent's source in a researcher prompt: the {@code ```java} block under its heading, or "". */
    private static String parentSource(String prompt) {
        int at = prompt.indexOf("# Parent design to improve on");
        Matcher m = JAVA_BLOCK.matcher(prompt);
        return at >= 0 && m.find(at) ? m.group(1) : "";
    }

    /**
     * A design not yet written, under the prompt's parameter budget, unlike the parent's first
     * convolution and true to {@code idea}, else (the idea's designs used up) any such design.
     */
    private Design design(String prompt, Idea idea) {
        int[] in = input(prompt);
        Matcher pm = PARAMS.matcher(prompt);
        long budget = pm.find() ? Long.parseLong(pm.group(1).replace(",", "")) : 100_000;
        Matcher conv = FIRST_CONV.matcher(parentSource(prompt));
        int parentChannels = conv.find() ? Integer.parseInt(conv.group(1)) : -1;
        for (boolean strict : new boolean[] {true, false}) {
            for (Design d : space) {
                if (!used.contains(d) && d.channels() != parentChannels && (!strict || idea.fits().test(d))
                        && d.params(in[0], in[1], in[2], in[3]) <= budget * 8 / 10) {
                    used.add(d);
                    return d;
                }
            }
        }
        throw new IllegalStateException("the simulated model ran out of designs after " + used.size());
    }

    /** The task's input channels, height, width and classes as the prompt states them (Fashion-MNIST's if not). */
    private static int[] input(String prompt) {
        Matcher m = INPUT.matcher(prompt);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))} : new int[] {1, 28, 28, 10};
    }

    /** What a proposal sets out to test: the designs it fits and the claim it makes of one. */
    record Idea(Predicate<Design> fits, Function<Design, String> claim) {
    }

    /**
     * The researcher's ideas, one per request in turn ({@code k % 12}), each followed by one of
     * {@link #SECOND} ({@code k % 5}): no two hypotheses of a run are the same, and those of one
     * idea differ in their numbers and their second sentence, so they are not near-duplicates.
     */
    static final List<Idea> IDEAS = List.of(
            new Idea(d -> d.channels() >= 16, d -> "Widening the stem to " + d.channels() + " filters gives each "
                    + "garment class its own edge and texture detectors."),
            new Idea(d -> d.second() > 0, d -> "Stacking a second convolution of " + d.second() + " filters after "
                    + "pooling enlarges the receptive field to whole collars and sleeves."),
            new Idea(d -> d.kernel() == 5, d -> "Five-by-five kernels in the first layer catch broad strokes such as "
                    + "straps and heels at once, with " + d.channels() + " of them."),
            new Idea(d -> d.act().equals("gelu"), d -> "Swapping ReLU for GELU smooths the gradients, which matters "
                    + "when a trial trains only a few dozen steps."),
            new Idea(d -> d.hidden() > 0, d -> "A hidden layer of " + d.hidden() + " units lets the classifier "
                    + "combine pooled features non-linearly before deciding."),
            new Idea(d -> d.channels() <= 8, d -> "A lean stem of only " + d.channels() + " filters should keep most "
                    + "of the accuracy at a fraction of the parameters and MACs."),
            new Idea(d -> d.second() == 0, d -> "One convolution and early pooling keep the network shallow, so "
                    + "optimisation is quick and stable."),
            new Idea(d -> d.hidden() == 0, d -> "Reading the classes straight off the pooled map, without a hidden "
                    + "layer, removes most of the head's weights."),
            new Idea(d -> d.second() > d.channels(), d -> "Going from " + d.channels() + " to " + d.second()
                    + " channels after the first pooling trades resolution for features, the classic pattern."),
            new Idea(d -> d.kernel() == 3 && d.act().equals("relu"), d -> "Small 3x3 ReLU filters are the cheapest "
                    + "edge detectors; depth rather than kernel size should add the context."),
            new Idea(d -> d.channels() >= 10 && d.channels() <= 12, d -> "A middle width of " + d.channels()
                    + " channels balances the underfitting of tiny stems against the cost of wide ones."),
            new Idea(d -> d.second() > 0 && d.hidden() == 0, d -> "Pooling twice down to a 7x7 map lets the linear "
                    + "read-out see coarse layouts instead of single pixels."));

    /** The hypotheses' second sentences; {@code PARENT} is the parent's name. */
    static final List<String> SECOND = List.of(
            "Compared with PARENT, the cost stays well inside the budget.",
            "If accuracy drops, capacity rather than optimisation is the limit.",
            "Shirts and pullovers, the most confused classes, should gain the most.",
            "A single seed is noisy, so only a clear jump over PARENT will count.",
            "The insights so far favour changes of this kind over deeper stacks.");

    /** The engineer's repair: the failing source with its statements' missing semicolons restored. */
    private Step repair(String prompt) {
        engineer++;
        Matcher m = FAILED_SOURCE.matcher(prompt);
        Matcher n = KEEP_NAME.matcher(prompt);
        String name = n.find() ? n.group(1) : "SimFix" + engineer;
        String fixed;
        String what;
        if (m.find() && prompt.contains("Outcome: compile_error")) {
            what = "A statement in forward was missing its semicolon.";
            StringBuilder b = new StringBuilder();
            for (String line : m.group(1).split("\n", -1)) {
                String s = line.strip();
                boolean statement = s.endsWith(")") && !s.contains("{") && !s.startsWith("//")
                        && !s.startsWith("public ");
                b.append(line).append(statement ? ";" : "").append('\n');
            }
            fixed = b.toString().strip() + "\n";
        } else {
            what = "The smallest design of this family fits any budget.";
            fixed = new Design(4, 3, "relu", 0, 0).source(name, false);
        }
        written.add(fixed);
        return reply(what + " Corrected:\n\n```java\n" + fixed + "```\n");
    }

    private Step insight(String prompt) {
        analyst++;
        Matcher m = CANDIDATE.matcher(prompt);
        String name = m.find() ? m.group(1) : "the candidate";
        String[] lessons = {
            "so capacity in the stem matters more than the head; try wider first layers next.",
            "which points to optimisation in so few steps rather than capacity; avoid deeper stacks for now.",
            "so the second stage's larger receptive field pays off; keep two stages and vary their width.",
            "suggesting the hidden layer adds cost without accuracy; prefer a linear head.",
            "within the noise of a single seed; a clearer change is needed to learn anything."};
        return reply("Insight " + analyst + " on " + name + ": its result moved relative to the parent, "
                + lessons[analyst % lessons.length]);
    }

    /** The shape each proposal by name was written in. */
    synchronized Map<String, Shape> shapeOf() {
        return Map.copyOf(shapeOf);
    }

    /** Every source the model wrote, the researcher's and the engineer's. */
    synchronized Set<String> written() {
        return Set.copyOf(written);
    }

    /** How often each shape was answered. */
    synchronized Map<Shape, Integer> shapes() {
        return Map.copyOf(shapes);
    }

    synchronized int researcherRequests() {
        return researcher;
    }

    synchronized int engineerRequests() {
        return engineer;
    }

    synchronized int analystRequests() {
        return analyst;
    }
}
