package io.archlab.sandbox.nb201;

import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.Metrics;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialChecks;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import io.archlab.sandbox.ir.Graph;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Trials of the {@code nb201} task: the same checks before training as every trial (policy,
 * compile, trace, duplicate refusal, parameter/MAC/memory budgets), then the candidate's IR is
 * mapped to its NAS-Bench-201 cell and the "training" is a look-up of the cell's validation accuracy
 * (no weights are trained or written). A network outside the space fails as
 * {@link FailureKind#NOT_IN_SPACE} saying why; with a {@link LatencyLimit}, a cell above it fails as
 * over budget. Test accuracies never pass through here.
 */
public final class Nb201TrialRunner implements TrialRunner {
    private final DslFrontEnd frontEnd;
    private final Nb201Dataset dataset;
    private final ToDoubleFunction<Nb201Arch> validation;
    private final LatencyLimit limit;

    /**
     * @param validation validation accuracy of a cell in percent (a table look-up, or a counting oracle)
     * @param limit      the latency constraint, or null for none
     */
    public Nb201TrialRunner(DslFrontEnd frontEnd, Nb201Dataset dataset, ToDoubleFunction<Nb201Arch> validation,
            LatencyLimit limit) {
        this.frontEnd = frontEnd;
        this.dataset = dataset;
        this.validation = validation;
        this.limit = limit;
    }

    @Override
    public TrialResult run(TrialRequest req) {
        long start = System.nanoTime();
        TrialChecks.Checked checked = TrialChecks.run(frontEnd, dataset.task(), req, start);
        if (!checked.passed()) {
            return checked.failure();
        }
        Graph graph = checked.graph();
        Nb201Arch arch;
        try {
            arch = Nb201Ir.archOf(graph);
        } catch (NotNb201Exception e) {
            return TrialChecks.failed(FailureKind.NOT_IN_SPACE, Stage.TRACE, e.getMessage(), graph, start);
        }
        String over = limit == null ? null : limit.violation(arch);
        if (over != null) {
            return TrialChecks.failed(FailureKind.OVER_BUDGET, Stage.BUDGET, over, graph, start);
        }
        if (req.checkOnly()) {
            return new TrialResult(new Outcome.Succeeded(), graph, null, List.of(), TrialChecks.since(start));
        }
        double acc;
        synchronized (this) {   // a counting oracle is not thread-safe
            acc = validation.applyAsDouble(arch);
        }
        Metrics m = new Metrics(acc / 100, 0, 0, 0, 0, 0, 0, graph.params(),
                limit == null ? 0 : limit.table().latencyMs(arch), 0);
        return new TrialResult(new Outcome.Succeeded(), graph, m, List.of(), TrialChecks.since(start));
    }

    @Override
    public String lastWorker() {
        return "in-process (NAS-Bench-201 table)";
    }

    @Override
    public void close() {
        // nothing held
    }
}
