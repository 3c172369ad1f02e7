/** Trials: requests, typed outcomes, the budgeted DJL training loop, and the held-out final evaluation. */
package io.archlab.sandbox.train;
