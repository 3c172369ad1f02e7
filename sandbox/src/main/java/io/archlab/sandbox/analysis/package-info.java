/** Static analysis of IR graphs: parameters, MACs, FLOPs and memory, known before training. */
package io.archlab.sandbox.analysis;
