package io.archlab.knowledge.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbedRetrievalTest {
    private static final Embedder EMBEDDER = new Embedder();
    private static final Retriever RETRIEVER = new Retriever(EMBEDDER);
    private static List<DesignNote> notes;
    private static final Map<DesignNote, float[]> VECTORS = new IdentityHashMap<>();

    @BeforeAll
    static void embedStarterNotes() {
        notes = DesignNotes.starter();
        List<float[]> vectors = EMBEDDER.embedAll(notes.stream().map(DesignNote::embeddingText).toList());
        for (int i = 0; i < notes.size(); i++) {
            VECTORS.put(notes.get(i), vectors.get(i));
        }
    }

    @Test
    void should_rank_the_depthwise_separable_note_first_for_cheap_convolutions() {
        List<Scored<DesignNote>> top = RETRIEVER.topK("cheap convolution with fewer multiply-adds per channel",
                notes, VECTORS::get, 3);

        assertEquals("depthwise-separable-convolutions", top.get(0).item().id(), ids(top));
    }

    @Test
    void should_rank_the_attention_note_in_the_top_two_for_quadratic_attention_cost() {
        List<Scored<DesignNote>> top = RETRIEVER.topK("quadratic cost of attention for long sequences",
                notes, VECTORS::get, 2);

        assertTrue(ids(top).contains("attention-vs-linear-attention"), ids(top));
    }

    @Test
    void should_return_scores_in_descending_order_and_at_most_k_items() {
        List<Scored<DesignNote>> all = RETRIEVER.topK("where should squeeze-and-excitation go", notes,
                VECTORS::get, 100);

        assertEquals(notes.size(), all.size());
        assertEquals("squeeze-and-excitation", all.get(0).item().id(), ids(all));
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).score() >= all.get(i).score());
        }
        assertEquals(List.of(), RETRIEVER.topK("anything", notes, VECTORS::get, 0));
        assertEquals(List.of(), RETRIEVER.topK("anything", List.<DesignNote>of(), VECTORS::get, 5));
    }

    @Test
    void should_keep_input_order_among_equal_scores() {
        float[] q = {1, 0};
        Map<String, float[]> v = Map.of("a", new float[] {0, 1}, "b", new float[] {1, 1}, "c", new float[] {1, 1},
                "d", new float[] {0, 1}, "e", new float[] {1, 1});

        List<Scored<String>> ranked = Retriever.rank(q, List.of("d", "b", "a", "e", "c"), v::get, 5);

        assertEquals(List.of("b", "e", "c", "d", "a"), ranked.stream().map(Scored::item).toList());
    }

    @Test
    void should_reject_negative_k_and_items_without_a_matching_vector() {
        float[] q = {1, 0};

        assertThrows(IllegalArgumentException.class, () -> Retriever.rank(q, List.of("a"), s -> q, -1));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Retriever.rank(q, List.of("a", "b"), s -> s.equals("a") ? q : null, 1));
        IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class,
                () -> Retriever.rank(q, List.of("a"), s -> new float[3], 1));

        assertTrue(missing.getMessage().contains("item 1"), missing.getMessage());
        assertTrue(wrongLength.getMessage().contains("length 3"), wrongLength.getMessage());
    }

    private static String ids(List<Scored<DesignNote>> scored) {
        return scored.stream().map(s -> s.item().id() + String.format("=%.3f", s.score())).toList().toString();
    }
}
