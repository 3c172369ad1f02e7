package io.archlab.sandbox.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CIFAR-10 from its binary distribution: {@code data_batch_1.bin} to {@code data_batch_5.bin} and
 * {@code test_batch.bin} (in the given directory or its {@code cifar-10-batches-bin}), each record
 * one label byte and 3,072 pixel bytes (red, green, blue planes of 32x32). Pixels are standardised
 * per channel.
 */
public final class Cifar10 {
    static final int RECORD = 1 + 3 * 32 * 32;
    static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
    static final float[] STD = {0.2470f, 0.2435f, 0.2616f};
    /** The task: 3x32x32 colour images, 10 classes. */
    public static final Task TASK = new Task("cifar10", List.of(3, 32, 32), 10, 0);

    private Cifar10() {
    }

    public static TaskData load(Path dir) {
        if (dir == null) {
            throw new DatasetException("cifar10 needs --data DIR with the binary batches (data_batch_1.bin ... "
                    + "test_batch.bin)");
        }
        Path base = Files.isDirectory(dir.resolve("cifar-10-batches-bin")) ? dir.resolve("cifar-10-batches-bin") : dir;
        if (!Files.isDirectory(base)) {
            throw new DatasetException("--data " + dir + ": no such directory");
        }
        Map<String, String> sums = new LinkedHashMap<>();
        List<byte[]> train = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            train.add(read(base.resolve("data_batch_" + i + ".bin"), sums));
        }
        byte[] test = read(base.resolve("test_batch.bin"), sums);
        return new TaskData(TASK, decode(train, base), decode(List.of(test), base), base.toAbsolutePath().toString(),
                false, sums);
    }

    private static byte[] read(Path f, Map<String, String> sums) {
        if (!Files.isRegularFile(f)) {
            throw new DatasetException(f + ": missing (CIFAR-10 binary version expected)");
        }
        try {
            byte[] b = Files.readAllBytes(f);
            if (b.length == 0 || b.length % RECORD != 0) {
                throw new DatasetException(f + ": " + b.length + " bytes is not a whole number of " + RECORD
                        + "-byte records (truncated or not CIFAR-10 binary)");
            }
            sums.put(f.getFileName().toString(), FashionMnist.sha256(b));
            return b;
        } catch (IOException e) {
            throw new DatasetException(f + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static Dataset decode(List<byte[]> files, Path base) {
        int n = files.stream().mapToInt(b -> b.length / RECORD).sum();
        float[] x = new float[n * (RECORD - 1)];
        int[] y = new int[n];
        int k = 0;
        for (byte[] b : files) {
            for (int r = 0; r < b.length / RECORD; r++, k++) {
                int label = b[r * RECORD] & 0xff;
                if (label > 9) {
                    throw new DatasetException(base + ": record " + k + " has label " + label + ", not 0-9");
                }
                y[k] = label;
                for (int p = 0; p < RECORD - 1; p++) {
                    int channel = p / 1024;
                    x[k * (RECORD - 1) + p] = ((b[r * RECORD + 1 + p] & 0xff) / 255f - MEAN[channel]) / STD[channel];
                }
            }
        }
        return new Dataset(List.of(3, 32, 32), n, x, y);
    }
}
