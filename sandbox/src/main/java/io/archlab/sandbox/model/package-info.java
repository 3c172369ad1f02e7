/** IR to DJL: the graph block, tensors from image sets, accuracy. */
package io.archlab.sandbox.model;
