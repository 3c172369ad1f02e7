package io.archlab.sandbox.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.archlab.sandbox.train.RungGate;
import java.util.List;

/**
 * The coordinator's side of one trial's rungs: checks that each rung message of the worker is the
 * next rung of the trial's compute, asks the gate, and words the answer. The gate is made
 * {@link RungGate#tolerant}: one that throws lets the trial train on. Keeps the time spent in the
 * gate, which is the coordinator's, not the trial's.
 */
final class RungAnswers {
    private final List<Long> marks;
    private final RungGate gate;
    private int next;
    private long gateNanos;

    /** Answers for a trial with rungs at {@code marks} steps, asking {@code gate}. */
    RungAnswers(List<Long> marks, RungGate gate) {
        this.marks = List.copyOf(marks);
        this.gate = RungGate.tolerant(gate);
    }

    /**
     * The answer to the worker's rung message {@code m}.
     *
     * @throws IllegalStateException saying why, when {@code m} is not the next rung at its steps
     */
    String answer(JsonNode m) {
        if (!m.path("rung").isInt() || !m.path("steps").isIntegralNumber() || !m.path("valAccuracy").isNumber()) {
            throw new IllegalStateException("the worker sent a rung message without its rung, steps and validation "
                    + "accuracy");
        }
        int rung = m.get("rung").asInt();
        long steps = m.get("steps").asLong();
        if (rung != next) {
            throw new IllegalStateException("the worker sent rung " + rung + " when " + (next < marks.size()
                    ? "rung " + next + " was next" : "all " + marks.size() + " rung(s) of the trial were done"));
        }
        if (rung >= marks.size() || steps != marks.get(rung)) {
            throw new IllegalStateException("the worker sent rung " + rung + " at " + steps + " steps, but the "
                    + "trial's rungs are at " + marks + " steps");
        }
        next++;
        long asked = System.nanoTime();
        String reason = gate.check(rung, steps, m.get("valAccuracy").asDouble());
        gateNanos += System.nanoTime() - asked;
        return Protocol.answer(reason);
    }

    /** Nanoseconds spent in the gate so far. */
    long gateNanos() {
        return gateNanos;
    }
}
