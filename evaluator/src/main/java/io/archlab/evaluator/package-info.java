/**
 * Trial results to the numbers that decide what archlab keeps: fitness and leaderboards
 * ({@link io.archlab.evaluator.ScalarFitness}, {@link io.archlab.evaluator.Leaderboard}), Pareto ranks
 * ({@link io.archlab.evaluator.Pareto}), hard limits ({@link io.archlab.evaluator.Constraints}),
 * promotion between fidelities ({@link io.archlab.evaluator.SuccessiveHalving}), and the statistics
 * of a discovery ({@link io.archlab.evaluator.Stats}, {@link io.archlab.evaluator.Significance},
 * {@link io.archlab.evaluator.RelativeImprovement}). Plain Java: no dependency beyond the JDK and
 * the knowledge store.
 */
package io.archlab.evaluator;
