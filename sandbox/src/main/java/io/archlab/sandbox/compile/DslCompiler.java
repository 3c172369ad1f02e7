package io.archlab.sandbox.compile;

import io.archlab.sandbox.dsl.Architecture;
import io.archlab.sandbox.ir.BoundedText;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles candidate DSL source in memory with the JDK's compiler and loads the class in a class
 * loader of its own. The only classpath the candidate sees is the DSL itself.
 */
public final class DslCompiler {
    /** Longest a compilation may take. */
    public static final int TIME_LIMIT_SECONDS = 20;
    /** The longest compiler message kept. */
    static final int MAX_DIAGNOSTIC_CHARS = 500;
    private static final Pattern CLASS_NAME =
            Pattern.compile("public\\s+(?:final\\s+)?class\\s+([A-Za-z_$][A-Za-z0-9_$]*)");

    private final JavaCompiler javac;
    private final String classpath;

    public DslCompiler() {
        this.javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime: archlab needs a JDK 17, not a JRE");
        }
        this.classpath = dslClasspath();
    }

    /**
     * Checks {@code source} against the safety policy, compiles it and returns its architecture
     * class, within {@link #TIME_LIMIT_SECONDS}.
     *
     * @throws PolicyException  when the source uses something the policy forbids (nothing is generated)
     * @throws CompileException when javac rejects it, or it takes too long to compile
     */
    public Class<? extends Architecture> compile(String source) throws CompileException, PolicyException {
        return within(() -> compileNow(source, true));
    }

    /**
     * Checks {@code source} against the safety policy without generating or loading anything: what a
     * process that must never run candidate code (a cluster member receiving a trial) can check.
     *
     * @throws PolicyException  when the source uses something the policy forbids
     * @throws CompileException when it cannot even be parsed, or the check takes too long
     */
    public void checkPolicy(String source) throws CompileException, PolicyException {
        within(() -> compileNow(source, false));
    }

    private <T> T within(java.util.concurrent.Callable<T> work) throws CompileException, PolicyException {
        java.util.concurrent.FutureTask<T> job = new java.util.concurrent.FutureTask<>(work);
        Thread t = new Thread(job, "archlab-javac");
        t.setDaemon(true);
        t.start();
        try {
            return job.get(TIME_LIMIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            job.cancel(true);
            throw new CompileException("compilation took longer than " + TIME_LIMIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompileException("compilation interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof CompileException ce) {
                throw ce;
            } else if (c instanceof PolicyException pe) {
                throw pe;
            } else if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new CompileException("compilation failed: " + c);
        }
    }

    /** Compiles and loads {@code source}; with {@code generate} false, stops after the policy check (returns null). */
    private Class<? extends Architecture> compileNow(String source, boolean generate)
            throws CompileException, PolicyException {
        Matcher m = CLASS_NAME.matcher(source);
        if (!m.find()) {
            throw new CompileException("line 1: no 'public class Name implements Architecture' found");
        }
        String className = m.group(1);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, Locale.ROOT, null);
        MemoryFileManager files = new MemoryFileManager(std);
        try (files) {
            return compile(className, source, files, diagnostics, generate);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("in-memory file manager failed to close", e);
        }
    }

    private Class<? extends Architecture> compile(String className, String source, MemoryFileManager files,
            DiagnosticCollector<JavaFileObject> diagnostics, boolean generate) throws CompileException, PolicyException {
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        List<String> options = List.of("-classpath", classpath, "--release", "17", "-proc:none",
                "-implicit:none", "-Xlint:none", "-g:source,lines");
        JavacTask task = (JavacTask) javac.getTask(null, files, diagnostics, options, null, List.of(unit));
        try {
            Iterable<? extends CompilationUnitTree> units = task.parse();
            task.analyze();
            // The policy is checked even when the code does not compile: a forbidden construct is
            // the more important thing to report (and to repair).
            List<String> violations = new java.util.ArrayList<>();
            for (CompilationUnitTree u : units) {
                violations.addAll(SafetyPolicy.check(u, Trees.instance(task)));
            }
            if (!violations.isEmpty()) {
                throw new PolicyException(String.join("\n", violations));
            }
            if (!generate) {
                return null;
            }
            if (hasErrors(diagnostics)) {
                throw new CompileException(format(diagnostics));
            }
            task.generate();
        } catch (java.io.IOException e) {
            throw new CompileException("compiler I/O failed: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw new CompileException(hasErrors(diagnostics) ? format(diagnostics) : "compilation failed: " + e);
        }
        if (hasErrors(diagnostics)) {
            throw new CompileException(format(diagnostics));
        }
        ClassLoader loader = new MemoryClassLoader(files.classes, Architecture.class.getClassLoader());
        try {
            Class<?> c = loader.loadClass(className);
            if (!Architecture.class.isAssignableFrom(c)) {
                throw new CompileException("class " + className + " does not implement Architecture");
            }
            return c.asSubclass(Architecture.class);
        } catch (ClassNotFoundException e) {
            throw new CompileException("class " + className + " was not produced (is it in a package?)");
        }
    }

    private static boolean hasErrors(DiagnosticCollector<JavaFileObject> diagnostics) {
        return diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
    }

    private static String format(DiagnosticCollector<JavaFileObject> diagnostics) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append("line ").append(d.getLineNumber()).append(": ")
                    .append(BoundedText.of(d.getMessage(Locale.ROOT), MAX_DIAGNOSTIC_CHARS));   // it quotes the source
        }
        return sb.length() == 0 ? "compilation failed" : sb.toString();
    }

    /** Where the DSL's classes are: a jar, or a classes folder when run from a build. */
    private static String dslClasspath() {
        CodeSource cs = Architecture.class.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            throw new IllegalStateException("cannot locate the archlab DSL classes for the compiler");
        }
        try {
            return Path.of(cs.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            String s = cs.getLocation().getPath();
            return new File(s).getPath();
        }
    }

    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        final Map<String, ByteArrayOutputStream> classes = new HashMap<>();

        MemoryFileManager(StandardJavaFileManager std) {
            super(std);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension),
                    kind) {
                @Override
                public OutputStream openOutputStream() {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    classes.put(className, out);
                    return out;
                }
            };
        }
    }

    private static final class MemoryClassLoader extends ClassLoader {
        private final Map<String, ByteArrayOutputStream> classes;

        MemoryClassLoader(Map<String, ByteArrayOutputStream> classes, ClassLoader parent) {
            super(CandidateThreads.newLoaderName(), parent);   // names the candidate's frames on any thread
            this.classes = new HashMap<>(classes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            ByteArrayOutputStream bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] b = bytes.toByteArray();
            return defineClass(name, b, 0, b.length);
        }
    }
}
