/** Trial results to fitness and leaderboards. */
package io.archlab.evaluator;
