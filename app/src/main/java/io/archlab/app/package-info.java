/** The archlab application: entry point, configuration and wiring (the only module on Quarkus). */
package io.archlab.app;
