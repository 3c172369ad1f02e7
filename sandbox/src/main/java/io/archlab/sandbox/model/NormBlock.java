package io.archlab.sandbox.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.archlab.sandbox.ir.Op;

/**
 * Layer, group and RMS normalisation with a learned per-feature scale (and shift, except RMS),
 * computed from DJL array operations.
 */
final class NormBlock extends AbstractBlock {
    private static final float EPS = 1e-5f;
    private final Op.Norm.Kind kind;
    private final int groups;
    private final Parameter gamma;
    private final Parameter beta;

    NormBlock(Op.Norm.Kind kind, int groups, int features) {
        this.kind = kind;
        this.groups = groups;
        this.gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(features)).build());
        this.beta = kind == Op.Norm.Kind.RMS ? null : addParameter(Parameter.builder().setName("beta")
                .setType(Parameter.Type.BETA).optShape(new Shape(features)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray g = ps.getValue(gamma, x.getDevice(), training);
        NDArray b = beta == null ? null : ps.getValue(beta, x.getDevice(), training);
        int last = x.getShape().dimension() - 1;
        NDArray y;
        if (kind == Op.Norm.Kind.GROUP) {
            Shape s = x.getShape();
            NDArray grouped = x.reshape(s.get(0), groups, -1);
            NDArray mean = grouped.mean(new int[] {2}, true);
            NDArray var = grouped.sub(mean).square().mean(new int[] {2}, true);
            y = grouped.sub(mean).div(var.add(EPS).sqrt()).reshape(s);
            long[] bshape = new long[s.dimension() - 1];
            java.util.Arrays.fill(bshape, 1);
            bshape[0] = s.get(1);
            g = g.reshape(new Shape(bshape));
            b = b.reshape(new Shape(bshape));
        } else if (kind == Op.Norm.Kind.RMS) {
            y = x.div(x.square().mean(new int[] {last}, true).add(EPS).sqrt());
        } else {
            NDArray mean = x.mean(new int[] {last}, true);
            NDArray centered = x.sub(mean);
            y = centered.div(centered.square().mean(new int[] {last}, true).add(EPS).sqrt());
        }
        y = y.mul(g);
        return new NDList(b == null ? y : y.add(b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
