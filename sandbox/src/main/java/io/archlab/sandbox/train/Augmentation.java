package io.archlab.sandbox.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The augmentation of a {@link TrialRequest.Recipe} for training batches of images {@code (N, C, H, W)}:
 * each example is padded with {@code padding} pixels of zeros, cropped back to its size at a random
 * offset (0 to {@code 2 x padding} on each axis) and, with {@code flip}, mirrored left to right with
 * probability 1/2. It works on a copy of the batch in Java, one pass over its values. Its random draws
 * come from its own generator, so the same seed augments the same way.
 */
final class Augmentation {
    /** Mixed into the request's seed: augmentation draws from its own stream, not from the batch order's. */
    private static final long STREAM = 0x6A09E667F3BCC909L;

    private final int padding;
    private final boolean flip;
    private final Random random;

    Augmentation(int padding, boolean flip, Random random) {
        this.padding = padding;
        this.flip = flip;
        this.random = random;
    }

    /** The augmentation {@code recipe} asks for, its draws seeded by {@code seed} (a request's). */
    static Augmentation of(TrialRequest.Recipe recipe, long seed) {
        return new Augmentation(recipe.cropPadding(), recipe.horizontalFlip(), new Random(seed ^ STREAM));
    }

    /** Whether it changes a batch at all. */
    boolean any() {
        return padding > 0 || flip;
    }

    /**
     * Why {@code recipe} cannot train a model whose input (without the batch) is {@code inputShape},
     * token ids when {@code vocab > 0}; null when it can. Crop and flip need images {@code (C, H, W)};
     * label smoothing suits every input.
     */
    static String refusal(TrialRequest.Recipe recipe, List<Integer> inputShape, int vocab) {
        if ((recipe.cropPadding() == 0 && !recipe.horizontalFlip()) || (inputShape.size() == 3 && vocab == 0)) {
            return null;
        }
        return "crop/flip need image inputs (N,C,H,W); this model's input is (N,"
                + inputShape.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")"
                + (vocab > 0 ? " of token ids" : "");
    }

    /**
     * {@code x} augmented, a new array in {@code manager} ({@code x} itself when nothing changes).
     * Draws, per example in order: the row offset and the column offset (when padding), then whether
     * to mirror (when flipping).
     */
    NDArray apply(NDArray x, NDManager manager) {
        if (!any()) {
            return x;
        }
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("crop/flip need image inputs (N,C,H,W); this batch is " + s);
        }
        int n = (int) s.get(0);
        int[] dy = new int[n];
        int[] dx = new int[n];
        boolean[] mirror = new boolean[n];
        for (int e = 0; e < n; e++) {
            dy[e] = padding > 0 ? random.nextInt(2 * padding + 1) : 0;
            dx[e] = padding > 0 ? random.nextInt(2 * padding + 1) : 0;
            mirror[e] = flip && random.nextBoolean();
        }
        float[] out = shift(x.toFloatArray(), n, (int) s.get(1), (int) s.get(2), (int) s.get(3), padding, dy, dx,
                mirror);
        return manager.create(out, s);
    }

    /**
     * Example {@code e} of {@code in} ({@code n} examples of {@code c x h x w}, row-major) padded by
     * {@code padding} zeros, cropped at offset ({@code dy[e]}, {@code dx[e]}) of the padded image and
     * mirrored left to right when {@code mirror[e]}: {@code out[e][ch][i][j] = in[e][ch][i + dy - padding][j' + dx - padding]}
     * with {@code j' = w - 1 - j} when mirrored, else {@code j}; zero where that falls outside the image.
     */
    static float[] shift(float[] in, int n, int c, int h, int w, int padding, int[] dy, int[] dx, boolean[] mirror) {
        float[] out = new float[in.length];
        for (int e = 0; e < n; e++) {
            int rowShift = dy[e] - padding;
            int colShift = dx[e] - padding;
            for (int ch = 0; ch < c; ch++) {
                int plane = (e * c + ch) * h * w;
                for (int i = 0; i < h; i++) {
                    int si = i + rowShift;
                    if (si < 0 || si >= h) {
                        continue;
                    }
                    int src = plane + si * w;
                    int dst = plane + i * w;
                    for (int j = 0; j < w; j++) {
                        int sj = (mirror[e] ? w - 1 - j : j) + colShift;
                        if (sj >= 0 && sj < w) {
                            out[dst + j] = in[src + sj];
                        }
                    }
                }
            }
        }
        return out;
    }
}
