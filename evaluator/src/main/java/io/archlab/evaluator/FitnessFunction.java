package io.archlab.evaluator;

import java.util.OptionalDouble;

/** Turns an evaluated candidate into a scalar to maximise, or nothing when it is not eligible. */
public interface FitnessFunction {

    OptionalDouble fitness(Evaluated candidate);

    /** Why {@code candidate} has no fitness, or null when it has one. */
    String ineligibility(Evaluated candidate);
}
