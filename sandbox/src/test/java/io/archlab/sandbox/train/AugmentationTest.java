package io.archlab.sandbox.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random crop with zero padding and horizontal flip, on small hand-made batches. */
class AugmentationTest {
    /** One 3x3 image: 1 2 3 / 4 5 6 / 7 8 9. */
    static final float[] NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    static float[] one(float[] image, int padding, int dy, int dx, boolean mirror) {
        return Augmentation.shift(image, 1, 1, 3, 3, padding, new int[] {dy}, new int[] {dx}, new boolean[] {mirror});
    }

    @Test
    void should_move_the_content_by_the_crop_offset_and_fill_the_padding_with_zeros() {
        assertArrayEquals(NINE, one(NINE, 1, 1, 1, false), "the centre crop is the image");
        assertArrayEquals(new float[] {0, 0, 0, 2, 3, 0, 5, 6, 0}, one(NINE, 1, 0, 2, false),
                "top-right corner of the padded image: down one row, left one column");
        assertArrayEquals(new float[] {0, 4, 5, 0, 7, 8, 0, 0, 0}, one(NINE, 1, 2, 0, false),
                "bottom-left corner: up one row, right one column");
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 1}, one(NINE, 2, 0, 0, false),
                "the farthest offset keeps one corner pixel");
    }

    @Test
    void should_mirror_each_example_left_to_right_when_asked_and_crop_before_mirroring() {
        float[] two = new float[18];
        for (int i = 0; i < two.length; i++) {
            two[i] = i + 1;
        }
        float[] out = Augmentation.shift(two, 2, 1, 3, 3, 0, new int[2], new int[2], new boolean[] {true, false});
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18}, out,
                "the first example mirrored, the second as it was");
        assertArrayEquals(new float[] {0, 0, 0, 0, 3, 2, 0, 6, 5}, one(NINE, 1, 0, 2, true),
                "the top-right crop, mirrored");
    }

    @Test
    void should_shift_every_channel_of_an_example_alike() {
        float[] rgb = new float[27];
        for (int ch = 0; ch < 3; ch++) {
            for (int i = 0; i < 9; i++) {
                rgb[ch * 9 + i] = NINE[i] + 10 * ch;
            }
        }
        float[] out = Augmentation.shift(rgb, 1, 3, 3, 3, 1, new int[] {0}, new int[] {2}, new boolean[] {false});
        assertArrayEquals(new float[] {0, 0, 0, 2, 3, 0, 5, 6, 0, 0, 0, 0, 12, 13, 0, 15, 16, 0,
            0, 0, 0, 22, 23, 0, 25, 26, 0}, out);
    }

    @Test
    void should_keep_the_shape_and_crop_within_the_padding_the_same_way_for_the_same_seed() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = batch(m, 16, 3, 5, 6, 1);
            NDArray a = new Augmentation(2, true, new Random(5)).apply(x, m);
            NDArray b = new Augmentation(2, true, new Random(5)).apply(x, m);
            NDArray c = new Augmentation(2, true, new Random(6)).apply(x, m);
            assertEquals(x.getShape(), a.getShape());
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), "same seed, same batch");
            assertFalse(Arrays.equals(a.toFloatArray(), c.toFloatArray()), "another seed, another batch");
            float[] in = x.toFloatArray();
            float[] out = a.toFloatArray();
            int size = 3 * 5 * 6;
            int mirrored = 0;
            int moved = 0;
            for (int e = 0; e < 16; e++) {
                float[] ex = Arrays.copyOfRange(in, e * size, (e + 1) * size);
                float[] got = Arrays.copyOfRange(out, e * size, (e + 1) * size);
                int[] found = offsetOf(ex, got, 2);
                assertTrue(found != null, "example " + e + " is a crop of its padded image at an offset in [0, 4]");
                mirrored += found[2];
                moved += found[0] != 2 || found[1] != 2 ? 1 : 0;
            }
            assertTrue(mirrored > 0 && mirrored < 16, "about half mirrored: " + mirrored);
            assertTrue(moved > 8, "most moved off centre: " + moved);
        }
    }

    @Test
    void should_leave_the_batch_unchanged_without_crop_or_flip() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = batch(m, 4, 1, 3, 3, 2);
            Augmentation none = Augmentation.of(TrialRequest.Recipe.NONE, 7);
            assertFalse(none.any());
            assertSame(x, none.apply(x, m));
            Augmentation smoothingOnly = Augmentation.of(new TrialRequest.Recipe(0, false, 0.1f), 7);
            assertSame(x, smoothingOnly.apply(x, m), "label smoothing does not touch the inputs");
        }
        assertArrayEquals(NINE, one(NINE, 0, 0, 0, false));
    }

    @Test
    void should_refuse_crop_or_flip_on_inputs_that_are_not_images_naming_the_input() {
        TrialRequest.Recipe crop = new TrialRequest.Recipe(4, false, 0);
        TrialRequest.Recipe flip = new TrialRequest.Recipe(0, true, 0);
        assertNull(Augmentation.refusal(crop, List.of(1, 28, 28), 0));
        assertNull(Augmentation.refusal(flip, List.of(3, 32, 32), 0));
        assertNull(Augmentation.refusal(new TrialRequest.Recipe(0, false, 0.1f), List.of(64), 16),
                "label smoothing suits every input");
        assertEquals("crop/flip need image inputs (N,C,H,W); this model's input is (N,64) of token ids",
                Augmentation.refusal(crop, List.of(64), 16));
        assertEquals("crop/flip need image inputs (N,C,H,W); this model's input is (N,12)",
                Augmentation.refusal(flip, List.of(12), 0));
    }

    /** {dy, dx, mirrored} such that {@code got} is {@code image} shifted so, or null when none. */
    private static int[] offsetOf(float[] image, float[] got, int padding) {
        for (int dy = 0; dy <= 2 * padding; dy++) {
            for (int dx = 0; dx <= 2 * padding; dx++) {
                for (int mirror = 0; mirror < 2; mirror++) {
                    float[] want = Augmentation.shift(image, 1, 3, 5, 6, padding, new int[] {dy}, new int[] {dx},
                            new boolean[] {mirror == 1});
                    if (Arrays.equals(want, got)) {
                        return new int[] {dy, dx, mirror};
                    }
                }
            }
        }
        return null;
    }

    /** n examples of c x h x w with distinct positive values. */
    private static NDArray batch(NDManager m, int n, int c, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1 + r.nextFloat();
        }
        return m.create(v, new Shape(n, c, h, w));
    }
}
