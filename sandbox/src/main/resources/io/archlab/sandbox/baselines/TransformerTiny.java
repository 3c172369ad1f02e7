import io.archlab.sandbox.dsl.*;

/** Sequence baseline: token and position embeddings, one pre-norm transformer block, mean pooling. */
public final class TransformerTiny implements Architecture {
    static final int DIM = 64;
    static final int HEADS = 4;

    @Override
    public Tensor forward(Net n, Tensor x) {                            // x: [B, T] token ids
        Tensor t = n.embedding(x, DIM);                                     // [B, T, 64]
        t = t.add(n.parameter(t.dim(1), DIM));
        t = t.add(attention(n, t.layerNorm()));
        t = t.add(n.linear(n.linear(t.layerNorm(), 4 * DIM).gelu(), DIM));
        return n.linear(t.layerNorm().mean(1), n.numClasses());
    }

    static Tensor attention(Net n, Tensor x) {
        int len = x.dim(1);
        int head = DIM / HEADS;
        Tensor q = n.linear(x, DIM).reshape(len, HEADS, head).permute(0, 2, 1, 3);
        Tensor k = n.linear(x, DIM).reshape(len, HEADS, head).permute(0, 2, 3, 1);   // [B, H, d, T]
        Tensor v = n.linear(x, DIM).reshape(len, HEADS, head).permute(0, 2, 1, 3);
        Tensor a = q.matmul(k).div(Math.sqrt(head)).softmax(-1);                     // [B, H, T, T]
        return n.linear(a.matmul(v).permute(0, 2, 1, 3).reshape(len, DIM), DIM);
    }
}
