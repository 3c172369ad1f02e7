package io.archlab.knowledge.notes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedderTest {
    private static final Embedder EMBEDDER = new Embedder();

    @Test
    void should_embed_text_as_a_384_dimensional_unit_vector() {
        float[] v = EMBEDDER.embed("depthwise separable convolution");

        assertEquals(Embedder.DIMENSION, v.length);
        assertEquals(384, v.length);
        assertEquals(1.0, Math.sqrt(dot(v, v)), 1e-4);
    }

    @Test
    void should_embed_the_same_text_to_the_same_vector_alone_or_in_a_batch() {
        String a = "squeeze and excitation reweights channels";
        String b = "pre-norm residual blocks train stably";

        float[] first = EMBEDDER.embed(a);
        float[] again = new Embedder().embed(a);
        List<float[]> batch = EMBEDDER.embedAll(List.of(a, b));

        assertArrayEquals(first, again);
        assertEquals(2, batch.size());
        assertArrayEquals(first, batch.get(0));
        assertArrayEquals(EMBEDDER.embed(b), batch.get(1));
    }

    @Test
    void should_embed_an_empty_list_to_an_empty_list() {
        assertEquals(List.of(), EMBEDDER.embedAll(List.of()));
    }

    @Test
    void should_reject_blank_text_naming_its_position() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EMBEDDER.embedAll(List.of("fine", " ")));

        assertTrue(e.getMessage().contains("text 1"), e.getMessage());
    }

    @Test
    void should_score_closer_texts_higher() {
        float[] query = EMBEDDER.embed("a layer normalisation variant without mean subtraction");
        double near = Embedder.cosine(query, EMBEDDER.embed("RMSNorm rescales by the root mean square"));
        double far = Embedder.cosine(query, EMBEDDER.embed("stride-two max pooling halves the resolution"));

        assertTrue(near > far, near + " <= " + far);
    }

    @Test
    void should_compute_cosine_of_simple_vectors() {
        assertEquals(1.0, Embedder.cosine(new float[] {1, 2, 3}, new float[] {2, 4, 6}), 1e-12);
        assertEquals(0.0, Embedder.cosine(new float[] {1, 0}, new float[] {0, 5}), 1e-12);
        assertEquals(-1.0, Embedder.cosine(new float[] {1, -1}, new float[] {-3, 3}), 1e-12);
        assertEquals(0.0, Embedder.cosine(new float[] {0, 0}, new float[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Embedder.cosine(new float[2], new float[3]));
    }

    @Test
    void should_round_trip_vectors_through_bytes_exactly() {
        float[] special = {0f, -0f, 1f, -1.5f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc00001), 0.1f};
        float[] embedding = EMBEDDER.embed("byte round trip");

        for (float[] v : List.of(special, embedding, new float[0])) {
            float[] back = Vectors.fromBytes(Vectors.toBytes(v));
            assertEquals(v.length, back.length);
            for (int i = 0; i < v.length; i++) {
                assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(back[i]), "value " + i);
            }
        }
        assertEquals(4 * 384, Vectors.toBytes(embedding).length);
    }

    @Test
    void should_write_little_endian_float32() {
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0},
                Vectors.toBytes(new float[] {1f, -2f}));
    }

    @Test
    void should_reject_bytes_that_are_not_whole_floats() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vectors.fromBytes(new byte[7]));

        assertTrue(e.getMessage().contains("7 bytes"), e.getMessage());
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
