/** The archlab command line (Picocli): demo, run, status, serve, report. */
package io.archlab.app.cli;
