package io.archlab.sandbox.train;

/**
 * Measurements of a successful trial.
 *
 * @param valAccuracy      accuracy on the validation split (carved from the training set)
 * @param trainLoss        mean training loss over the last curve segment
 * @param epochs           epochs done, fractional
 * @param steps            optimiser steps
 * @param trainSeconds     seconds spent in training steps and validation
 * @param stepSeconds      seconds spent in training steps alone (forward, backward, update)
 * @param samplesPerSecond training throughput (samples per second of training steps)
 * @param paramsBuilt      trainable parameters of the built DJL model
 * @param latencyMs        inference latency at batch 1, median of repeated runs, in milliseconds
 * @param peakRssBytes     peak resident memory of the process that trained it (0 when unknown)
 */
public record Metrics(double valAccuracy, double trainLoss, double epochs, long steps, double trainSeconds,
        double stepSeconds, double samplesPerSecond, long paramsBuilt, double latencyMs, long peakRssBytes) {
}
