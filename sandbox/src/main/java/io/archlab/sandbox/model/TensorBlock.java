package io.archlab.sandbox.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/** A block holding one learnable tensor and returning it: learnable parameters and embedding tables. */
final class TensorBlock extends AbstractBlock {
    private final Parameter value;
    private final Shape shape;

    TensorBlock(Shape shape, Initializer init) {
        this.shape = shape;
        this.value = addParameter(Parameter.builder().setName("value").setType(Parameter.Type.OTHER)
                .optShape(shape).optInitializer(init).build());
    }

    static TensorBlock normal(Shape shape) {
        return new TensorBlock(shape, new NormalInitializer(0.02f));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(ps.getValue(value, ps.getManager().getDevice(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {shape};
    }
}
