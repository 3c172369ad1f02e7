package io.archlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.analysis.Budgets;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.data.Dataset;
import io.archlab.sandbox.data.DatasetException;
import io.archlab.sandbox.data.Splits;
import io.archlab.sandbox.data.TaskData;
import io.archlab.sandbox.data.Tasks;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.InProcessTrialRunner;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tasks' loaders, their bad-input errors, and a short training on each. */
class TasksTest {
    @TempDir
    Path dir;

    static TrialResult train(TaskData data, String baseline, TrialRequest.Compute compute) {
        try (InProcessTrialRunner runner = new InProcessTrialRunner(new DslFrontEnd(new DslCompiler()), data.task(),
                Splits.of(data, 0.1))) {
            return runner.run(new TrialRequest("t", Baselines.get(baseline).source(), 1, compute,
                    new Budgets(1_000_000, 0, 0), 64, TrialRequest.Optim.adamW(1e-3f), null));
        }
    }

    @Test
    void should_generate_mqar_whose_answer_is_the_value_of_the_queried_key() {
        TaskData d = Tasks.load("mqar", null, false, 32, 16);
        assertEquals(8, d.task().numClasses());
        assertEquals(16, d.task().vocab());
        Dataset s = d.train();
        for (int i = 0; i < 200; i++) {
            float query = s.x()[i * 32 + 31];
            int answer = -1;
            for (int p = 0; p + 1 < 31; p += 2) {
                if (s.x()[i * 32 + p] == query && query != 0) {
                    answer = (int) s.x()[i * 32 + p + 1] - 8;
                }
            }
            assertEquals(answer, s.y()[i], "sample " + i);
        }
        assertEquals(s.y()[5], Tasks.load("mqar", null, false, 32, 16).train().y()[5], "same seed, same data");
        DatasetException e = assertThrows(DatasetException.class, () -> Tasks.load("mqar", null, false, 32, 7));
        assertTrue(e.getMessage().contains("even vocabulary"), e.getMessage());
        TrialResult r = train(Tasks.load("mqar", null, false, 32, 16), "TransformerTiny",
                TrialRequest.Compute.steps(60, 300));
        assertTrue(r.succeeded(), r.outcome().toString());
    }

    @Test
    void should_refuse_crop_and_flip_on_token_inputs_before_training_and_smooth_labels_there() {
        TaskData d = Tasks.load("mqar", null, false, 32, 16);
        try (InProcessTrialRunner runner = new InProcessTrialRunner(new DslFrontEnd(new DslCompiler()), d.task(),
                Splits.of(d, 0.1))) {
            TrialRequest req = new TrialRequest("t", Baselines.get("TransformerTiny").source(), 1,
                    TrialRequest.Compute.steps(10, 300), new Budgets(1_000_000, 0, 0), 64,
                    TrialRequest.Optim.adamW(1e-3f), null);
            TrialResult refused = runner.run(req.withRecipe(new TrialRequest.Recipe(4, true, 0.1f)));
            Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, refused.outcome());
            assertEquals(FailureKind.SHAPE_ERROR, f.kind());
            assertEquals(Stage.BUILD, f.stage());
            assertEquals("crop/flip need image inputs (N,C,H,W); this model's input is (N,32) of token ids",
                    f.message());
            assertNull(refused.metrics(), "refused, not trained");
            TrialResult smoothed = runner.run(req.withRecipe(new TrialRequest.Recipe(0, false, 0.1f)));
            assertTrue(smoothed.succeeded(), smoothed.outcome().toString());
            assertEquals(10, smoothed.metrics().steps());
        }
    }

    @Test
    void should_predict_the_next_character_of_a_text() throws Exception {
        Path f = dir.resolve("t.txt");
        StringBuilder sb = new StringBuilder();
        Random r = new Random(1);
        for (int i = 0; i < 150; i++) {
            sb.append("the quick brown fox ").append((char) ('a' + r.nextInt(3)));
        }
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        TaskData d = Tasks.load("text", f.toString(), false, 16, 0);
        assertEquals(d.task().vocab(), d.task().numClasses());
        assertEquals(16, d.task().inputShape().get(0));
        assertTrue(d.train().count() > 1000 && d.test().count() > 100, d.train().count() + " / " + d.test().count());
        TrialResult res = train(d, "GatedRecurrentTiny", TrialRequest.Compute.epochs(1, 600));
        assertTrue(res.succeeded(), res.outcome().toString());
        double bitsPerChar = res.curve().get(res.curve().size() - 1).valLoss() / Math.log(2);
        assertTrue(bitsPerChar < Math.log(d.task().vocab()) / Math.log(2), "better than uniform: " + bitsPerChar);

        Files.write(dir.resolve("bad.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        assertTrue(assertThrows(DatasetException.class, () -> Tasks.load("text", dir.resolve("bad.txt").toString(),
                false, 16, 0)).getMessage().contains("not valid UTF-8"));
        assertTrue(assertThrows(DatasetException.class, () -> Tasks.load("text", null, false, 16, 0))
                .getMessage().contains("needs --data FILE"));
    }

    @Test
    void should_read_a_csv_table_and_name_bad_cells() throws Exception {
        Path f = dir.resolve("iris.csv");
        StringBuilder sb = new StringBuilder("a,b,kind\n");
        Random r = new Random(2);
        for (int i = 0; i < 300; i++) {
            int k = i % 3;
            sb.append(k * 2 + r.nextGaussian() * 0.3).append(',').append(-k + r.nextGaussian() * 0.3).append(',')
                    .append(new String[] {"setosa", "versicolor", "virginica"}[k]).append('\n');
        }
        Files.writeString(f, sb);
        TaskData d = Tasks.load("csv", f.toString(), false, 0, 0);
        assertEquals(3, d.task().numClasses());
        assertEquals(java.util.List.of(2), d.task().inputShape());
        assertEquals(60, d.test().count());
        TrialResult res = train(d, "Mlp", TrialRequest.Compute.epochs(60, 600));
        assertTrue(res.succeeded() && res.metrics().valAccuracy() > 0.8, res.outcome() + " " + res.metrics());

        Files.writeString(dir.resolve("b1.csv"), "a,b,y\n1,2,x\n3,oops,y\n");
        assertEquals(dir.resolve("b1.csv") + ": line 3, column 'b': 'oops' is not a number",
                assertThrows(DatasetException.class, () -> Tasks.load("csv", dir.resolve("b1.csv").toString(), false,
                        0, 0)).getMessage());
        Files.writeString(dir.resolve("b2.csv"), "a,b,y\n1,2,x\n3,4\n");
        assertTrue(assertThrows(DatasetException.class, () -> Tasks.load("csv", dir.resolve("b2.csv").toString(),
                false, 0, 0)).getMessage().contains("line 3 has 2 fields, the header has 3"));
        Files.writeString(dir.resolve("b3.csv"), "a,y\n" + "1,x\n".repeat(20));
        assertTrue(assertThrows(DatasetException.class, () -> Tasks.load("csv", dir.resolve("b3.csv").toString(),
                false, 0, 0)).getMessage().contains("needs at least two classes"));
    }

    @Test
    void should_read_cifar10_binary_batches_and_name_a_truncated_one() throws Exception {
        Random r = new Random(3);
        for (String name : new String[] {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4",
            "data_batch_5", "test_batch"}) {
            byte[] b = new byte[40 * 3073];
            r.nextBytes(b);
            for (int i = 0; i < 40; i++) {
                b[i * 3073] = (byte) (i % 10);
            }
            Files.write(dir.resolve(name + ".bin"), b);
        }
        TaskData d = Tasks.load("cifar10", dir.toString(), false, 0, 0);
        assertEquals(200, d.train().count());
        assertEquals(40, d.test().count());
        assertEquals(java.util.List.of(3, 32, 32), d.train().sampleShape());
        assertEquals(7, d.train().y()[7]);
        assertTrue(train(d, "LeNet5", TrialRequest.Compute.steps(5, 300)).succeeded());

        Files.write(dir.resolve("test_batch.bin"), new byte[3073 * 2 + 100]);
        DatasetException e = assertThrows(DatasetException.class, () -> Tasks.load("cifar10", dir.toString(), false,
                0, 0));
        assertTrue(e.getMessage().contains("test_batch.bin") && e.getMessage().contains("not a whole number"),
                e.getMessage());
    }
}
