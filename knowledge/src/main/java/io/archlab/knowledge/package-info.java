/** The knowledge base: the Store interface, its records, and the JDBC implementation with migrations. */
package io.archlab.knowledge;
