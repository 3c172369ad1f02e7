/**
 * NAS-Bench-201 (Dong and Yang, ICLR 2020) as a task: the cell search space (5 ops on the 6 edges of
 * a 4-node DAG), the published tables read from a path the user gives (accuracies, device
 * latencies), the field's search baselines over them (random search, regularized evolution, local
 * search), the cell written as DSL source, the way back from a candidate's IR to its architecture
 * string, and a trial runner whose evaluation is a table look-up.
 */
package io.archlab.sandbox.nb201;
