package io.archlab.agent;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Versions of everything that shapes a run's numbers, stored with the run. */
public final class SoftwareVersions {
    private SoftwareVersions() {
    }

    /** archlab's own version, from the build. */
    public static String archlab() {
        try (InputStream in = SoftwareVersions.class.getResourceAsStream("version.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static Map<String, String> all() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("archlab", archlab());
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        v.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        v.put("engine", engine.getEngineName() + " " + engine.getVersion());
        return v;
    }
}
