package io.archlab.sandbox.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The NAS-Bench-201 space: architecture strings, codes, neighbours and random cells. */
class Nb201SpaceTest {
    static final String RESNET_LIKE = "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|";

    @Test
    void should_round_trip_every_cell_through_its_string_and_code() {
        Set<String> strings = new HashSet<>();
        for (int code = 0; code < Nb201Space.SIZE; code++) {
            Nb201Arch a = Nb201Arch.ofCode(code);
            assertEquals(code, a.code());
            String s = Nb201Space.format(a);
            assertEquals(a, Nb201Space.parse(s), s);
            strings.add(s);
        }
        assertEquals(Nb201Space.SIZE, strings.size());
        assertEquals("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", Nb201Arch.ofCode(0).toString());
        assertEquals("|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|",
                Nb201Arch.ofCode(Nb201Space.SIZE - 1).toString());
    }

    @Test
    void should_read_edges_in_the_order_of_the_string() {
        Nb201Arch a = Nb201Space.parse(RESNET_LIKE);
        assertEquals(Nb201Op.NOR_CONV_3X3, a.op(1, 0));
        assertEquals(Nb201Op.NONE, a.op(2, 0));
        assertEquals(Nb201Op.NOR_CONV_3X3, a.op(2, 1));
        assertEquals(Nb201Op.SKIP_CONNECT, a.op(3, 0));
        assertEquals(Nb201Op.NONE, a.op(3, 1));
        assertEquals(Nb201Op.SKIP_CONNECT, a.op(3, 2));
    }

    @Test
    void should_name_the_problem_of_a_bad_string() {
        assertMessage("|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|", "needs 3 node groups");
        assertMessage("|conv_5x5~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|none~2|",
                "unknown op 'conv_5x5'");
        assertMessage("|nor_conv_3x3~0|+|none~0|+|skip_connect~0|none~1|none~2|", "node 2 needs 2 input edge(s)");
        assertMessage("|nor_conv_3x3~0|+|none~1|nor_conv_3x3~0|+|skip_connect~0|none~1|none~2|",
                "must come from node 0");
        assertMessage("nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|none~2|",
                "must start and end with '|'");
        assertMessage("|nor_conv_3x3|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|none~2|", "must read op~0");
        assertThrows(IllegalArgumentException.class, () -> Nb201Space.parse(null));
        assertFalse(Nb201Space.isValid(""));
        assertTrue(Nb201Space.isValid(RESNET_LIKE));
    }

    private static void assertMessage(String s, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nb201Space.parse(s));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(s), "the message quotes the string: " + e.getMessage());
    }

    @Test
    void should_give_24_distinct_neighbours_each_one_edge_away() {
        Random r = new Random(3);
        for (int i = 0; i < 200; i++) {
            Nb201Arch a = Nb201Space.random(r);
            List<Nb201Arch> ns = Nb201Space.neighbours(a);
            assertEquals(24, ns.size());
            assertEquals(24, new HashSet<>(ns).size());
            for (Nb201Arch n : ns) {
                assertEquals(1, differingEdges(a, n), a + " vs " + n);
            }
            Nb201Arch m = Nb201Space.mutate(a, r);
            assertTrue(ns.contains(m), "a mutation is a neighbour");
        }
    }

    @Test
    void should_draw_random_cells_deterministically_per_seed_and_cover_every_op() {
        Random a = new Random(9);
        Random b = new Random(9);
        Set<Nb201Op> seen = EnumSet.noneOf(Nb201Op.class);
        Set<Nb201Arch> cells = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Nb201Arch x = Nb201Space.random(a);
            assertEquals(x, Nb201Space.random(b));
            seen.addAll(x.ops());
            cells.add(x);
        }
        assertEquals(EnumSet.allOf(Nb201Op.class), seen);
        assertTrue(cells.size() > 480, "500 draws from 15,625 cells rarely repeat: " + cells.size());
        assertNotEquals(Nb201Space.random(new Random(1)), Nb201Space.random(new Random(2)));
    }

    static int differingEdges(Nb201Arch a, Nb201Arch b) {
        int d = 0;
        for (int e = 0; e < Nb201Arch.EDGES; e++) {
            d += a.ops().get(e) == b.ops().get(e) ? 0 : 1;
        }
        return d;
    }
}
