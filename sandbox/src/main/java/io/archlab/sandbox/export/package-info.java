/** Exports of candidates out of archlab: PyTorch modules in Python source. */
package io.archlab.sandbox.export;
