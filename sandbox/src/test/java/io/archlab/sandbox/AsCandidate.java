package io.archlab.sandbox;

import java.io.IOException;
import java.io.InputStream;

/**
 * Loads a test class the way the sandbox loads a candidate's: defined by a class loader of its own
 * whose name marks it as a candidate's, so that code which escaped the policy can be simulated.
 */
public final class AsCandidate extends ClassLoader {
    private static final java.util.concurrent.atomic.AtomicInteger LOADERS = new java.util.concurrent.atomic.AtomicInteger();
    private final String className;

    private AsCandidate(Class<?> c) {
        super("archlab-candidate-test-" + LOADERS.incrementAndGet(), AsCandidate.class.getClassLoader());
        this.className = c.getName();
    }

    /** {@code c} (and its nested classes) defined again by a candidate's class loader. */
    public static Class<?> load(Class<?> c) {
        try {
            return new AsCandidate(c).loadClass(c.getName());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.equals(className) && !name.startsWith(className + "$")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    byte[] b = in.readAllBytes();
                    c = defineClass(name, b, 0, b.length);
                } catch (IOException | NullPointerException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
            return c;
        }
    }
}
