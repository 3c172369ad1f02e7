package io.archlab.sandbox.compile;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.AsCandidate;
import io.archlab.sandbox.ParallelSpinner;
import io.archlab.sandbox.SpinGate;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.dsl.Architecture;
import org.junit.jupiter.api.Test;

/** The trace's limits, beyond what the policy already refuses. */
class DslFrontEndTest {

    @Test
    void should_fail_a_trace_whose_code_goes_on_running_on_another_thread() {
        SpinGate.close();
        try {
            Class<? extends Architecture> type = AsCandidate.load(ParallelSpinner.class).asSubclass(Architecture.class);
            DslFrontEnd.TraceTimeoutException e = assertThrows(DslFrontEnd.TraceTimeoutException.class,
                    () -> DslFrontEnd.traceWithLimit(type, Task.FASHION_MNIST, 2));
            assertTrue(e.getMessage().startsWith("building the IR took longer than 2 s"), e.getMessage());
            assertTrue(e.getMessage().contains("candidate code went on running after building the IR, on thread(s) "
                    + "ForkJoinPool.commonPool-worker-"), e.getMessage());
            assertTrue(CandidateThreads.running(type).stream().noneMatch(t -> t.equals("archlab-trace")),
                    "the tracing thread itself was stopped");
        } finally {
            SpinGate.open();
        }
    }

    @Test
    void should_trace_a_candidate_whose_code_ends_with_forward() {
        SpinGate.open();
        Class<? extends Architecture> type = AsCandidate.load(ParallelSpinner.class).asSubclass(Architecture.class);
        assertTrue(DslFrontEnd.traceWithLimit(type, Task.FASHION_MNIST, 10).nodes().size() > 1);
    }
}
