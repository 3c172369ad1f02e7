/** LLM prompt templates: plain text files loaded from the classpath by name. */
package io.archlab.prompts;
