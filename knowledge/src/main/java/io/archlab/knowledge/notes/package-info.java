/**
 * Design notes: short markdown texts about efficient architecture design (a starter set shipped in
 * the jar, plus the user's own files), their sentence embeddings, and retrieval of the notes most
 * relevant to a query.
 */
package io.archlab.knowledge.notes;
