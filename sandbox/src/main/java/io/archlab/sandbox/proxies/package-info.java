/**
 * Zero-cost proxies: scores of a candidate computed on its DJL model at initialisation with one
 * mini-batch, without training (synflow, NASWOT, gradient norm, parameter count), to rank or
 * pre-screen candidates before they are trained.
 */
package io.archlab.sandbox.proxies;
