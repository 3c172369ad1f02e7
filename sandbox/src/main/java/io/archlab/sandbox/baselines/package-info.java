/** The hand-written baseline architectures shipped as DSL source. */
package io.archlab.sandbox.baselines;
