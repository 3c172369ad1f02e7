/** Run reports, written from the knowledge base. */
package io.archlab.reports;
