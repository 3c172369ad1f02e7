/** The IR: immutable, shape-checked graphs with exact parameter counts, their JSON form and content hash. */
package io.archlab.sandbox.ir;
