package io.archlab.sandbox;

import io.archlab.sandbox.dsl.Architecture;
import io.archlab.sandbox.dsl.Net;
import io.archlab.sandbox.dsl.Tensor;

/**
 * What the policy now refuses, compiled here to test the defence behind it: a forward that hands a
 * lambda to the common fork-join pool, where it waits at the {@link SpinGate}.
 */
public final class ParallelSpinner implements Architecture {
    @Override
    public Tensor forward(Net n, Tensor x) {
        long[] a = new long[1024];
        java.util.Arrays.parallelSetAll(a, i -> SpinGate.await(i));
        return n.linear(x.flatten(), 10);
    }
}
