package io.archlab.sandbox;

import io.archlab.sandbox.worker.WorkerMain;
import java.util.concurrent.ForkJoinPool;

/**
 * A worker process in which candidate code escaped before any trial: a candidate-loaded task waits
 * on the common fork-join pool forever, then the process serves as a worker does.
 */
public final class LeakyWorker {
    private LeakyWorker() {
    }

    /** Candidate code that never ends. */
    public static final class Endless implements Runnable {
        @Override
        public void run() {
            SpinGate.await(0);
        }
    }

    public static void main(String[] args) throws Exception {
        Runnable endless = (Runnable) AsCandidate.load(Endless.class).getDeclaredConstructor().newInstance();
        ForkJoinPool.commonPool().execute(endless);
        WorkerMain.main(args);
    }
}
