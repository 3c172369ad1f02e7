import io.archlab.sandbox.dsl.*;

/** Baseline: a small Vision Transformer (Dosovitskiy et al., 2021): 4x4 patches, a class token, two blocks. */
public final class ViTTiny implements Architecture {
    static final int DIM = 64;
    static final int HEADS = 4;

    @Override
    public Tensor forward(Net n, Tensor x) {                           // x: [B, 1, 28, 28]
        Tensor t = n.linear(x.patchify(4), DIM);                           // [B, 49, 64]
        t = t.add(n.parameter(t.dim(1), DIM));                             // position embeddings
        t = n.concat(1, n.parameter(1, DIM), t);                           // [B, 50, 64] with a class token
        for (int i = 0; i < 2; i++) {
            t = t.add(attention(n, t.layerNorm()));
            t = t.add(n.linear(n.linear(t.layerNorm(), 2 * DIM).gelu(), DIM));
        }
        Tensor cls = t.slice(1, 0, 1).reshape(DIM).layerNorm();           // [B, 64]
        return n.linear(cls, n.numClasses());
    }

    /** Multi-head softmax self-attention. */
    static Tensor attention(Net n, Tensor x) {
        int len = x.dim(1);
        int head = DIM / HEADS;
        Tensor q = heads(n.linear(x, DIM), len, head);                      // [B, H, T, d]
        Tensor k = heads(n.linear(x, DIM), len, head);
        Tensor v = heads(n.linear(x, DIM), len, head);
        Tensor scores = q.matmul(k.transpose(2, 3)).mul(1.0 / Math.sqrt(head)).softmax(-1);  // [B, H, T, T]
        Tensor o = scores.matmul(v).permute(0, 2, 1, 3).reshape(len, DIM);  // [B, T, 64]
        return n.linear(o, DIM);
    }

    static Tensor heads(Tensor x, int len, int head) {
        return x.reshape(len, HEADS, head).permute(0, 2, 1, 3);
    }
}
