/**
 * Scale-out: trials dispatched to worker machines through an embedded Hazelcast cluster. The
 * coordinator ({@link io.archlab.sandbox.cluster.ClusterTrialRunner}) is the only data member and
 * keeps everything; worker members ({@link io.archlab.sandbox.cluster.ClusterWorker}) are lite
 * members that run each trial in their own {@link io.archlab.sandbox.worker.LocalWorkerPool}. Only
 * signed JSON strings and data chunks cross the cluster, never Java-serialised objects or code.
 */
package io.archlab.sandbox.cluster;
