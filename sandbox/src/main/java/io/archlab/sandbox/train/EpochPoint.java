package io.archlab.sandbox.train;

/**
 * One point of a training curve, taken at the end of an epoch, after the last step, or where the
 * safety cap stopped training: epochs done (fractional), mean training loss since the previous
 * point, validation loss and accuracy, seconds of training so far, and optimiser steps done.
 */
public record EpochPoint(double epoch, double trainLoss, double valLoss, double valAccuracy, double seconds,
        long steps) {
}
