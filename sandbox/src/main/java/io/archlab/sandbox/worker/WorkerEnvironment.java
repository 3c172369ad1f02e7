package io.archlab.sandbox.worker;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a worker process starts with. A worker runs untrusted candidate code, so it gets
 * only what a JVM and DJL need from its launcher's environment, never the rest (the LLM's API key,
 * the cluster secret, the database password): the search path, home, locale and time zone, the
 * JDK's home, and the engine's own settings (DJL's cache and engine, PyTorch's library, thread and
 * GPU choices). Options for the JVM ({@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS}) are left
 * out too: the launch command says how a worker's JVM runs.
 */
final class WorkerEnvironment {
    /** Variables passed on by name. */
    static final Set<String> NAMES = Set.of("PATH", "HOME", "LANG", "LANGUAGE", "TZ", "JAVA_HOME",
            "ENGINE_CACHE_DIR", "LD_LIBRARY_PATH", "OMP_NUM_THREADS", "MKL_NUM_THREADS");
    /** Variables passed on by the start of their name: locale, DJL, PyTorch, CUDA. */
    static final List<String> PREFIXES = List.of("LC_", "DJL_", "PYTORCH_", "CUDA_");

    private WorkerEnvironment() {
    }

    /** What of {@code launcher}'s environment a worker gets. */
    static Map<String, String> of(Map<String, String> launcher) {
        Map<String, String> env = new TreeMap<>();
        launcher.forEach((name, value) -> {
            if (NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith)) {
                env.put(name, value);
            }
        });
        return env;
    }
}
