package io.archlab.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A page's data for its script, as JSON. Templates put it in a {@code data-json} attribute, where
 * Qute's HTML escaping makes any text safe and the browser hands the script the JSON unchanged
 * ({@code element.dataset.json}): no inline script, nothing to break out of.
 */
@ApplicationScoped
public class PageData {
    @Inject
    ObjectMapper mapper;

    public String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("page data is not serialisable: " + e.getMessage(), e);
        }
    }
}
