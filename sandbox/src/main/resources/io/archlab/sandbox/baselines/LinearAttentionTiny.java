import io.archlab.sandbox.dsl.*;

/**
 * Sequence baseline: linear attention (Katharopoulos et al., 2020) with a softplus feature map:
 * phi(q) (phi(k)^T v) / phi(q) sum(phi(k)), linear in the sequence length.
 */
public final class LinearAttentionTiny implements Architecture {
    static final int DIM = 64;

    @Override
    public Tensor forward(Net n, Tensor x) {                            // x: [B, T] token ids
        Tensor t = n.embedding(x, DIM);
        t = t.add(n.parameter(t.dim(1), DIM));
        for (int i = 0; i < 2; i++) {
            t = t.add(linearAttention(n, t.layerNorm()));
            t = t.add(n.linear(n.linear(t.layerNorm(), 2 * DIM).gelu(), DIM));
        }
        return n.linear(t.layerNorm().mean(1), n.numClasses());
    }

    static Tensor linearAttention(Net n, Tensor x) {
        Tensor q = n.linear(x, DIM).softplus();                             // phi(q): [B, T, 64]
        Tensor k = n.linear(x, DIM).softplus();                             // phi(k)
        Tensor v = n.linear(x, DIM);
        Tensor kv = k.transpose(1, 2).matmul(v);                            // [B, 64, 64]
        Tensor norm = q.matmul(k.sum(true, 1).transpose(1, 2)).add(1e-6);   // [B, T, 1]
        return n.linear(q.matmul(kv).div(norm), DIM);
    }
}
