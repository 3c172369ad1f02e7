import io.archlab.sandbox.dsl.*;

/**
 * Sequence baseline: a gated linear recurrence computed as a scan. Each step keeps the
 * gate-weighted running average of its values, h_t = sum_s<=t g_s v_s / sum_s<=t g_s, and an
 * output gate decides how much of it to pass on.
 */
public final class GatedRecurrentTiny implements Architecture {
    static final int DIM = 64;

    @Override
    public Tensor forward(Net n, Tensor x) {                            // x: [B, T] token ids
        Tensor t = n.embedding(x, DIM);                                     // [B, T, 64]
        for (int i = 0; i < 2; i++) {
            t = t.add(recurrence(n, t.rmsNorm()));
        }
        return n.linear(t.rmsNorm().mean(1), n.numClasses());
    }

    static Tensor recurrence(Net n, Tensor x) {
        Tensor gate = n.linear(x, DIM).sigmoid();                           // input gate
        Tensor value = n.linear(x, DIM);
        Tensor state = gate.mul(value).cumsum(1).div(gate.cumsum(1).add(1e-6));  // scan over time
        Tensor out = n.linear(x, DIM).silu();                               // output gate
        return n.linear(state.mul(out), DIM);
    }
}
