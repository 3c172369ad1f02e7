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
    /** Variables passed on by the start of their name: locale, DJL, PyTorch and its kernels, CUDA. */
    static final List<String> PREFIXES = List.of("LC_", "DJL_", "PYTORCH_", "ATEN_", "DNNL_", "ONEDNN_", "CUDA_");
    /**
     * oneDNN's convolution kernels at SSE4.1, unless the launcher says otherwise. With its AVX-512
     * and AVX2 kernels, PyTorch 2.7.1 (through DJL 0.35.1) computed NaN weight gradients for
     * convolutions whose input channels are not a multiple of the vector width (4, 8, 12, 15, 17,
     * 24 channels; 16 and 32 were fine), irreproducibly, within a few steps, on this project's AMD
     * EPYC (Zen 5) machines: 16 of 16 seeds of a two-convolution network failed at the default ISA,
     * 6 of 48 at AVX2, none of 88 at SSE4.1. The price, measured on the same machine: ResNetTiny
     * trains at 688 instead of 1,895 samples/s, LeNet5 at 6.7K instead of 8.5K; Mlp is unchanged.
     * The {@code archlab} launcher sets the same for its own process.
     */
    static final Map<String, String> KERNELS = Map.of("DNNL_MAX_CPU_ISA", "SSE41");

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
        KERNELS.forEach(env::putIfAbsent);
        return env;
    }
}
