/** DSL source to IR and back: in-memory compilation, tracing, and writing an IR as DSL source. */
package io.archlab.sandbox.compile;
