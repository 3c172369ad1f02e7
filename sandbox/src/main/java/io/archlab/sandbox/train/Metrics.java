package io.archlab.sandbox.train;

/**
 * Measurements of a successful trial.
 *
 * @param valAccuracy      accuracy on the validation split (carved from the training set)
 * @param trainLoss        mean training loss over the last curve segment
 * @param epochs           epochs done, fractional
 * @param steps            optimiser steps
 * @param trainSeconds     seconds spent in training steps and validation
 * @param samplesPerSecond training throughput
 * @param paramsBuilt      trainable parameters of the built DJL model
 */
public record Metrics(double valAccuracy, double trainLoss, double epochs, long steps, double trainSeconds,
        double samplesPerSecond, long paramsBuilt) {
}
