package io.archlab.sandbox.analysis;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.CompileException;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.Tracer;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.dsl.Architecture;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.model.GraphBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the DSL front end on every baseline and on a generated 200-op graph: javac compilation,
 * build (trace) + analyze + hash, and IR to an initialised DJL block. Times are medians of repeated
 * runs after one untimed warm-up run.
 */
public final class DslBenchmark {
    private DslBenchmark() {
    }

    /** One row of the table. */
    public record Row(String name, int ops, long params, long macs, long peakBytes, double javacMs,
            double buildAnalyzeHashMs, double toDjlMs) {
    }

    /** Source of a residual MLP with {@code blocks} blocks of linear, layer norm, GELU and add: 4 ops each. */
    public static String deepSource(int blocks) {
        return "import io.archlab.sandbox.dsl.*;\n"
                + "public final class Deep implements Architecture {\n"
                + "    public Tensor forward(Net n, Tensor x) {\n"
                + "        Tensor h = n.linear(x.flatten(), 32);\n"
                + "        for (int i = 0; i < " + blocks + "; i++) {\n"
                + "            h = h.add(n.linear(h, 32).layerNorm().gelu());\n"
                + "        }\n"
                + "        return n.linear(h, n.numClasses());\n"
                + "    }\n"
                + "}\n";
    }

    public static List<Row> run(int repeats) throws CompileException, io.archlab.sandbox.compile.PolicyException {
        DslCompiler compiler = new DslCompiler();
        Task seq = Task.sequence("synthetic", 32, 64, 4);
        List<Row> rows = new ArrayList<>();
        List<String> names = new ArrayList<>(Baselines.IMAGE);
        names.addAll(Baselines.SEQUENCE);
        names.add("Deep200");
        for (String name : names) {
            String src = name.equals("Deep200") ? deepSource(50) : Baselines.get(name).source();
            Task task = Baselines.SEQUENCE.contains(name) ? seq : Task.FASHION_MNIST;
            double[] javac = new double[Math.max(3, repeats / 10)];
            Class<? extends Architecture> type = compiler.compile(src);   // warm-up, untimed
            for (int i = 0; i < javac.length; i++) {
                long t = System.nanoTime();
                type = compiler.compile(src);
                javac[i] = (System.nanoTime() - t) / 1e6;
            }
            double[] build = new double[repeats];
            Graph g = Tracer.trace(type, task.inputShape(), task.numClasses(), task.vocab());   // warm-up
            Analysis a = StaticAnalyzer.analyze(g, 64);
            for (int i = 0; i < repeats; i++) {
                long t = System.nanoTime();
                g = Tracer.trace(type, task.inputShape(), task.numClasses(), task.vocab());
                a = StaticAnalyzer.analyze(g, 64);
                IrJson.hash(g);
                build[i] = (System.nanoTime() - t) / 1e6;
            }
            double[] djl = new double[Math.max(3, repeats / 10)];
            for (int i = 0; i < djl.length; i++) {
                long t = System.nanoTime();
                try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance(name, Device.cpu(),
                        "PyTorch")) {
                    GraphBlock block = new GraphBlock(g);
                    model.setBlock(block);
                    List<Integer> in = task.inputShape();
                    block.initialize(m, DataType.FLOAT32, task.tokens() ? new Shape(1, in.get(0))
                            : new Shape(1, in.get(0), in.get(1), in.get(2)));
                }
                djl[i] = (System.nanoTime() - t) / 1e6;
            }
            rows.add(new Row(name, g.nodes().size(), a.params(), a.macs(), a.peakBytesFloat32(), median(javac),
                    median(build), median(djl)));
        }
        return rows;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
