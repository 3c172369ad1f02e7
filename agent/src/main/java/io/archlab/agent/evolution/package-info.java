/** The offline evolutionary proposer: parent selection and mutations on the IR. */
package io.archlab.agent.evolution;
