package io.archlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.export.PyTorchExporter;
import io.archlab.sandbox.ir.Graph;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every baseline exports to Python that compiles and states our parameter count. */
class PyTorchExportTest {
    static final List<String> ALL = BaselineModelTest.ALL;
    static DslFrontEnd frontEnd;

    @BeforeAll
    static void setUp() {
        frontEnd = new DslFrontEnd(new DslCompiler());
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void should_export_python_that_compiles_and_states_our_parameter_count(String name, @TempDir Path dir)
            throws Exception {
        Graph g = frontEnd.toIr(Baselines.get(name).source(), BaselineModelTest.taskOf(name));
        String py = PyTorchExporter.export(g, name);
        assertEquals(g.params(), PyTorchExporter.statedParams(py));
        assertTrue(py.contains("class " + name + "(nn.Module):"), py);
        Path file = dir.resolve(name.toLowerCase() + ".py");
        Files.writeString(file, py, StandardCharsets.UTF_8);
        Process p;
        try {
            p = new ProcessBuilder("python3", "-m", "py_compile", file.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            System.err.println("NOTICE: python3 not found; skipping the py_compile check of the PyTorch export");
            Assumptions.abort("python3 is not installed");
            return;
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out + "\n" + py);
    }
}
