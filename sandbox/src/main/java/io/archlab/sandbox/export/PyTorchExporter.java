package io.archlab.sandbox.export;

import io.archlab.sandbox.compile.DslWriter;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.ir.Node;
import io.archlab.sandbox.ir.Op;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes an IR graph as a PyTorch {@code nn.Module} in Python source, equivalent op for op, so a
 * discovered architecture can leave archlab. Its header comment states the trainable parameter
 * count, which equals the IR's. Every tensor keeps the batch as dimension 0 (size 1 for learnable
 * tensors, which broadcast), as in archlab's DJL block.
 */
public final class PyTorchExporter {
    private PyTorchExporter() {
    }

    public static String export(Graph g, String name) {
        String cls = DslWriter.className(name);
        StringBuilder init = new StringBuilder();
        StringBuilder fwd = new StringBuilder();
        for (Node n : g.nodes()) {
            if (n.id() == 0) {
                continue;
            }
            String module = module(n, g);
            if (module != null) {
                init.append("        self.m").append(n.id()).append(" = ").append(module).append('\n');
            }
            fwd.append("        v").append(n.id()).append(" = ").append(expr(n, g)).append("  # ")
                    .append(shape(n.shape())).append('\n');
        }
        return "# Exported by archlab from candidate " + name + "\n"
                + "# IR hash: " + IrJson.hash(g) + "\n"
                + "# trainable parameters: " + g.params() + "\n"
                + "# MACs per sample: " + g.macs() + "\n"
                + "# input: " + shape(g.inputShape()) + (g.vocab() > 0 ? " token ids, vocabulary " + g.vocab() : "")
                + "; output: [B, " + g.numClasses() + "] class scores\n"
                + "import math\n\n"
                + "import torch\n"
                + "import torch.nn as nn\n"
                + "import torch.nn.functional as F\n\n\n"
                + "def _align(t, rank):\n"
                + "    \"\"\"Inserts size-1 dimensions after the batch up to `rank` dimensions after it.\"\"\"\n"
                + "    missing = rank - (t.dim() - 1)\n"
                + "    return t.reshape(t.shape[0], *([1] * missing), *t.shape[1:]) if missing > 0 else t\n\n\n"
                + "class " + cls + "(nn.Module):\n"
                + "    def __init__(self):\n"
                + "        super().__init__()\n"
                + (init.length() == 0 ? "        pass\n" : init.toString())
                + "\n"
                + "    def forward(self, v0):\n"
                + fwd
                + "        return v" + g.output() + "\n\n\n"
                + "if __name__ == \"__main__\":\n"
                + "    model = " + cls + "()\n"
                + "    print(sum(p.numel() for p in model.parameters() if p.requires_grad))\n";
    }

    private static String module(Node n, Graph g) {
        Op op = n.op();
        List<Integer> in = n.inputs().isEmpty() ? List.of() : g.node(n.inputs().get(0)).shape();
        if (op instanceof Op.Linear l) {
            return "nn.Linear(" + in.get(in.size() - 1) + ", " + l.outFeatures() + ", bias=" + py(l.bias()) + ")";
        } else if (op instanceof Op.Conv c) {
            return "nn.Conv" + c.dims() + "d(" + in.get(0) + ", " + c.outChannels() + ", " + c.kernel() + ", stride="
                    + c.stride() + ", padding=" + c.padding() + ", dilation=" + c.dilation() + ", groups=" + c.groups()
                    + ")";
        } else if (op instanceof Op.Embedding e) {
            return "nn.Embedding(" + e.vocab() + ", " + e.dim() + ")";
        } else if (op instanceof Op.Norm nm) {
            return switch (nm.kind()) {
                case BATCH -> "nn.BatchNorm" + (in.size() == 3 ? "2" : in.size() == 4 ? "3" : "1") + "d(" + in.get(0)
                        + ")";
                case LAYER -> "nn.LayerNorm(" + in.get(in.size() - 1) + ")";
                case GROUP -> "nn.GroupNorm(" + nm.groups() + ", " + in.get(0) + ")";
                case RMS -> "nn.RMSNorm(" + in.get(in.size() - 1) + ", eps=1e-5)";
            };
        } else if (op instanceof Op.Param p) {
            String dims = "1, " + ints(p.shape());
            return switch (p.init()) {
                case NORMAL -> "nn.Parameter(torch.randn(" + dims + ") * 0.02)";
                case ONES -> "nn.Parameter(torch.ones(" + dims + "))";
                case ZEROS -> "nn.Parameter(torch.zeros(" + dims + "))";
            };
        }
        return null;
    }

    private static String expr(Node n, Graph g) {
        Op op = n.op();
        String x = n.inputs().isEmpty() ? "" : "v" + n.inputs().get(0);
        String y = n.inputs().size() > 1 ? "v" + n.inputs().get(1) : "";
        int rank = n.shape().size();
        String m = "self.m" + n.id();
        if (op instanceof Op.Param) {
            return m;
        } else if (op instanceof Op.Embedding) {
            return m + "(" + x + ".long())";
        } else if (op instanceof Op.Linear || op instanceof Op.Conv || op instanceof Op.Norm) {
            return m + "(" + x + ")";
        } else if (op instanceof Op.Unary u) {
            return switch (u.fn()) {
                case RELU -> "F.relu(" + x + ")";
                case GELU -> "F.gelu(" + x + ")";
                case SILU -> "F.silu(" + x + ")";
                case SIGMOID -> "torch.sigmoid(" + x + ")";
                case TANH -> "torch.tanh(" + x + ")";
                case SOFTPLUS -> "F.softplus(" + x + ")";
                case NEG -> "-" + x;
                case ABS -> "torch.abs(" + x + ")";
                case SQUARE -> "torch.square(" + x + ")";
                case SQRT -> "torch.sqrt(" + x + ")";
                case EXP -> "torch.exp(" + x + ")";
                case LOG -> "torch.log(" + x + ")";
            };
        } else if (op instanceof Op.Scalar s) {
            String c = Double.toString(s.value());
            return switch (s.fn()) {
                case ADD -> x + " + " + c;
                case MUL -> x + " * " + c;
                case SUB -> x + " - " + c;
                case RSUB -> c + " - " + x;
                case DIV -> x + " / " + c;
                case POW -> x + " ** " + c;
            };
        } else if (op instanceof Op.Binary b) {
            String a1 = "_align(" + x + ", " + rank + ")";
            String b1 = "_align(" + y + ", " + rank + ")";
            return switch (b.fn()) {
                case ADD -> a1 + " + " + b1;
                case SUB -> a1 + " - " + b1;
                case MUL -> a1 + " * " + b1;
                case DIV -> a1 + " / " + b1;
                case MIN -> "torch.minimum(" + a1 + ", " + b1 + ")";
                case MAX -> "torch.maximum(" + a1 + ", " + b1 + ")";
            };
        } else if (op instanceof Op.MatMul) {
            return "torch.matmul(_align(" + x + ", " + rank + "), _align(" + y + ", " + rank + "))";
        } else if (op instanceof Op.Reduce r) {
            String dims = "(" + r.axes().stream().map(a -> Integer.toString(a + 1)).collect(Collectors.joining(", "))
                    + ",)";
            String f = switch (r.fn()) {
                case SUM -> "torch.sum";
                case MEAN -> "torch.mean";
                case MAX -> "torch.amax";
            };
            return f + "(" + x + ", dim=" + dims + ", keepdim=" + py(r.keepDims()) + ")";
        } else if (op instanceof Op.Softmax s) {
            return (s.log() ? "F.log_softmax(" : "F.softmax(") + x + ", dim=" + (s.axis() + 1) + ")";
        } else if (op instanceof Op.CumSum c) {
            return "torch.cumsum(" + x + ", dim=" + (c.axis() + 1) + ")";
        } else if (op instanceof Op.Reshape r) {
            return x + ".reshape(" + x + ".shape[0], " + ints(r.shape()) + ")";
        } else if (op instanceof Op.Permute p) {
            return x + ".permute(0, " + p.order().stream().map(a -> Integer.toString(a + 1))
                    .collect(Collectors.joining(", ")) + ")";
        } else if (op instanceof Op.Concat c) {
            String batch = "max(" + n.inputs().stream().map(i -> "v" + i + ".shape[0]")
                    .collect(Collectors.joining(", ")) + ")";
            String parts = n.inputs().stream().map(i -> "v" + i + ".expand(" + batch + ", *v" + i + ".shape[1:])")
                    .collect(Collectors.joining(", "));
            return "torch.cat([" + parts + "], dim=" + (c.axis() + 1) + ")";
        } else if (op instanceof Op.Slice s) {
            return x + ".narrow(" + (s.axis() + 1) + ", " + s.start() + ", " + (s.end() - s.start()) + ")";
        } else if (op instanceof Op.Pool p) {
            return p.kind() == Op.Pool.Kind.MAX
                    ? "F.max_pool2d(" + x + ", " + p.kernel() + ", " + p.stride() + ", " + p.padding() + ")"
                    : "F.avg_pool2d(" + x + ", " + p.kernel() + ", " + p.stride() + ", " + p.padding()
                            + ", count_include_pad=False)";
        } else if (op instanceof Op.GlobalPool gp) {
            return (gp.kind() == Op.Pool.Kind.MAX ? "torch.amax(" : "torch.mean(") + x + ", dim=tuple(range(2, " + x
                    + ".dim())))";
        } else if (op instanceof Op.Upsample u) {
            return x + ".repeat_interleave(" + u.scale() + ", dim=2).repeat_interleave(" + u.scale() + ", dim=3)";
        } else if (op instanceof Op.Patchify p) {
            int q = p.patch();
            List<Integer> in = g.node(n.inputs().get(0)).shape();
            int h = in.get(1) / q;
            int w = in.get(2) / q;
            return x + ".reshape(" + x + ".shape[0], " + in.get(0) + ", " + h + ", " + q + ", " + w + ", " + q
                    + ").permute(0, 2, 4, 1, 3, 5).reshape(" + x + ".shape[0], " + (h * w) + ", " + (in.get(0) * q * q)
                    + ")";
        } else if (op instanceof Op.Dropout d) {
            return "F.dropout(" + x + ", p=" + d.rate() + ", training=self.training)";
        }
        throw new IllegalArgumentException("no PyTorch form for " + op);
    }

    private static String shape(List<Integer> s) {
        return io.archlab.sandbox.ir.Shapes.show(s);
    }

    private static String ints(List<Integer> xs) {
        return xs.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String py(boolean b) {
        return b ? "True" : "False";
    }

    /** The parameter count stated in an exported file's header, or -1. */
    public static long statedParams(String python) {
        for (String line : python.split("\n")) {
            if (line.startsWith("# trainable parameters: ")) {
                return Long.parseLong(line.substring("# trainable parameters: ".length()).trim().toLowerCase(Locale.ROOT));
            }
        }
        return -1;
    }
}
