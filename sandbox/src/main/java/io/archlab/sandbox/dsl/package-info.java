/** The architecture DSL: what candidate source code is written against (symbolic tensors, a layer factory). */
package io.archlab.sandbox.dsl;
