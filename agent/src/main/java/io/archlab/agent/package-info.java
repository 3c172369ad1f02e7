/** The discovery loop: run configuration, proposers, budgets, resume, and run summaries. */
package io.archlab.agent;
