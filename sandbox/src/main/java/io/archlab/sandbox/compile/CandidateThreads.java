package io.archlab.sandbox.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Which threads are running candidate code. A candidate's classes are defined by a class loader of
 * their own named {@code archlab-candidate-N}, and a stack frame carries its class's loader name, so
 * a thread is running candidate code when one of its frames comes from such a loader. The sandbox
 * asks after a candidate's code should have ended: a thread still running it escaped its limit.
 */
public final class CandidateThreads {
    /** The start of the name of every candidate's class loader. */
    static final String LOADER_PREFIX = "archlab-candidate-";
    private static final AtomicLong LOADERS = new AtomicLong();

    private CandidateThreads() {
    }

    /** The name of a new candidate's class loader. */
    static String newLoaderName() {
        return LOADER_PREFIX + LOADERS.incrementAndGet();
    }

    /** Names of the threads other than this one running code of any candidate. */
    public static List<String> runningAny() {
        return running(name -> name != null && name.startsWith(LOADER_PREFIX));
    }

    /** Names of the threads other than this one running code of the candidate {@code type}. */
    static List<String> running(Class<?> type) {
        String loader = type.getClassLoader() == null ? null : type.getClassLoader().getName();
        return loader == null || !loader.startsWith(LOADER_PREFIX) ? List.of() : running(loader::equals);
    }

    private static List<String> running(Predicate<String> candidateLoader) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey() == Thread.currentThread()) {
                continue;
            }
            for (StackTraceElement f : e.getValue()) {
                if (candidateLoader.test(f.getClassLoaderName())) {
                    names.add(e.getKey().getName());
                    break;
                }
            }
        }
        names.sort(null);
        return names;
    }
}
