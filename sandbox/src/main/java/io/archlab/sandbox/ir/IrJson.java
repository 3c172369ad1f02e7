package io.archlab.sandbox.ir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** JSON form and content hash of a {@link Graph}. */
public final class IrJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private IrJson() {
    }

    /** Canonical JSON (sorted keys), stable across runs. */
    public static String toJson(Graph graph) {
        try {
            return MAPPER.writeValueAsString(graph);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("IR is not serialisable", e);
        }
    }

    /** Parses JSON written by {@link #toJson}, re-checking every shape. */
    public static Graph fromJson(String json) {
        Graph g;
        try {
            g = MAPPER.readValue(json, Graph.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an archlab IR: " + e.getOriginalMessage(), e);
        }
        return GraphBuilder.rebuild(g.inputShape(), g.numClasses(), g.vocab(),
                g.nodes().stream().map(Node::op).toList(),
                g.nodes().stream().map(Node::inputs).toList(), g.output());
    }

    /** SHA-256 of the canonical JSON: equal for structurally identical candidates. */
    public static String hash(Graph graph) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(toJson(graph).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
