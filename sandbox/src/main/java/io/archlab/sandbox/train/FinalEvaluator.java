package io.archlab.sandbox.train;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.archlab.sandbox.data.Dataset;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.model.Accuracy;
import io.archlab.sandbox.model.GraphBlock;
import io.archlab.sandbox.model.Tensors;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one place that reads the held-out test split: accuracy of a trained candidate (its IR plus
 * the weights its trial wrote), called once a run's selection is over. Package-private: the only
 * way in is {@link HeldOutTest#accuracy}.
 */
final class FinalEvaluator {
    private FinalEvaluator() {
    }

    static double testAccuracy(Graph graph, Path weights, Dataset test) throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("final", Device.cpu(), "PyTorch")) {
            GraphBlock block = new GraphBlock(graph);
            model.setBlock(block);
            block.initialize(manager, DataType.FLOAT32, GraphBlock.withBatch(1, graph.inputShape()));
            try (InputStream is = Files.newInputStream(weights); DataInputStream din = new DataInputStream(is)) {
                block.loadParameters(manager, din);
            } catch (MalformedModelException e) {
                throw new IOException(weights + ": weights do not match the candidate: " + e.getMessage(), e);
            }
            return Accuracy.score(block, manager, Tensors.inputs(manager, test), Tensors.labels(manager, test))
                    .accuracy();
        }
    }
}
