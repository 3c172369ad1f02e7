package io.archlab.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptLibraryTest {
    @Test
    void should_render_a_template_with_every_slot_filled() {
        PromptLibrary p = new PromptLibrary(List.of("example"));
        assertEquals("Propose a child of SmallCnn within 100000 parameters.\n",
                p.render("example", Map.of("parent", "SmallCnn", "budget", "100000")));
    }

    @Test
    void should_fail_at_construction_when_a_template_is_missing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PromptLibrary(List.of("example", "researcher-missing")));
        assertTrue(e.getMessage().contains("researcher-missing.txt"));
    }

    @Test
    void should_refuse_to_render_with_a_slot_left_empty() {
        PromptLibrary p = new PromptLibrary(List.of("example"));
        assertThrows(IllegalArgumentException.class, () -> p.render("example", Map.of("parent", "x")));
    }
}
