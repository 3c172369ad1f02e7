package io.archlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.analysis.Budgets;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.worker.LocalWorkerPool;
import io.archlab.sandbox.worker.WorkerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile candidates: each must end with the right typed outcome, with the stage and line a repair
 * needs, and the pool must go on to train a good candidate afterwards. They run as the product runs
 * them: in a worker JVM of a {@link LocalWorkerPool} (1 GiB heap, 3 GiB resident cap).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileProgramsTest {
    static LocalWorkerPool runner;
    static Path sentinel;
    static Path logs;

    @BeforeAll
    static void setUp() throws Exception {
        logs = Files.createTempDirectory("archlab-hostile-logs");
        runner = new LocalWorkerPool(LocalWorkerPool.javaLaunch(List.of("-Xmx1g", "-Dai.djl.offline=true")),
                new WorkerSpec("fashion-mnist", "subset", false, 0, 0, 0.1, 1),
                new LocalWorkerPool.Limits(1, 3L << 30, 45, 180), logs);
        sentinel = Files.createTempFile("archlab-sentinel", ".txt");
        Files.writeString(sentinel, "untouched");
    }

    @AfterAll
    static void tearDown() throws Exception {
        assertEquals("untouched", Files.readString(sentinel), "no candidate changed a file");
        Files.delete(sentinel);
        runner.close();
    }

    /** A program whose imports are {@code imports} and whose forward body (line 5 onward) is {@code body}. */
    static String program(String imports, String body, String members) {
        return imports + "\nimport io.archlab.sandbox.dsl.*;\npublic final class Evil implements Architecture {\n"
                + "  public Tensor forward(Net n, Tensor x) {\n    " + body
                + "\n    return n.linear(x.flatten(), 10);\n  }\n  " + members + "\n}\n";
    }

    static TrialResult run(String source) {
        return runner.run(new TrialRequest("hostile", source, 1, TrialRequest.Compute.steps(20, 60),
                new Budgets(1_000_000, 0, 0), 64, TrialRequest.Optim.adamW(1e-3f), null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // process exit and execution
        "exit               | | System.exit(3);                                                   | | line 5: java.lang.System is not allowed",
        "halt               | | Runtime.getRuntime().halt(3);                                     | | line 5: java.lang.Runtime is not allowed",
        "exit qualified     | | java.lang.System.exit(3);                                         | | line 5: java.lang.System is not allowed",
        "exec               | | Runtime.getRuntime().exec(\"rm -rf /tmp/x\");                     | | line 5: java.lang.Runtime is not allowed",
        "process builder    | | new ProcessBuilder(\"sh\").start();                               | | line 5: java.lang.ProcessBuilder is not allowed",
        "process handle     | | ProcessHandle.current().destroy();                                | | line 5: java.lang.ProcessHandle is not allowed",
        "static import exit | import static java.lang.System.exit; | exit(1);                     | | line 1: static import from java.lang.System is not allowed",
        "shutdown hook      | | Runtime.getRuntime().addShutdownHook(null);                       | | line 5: java.lang.Runtime is not allowed",
        "system property    | | System.setProperty(\"a\", \"b\");                                 | | line 5: java.lang.System is not allowed",
        "getenv             | | String k = System.getenv(\"HOME\");                               | | line 5: java.lang.System is not allowed",
        "gc                 | | System.gc();                                                      | | line 5: java.lang.System is not allowed",
        "stdout             | | System.out.println(\"hi\");                                       | | line 5: java.lang.System is not allowed",
        // files
        "java.io import     | import java.io.File;   | new File(\"/tmp/x\").delete();            | | line 1: java.io.File is not allowed",
        "java.io star       | import java.io.*;      |                                           | | line 1: import java.io.* is not allowed",
        "file qualified     | | new java.io.File(\"/tmp/x\").delete();                            | | line 5: package java.io is not allowed",
        "file writer        | | new java.io.FileWriter(\"/tmp/x\");                               | | line 5: package java.io is not allowed",
        "nio files          | | java.nio.file.Files.delete(java.nio.file.Path.of(\"/tmp/x\"));    | | line 5: package java.nio",
        "nio star           | import java.nio.file.*; |                                          | | line 1: import java.nio.file.* is not allowed",
        "random access      | | new java.io.RandomAccessFile(\"/tmp/x\", \"rw\");                 | | line 5: package java.io is not allowed",
        "scanner stdin      | | new java.util.Scanner(\"x\");                                     | | line 5: java.util.Scanner is not allowed",
        "properties         | | new java.util.Properties();                                       | | line 5: java.util.Properties is not allowed",
        "logging            | | java.util.logging.Logger.getGlobal();                             | | line 5: package java.util.logging is not allowed",
        // network
        "socket             | | new java.net.Socket(\"127.0.0.1\", 80);                           | | line 5: package java.net is not allowed",
        "url                | | new java.net.URL(\"http://127.0.0.1/\").openStream();             | | line 5: package java.net is not allowed",
        "net import         | import java.net.*;      |                                          | | line 1: import java.net.* is not allowed",
        "http client        | | java.net.http.HttpClient.newHttpClient();                         | | line 5: package java.net",
        "datagram           | | new java.net.DatagramSocket();                                    | | line 5: package java.net is not allowed",
        "inet address       | | java.net.InetAddress.getByName(\"x\");                            | | line 5: package java.net is not allowed",
        // reflection and class loading
        "getClass           | | x.getClass();                                                     | | line 5: getClass() is not allowed",
        "class literal      | | Object o = String.class;                                          | | line 5: class literals (String.class) are not allowed",
        "class forName      | | Class.forName(\"java.lang.System\");                              | | line 5: java.lang.Class is not allowed",
        "reflect import     | import java.lang.reflect.Method; |                                 | | line 1: java.lang.reflect.Method is not allowed",
        "reflect qualified  | | java.lang.reflect.Array.newInstance(int.class, 3);                | | line 5: package java.lang.reflect is not allowed",
        "class loader       | | ClassLoader.getSystemClassLoader();                               | | line 5: java.lang.ClassLoader is not allowed",
        "method handles     | | java.lang.invoke.MethodHandles.lookup();                          | | line 5: package java.lang.invoke is not allowed",
        "unsafe             | | sun.misc.Unsafe u = null;                                         | | line 5: package sun.misc is not allowed",
        "module             | | ModuleLayer.boot();                                               | | line 5: java.lang.ModuleLayer is not allowed",
        "security manager   | | System.getSecurityManager();                                      | | line 5: java.lang.System is not allowed",
        "string intern      | | \"a\".intern();                                                   | | line 5: intern() is not allowed",
        "clone array        | | int[] a = new int[2]; a.clone();                                  | | line 5: clone() is not allowed",
        // threads and synchronisation
        "thread             | | new Thread(() -> { }).start();                                    | | line 5: java.lang.Thread is not allowed",
        "thread sleep       | | Thread.sleep(100000);                                             | | line 5: java.lang.Thread is not allowed",
        "runnable           | | Runnable r = null;                                                | | line 5: java.lang.Runnable is not allowed",
        "executor           | | java.util.concurrent.Executors.newFixedThreadPool(4);             | | line 5: package java.util.concurrent is not allowed",
        "completable        | | java.util.concurrent.CompletableFuture.runAsync(null);            | | line 5: package java.util.concurrent is not allowed",
        "timer              | | new java.util.Timer();                                            | | line 5: java.util.Timer is not allowed",
        "synchronized block | | synchronized (x) { }                                              | | line 5: synchronized blocks are not allowed",
        "wait               | | Object o = x; o.wait();                                           | | line 5: wait() is not allowed",
        "notify             | | Object o = x; o.notifyAll();                                      | | line 5: notifyAll() is not allowed",
        "synchronized method| |                                     | synchronized void f() { }  | line 8: synchronized is not allowed",
        "volatile field     | |                                     | volatile int f;            | line 8: volatile fields are not allowed",
        "thread local       | | ThreadLocal<Integer> t = null;                                    | | line 5: java.lang.ThreadLocal is not allowed",
        "atomic             | | java.util.concurrent.atomic.AtomicInteger a = null;               | | line 5: package java.util.concurrent",
        // unicode escapes: javac reads them before anything else, and so does the policy (it checks javac's tree)
        "escaped System     | | \\u0053ystem.exit(0);                                             | | line 5: java.lang.System is not allowed (System.exit)",
        "escaped dots       | | java\\u002elang\\u002eSystem.exit(0);                             | | line 5: java.lang.System is not allowed",
        "escaped import     | \\u0069mport java.io.File; | new File(\"/tmp/x\").delete();        | | line 1: java.io.File is not allowed",
        "escaped star import| import java.io.\\u002a; |                                         | | line 1: import java.io.* is not allowed",
        "escape ends comment| | // harmless \\u000a System.exit(3);                               | | java.lang.System is not allowed (System.exit)",
        "escape closes /*   | | /* harmless \\u002a/ System.exit(3); /* */                         | | line 5: java.lang.System is not allowed (System.exit)",
        "escape closes str  | | String s = \"\\u0022; System.exit(3); String t = \"\";              | | line 5: java.lang.System is not allowed (System.exit)",
        "escaped try        | | \\u0074ry { int a = 1; } catch (RuntimeException e) { }             | | line 5: try/catch/finally is not allowed",
        // code handed to other threads: the common fork-join pool outlives the trace's time limit
        "parallelSetAll     | | long[] a = new long[64]; java.util.Arrays.parallelSetAll(a, i -> i * 2);   | | line 5: parallelSetAll() is not allowed: it runs code on other threads",
        "parallelPrefix     | | int[] a = {1, 2, 3}; java.util.Arrays.parallelPrefix(a, (p, q) -> p + q);  | | line 5: parallelPrefix() is not allowed",
        "parallelSort cmp   | | Integer[] a = {2, 1}; java.util.Arrays.parallelSort(a, (p, q) -> q - p);   | | line 5: parallelSort() is not allowed",
        "parallelSort own   | | java.util.Arrays.parallelSort(new C[] {new C(), new C()}); | static final class C implements Comparable<C> { public int compareTo(C o) { return 0; } } | line 5: parallelSort() is not allowed",
        "parallelSort ints  | | int[] a = {2, 1}; java.util.Arrays.parallelSort(a);                        | | line 5: parallelSort() is not allowed",
        "parallelStream     | | java.util.List<Integer> l = new java.util.ArrayList<>(); l.parallelStream().count(); | | line 5: parallelStream() is not allowed",
        "stream parallel    | | new java.util.ArrayList<Integer>().stream().parallel().count();            | | line 5: parallel() is not allowed",
        "arrays stream par  | | int[] a = {1, 2}; int s = java.util.Arrays.stream(a).parallel().sum();      | | line 5: parallel() is not allowed",
        "chars parallel     | | int s = \"abc\".chars().parallel().map(c -> c + 1).sum();                 | | line 5: parallel() is not allowed",
        "int stream range   | | java.util.stream.IntStream.range(0, 4).parallel().forEach(i -> { });       | | line 5: package java.util.stream is not allowed",
        "fork join pool     | | java.util.concurrent.ForkJoinPool.commonPool().execute(() -> { });         | | line 5: package java.util.concurrent is not allowed",
        // initialisers, natives and error interception
        "static init        | |                                     | static { int a = 1; }      | line 8: a static initialiser block is not allowed",
        "instance init      | |                                     | { int a = 1; }             | line 8: an instance initialiser block is not allowed",
        "native method      | |                                     | native void f();           | line 8: native methods are not allowed",
        "try catch          | | try { int a = 1; } catch (RuntimeException e) { }                 | | line 5: try/catch/finally is not allowed",
        "try finally        | | try { int a = 1; } finally { int b = 2; }                         | | line 5: try/catch/finally is not allowed",
        "catch throwable    | | try { int a = 1; } catch (Throwable t) { }                        | | line 5: try/catch/finally is not allowed",
        "anonymous class    | | Object o = new Object() { };                                      | | line 5: anonymous classes are not allowed",
        "package decl       | package evil; | | | line 1: a package declaration is not allowed",
        "extends thread     | |                                     | static class T extends Thread { } | line 8: java.lang.Thread is not allowed",
        "error type         | | Error e = null;                                                   | | line 5: java.lang.Error is not allowed",
        "throwable type     | | Throwable e = null;                                               | | line 5: java.lang.Throwable is not allowed",
        "stack walker       | | StackWalker.getInstance();                                        | | line 5: java.lang.StackWalker is not allowed",
        "system console     | | System.console();                                                 | | line 5: java.lang.System is not allowed",
        "java.awt           | | java.awt.Toolkit.getDefaultToolkit();                             | | line 5: package java.awt is not allowed",
        "javax              | | javax.script.ScriptEngineManager m = null;                        | | line 5: package javax.script is not allowed",
        "archlab internals  | | io.archlab.sandbox.ir.GraphBuilder b = null;                      | | line 5: io.archlab.sandbox.ir.GraphBuilder is not allowed",
        "method reference   | | java.util.function.Supplier<Object> s = System::currentTimeMillis; | | line 5: package java.util.function is not allowed",
        "object finalize    | |                                     | protected void finalize() { } | line 8: finalize() is not allowed",
        "system in          | | int c = System.in.read();                                         | | line 5: java.lang.System is not allowed",
        "system nano        | | long t = System.nanoTime();                                       | | line 5: java.lang.System is not allowed",
        "runtime memory     | | long m = Runtime.getRuntime().maxMemory();                        | | line 5: java.lang.Runtime is not allowed",
        "inheritable local  | | InheritableThreadLocal<Integer> t = null;                         | | line 5: java.lang.InheritableThreadLocal is not allowed",
        "thread group       | | ThreadGroup g = null;                                             | | line 5: java.lang.ThreadGroup is not allowed",
        "class value        | | ClassValue<Integer> c = null;                                     | | line 5: java.lang.ClassValue is not allowed",
        "string class name  | | String s = \"x\".getClass().getName();                         | | line 5: getClass() is not allowed",
        "object via array   | | Object[] os = new Object[1]; os.getClass();                       | | line 5: getClass() is not allowed",
        "zip                | | new java.util.zip.ZipFile(\"/tmp/x.zip\");                     | | line 5: package java.util.zip is not allowed",
        "jar                | | java.util.jar.JarFile j = null;                                   | | line 5: package java.util.jar is not allowed",
        "service loader     | | java.util.ServiceLoader.load(Object.class);                       | | line 5: java.util.ServiceLoader is not allowed",
        "prefs              | | java.util.prefs.Preferences.userRoot();                           | | line 5: package java.util.prefs is not allowed",
        "sql                | | java.sql.DriverManager.getConnection(\"jdbc:h2:mem:\");         | | line 5: package java.sql is not allowed",
        "rmi                | | java.rmi.Naming.list(\"x\");                                   | | line 5: package java.rmi is not allowed",
        "management         | | java.lang.management.ManagementFactory.getRuntimeMXBean();        | | line 5: package java.lang.management is not allowed",
        "ref cleaner        | | java.lang.ref.Cleaner.create();                                   | | line 5: package java.lang.ref is not allowed",
        "random seed source | | new java.security.SecureRandom();                                 | | line 5: package java.security is not allowed",
        "sun net            | | sun.net.www.protocol.http.Handler h = null;                       | | line 5: sun.net.www.protocol.http.Handler is not allowed",
        "com sun            | | com.sun.net.httpserver.HttpServer s = null;                       | | line 5: com.sun.net.httpserver.HttpServer is not allowed",
        "nested thread use  | |                                     | static Object f() { return new Thread(); } | line 8: java.lang.Thread is not allowed",
        "field of thread    | |                                     | Thread worker;             | line 8: java.lang.Thread is not allowed"})
    void should_reject_forbidden_code_before_compiling_it(String name, String imports, String body, String members,
            String expected) {
        TrialResult r = run(program(imports == null ? "" : imports, body == null ? "" : body,
                members == null ? "" : members));
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome(), name);
        assertEquals(FailureKind.POLICY_VIOLATION, f.kind(), name + ": " + f.message());
        assertEquals(Stage.POLICY, f.stage(), name + ": " + f.message());
        assertTrue(f.message().contains(expected.strip()), name + ": " + f.message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "endless loop at build   | while (x != null) { x = x.relu(); }                       | SHAPE_ERROR   | the graph grew past 20,000 operations",
        "endless loop in helper  | spin(); | TIMEOUT | building the IR took longer than",
        "heap bomb at build      | long[][] a = new long[1 << 20][]; for (int i = 0; i < a.length; i++) { a[i] = new long[1 << 16]; } | OUT_OF_MEMORY | building the IR ran out of memory",
        "deep recursion          | deep(1);                                                  | SHAPE_ERROR   | forward at Evil.java:8: failed: java.lang.StackOverflowError",
        "division by zero        | int z = 0; int y = 5 / z;                                 | SHAPE_ERROR   | forward at Evil.java:5: failed: java.lang.ArithmeticException",
        "null dereference        | Tensor t = null; t.relu();                                | SHAPE_ERROR   | forward at Evil.java:5: failed: java.lang.NullPointerException",
        "explicit throw          | if (x != null) { throw new IllegalStateException(\"no\"); } | SHAPE_ERROR | forward at Evil.java:5: failed: java.lang.IllegalStateException: no",
        "native memory bomb      | x = x.upsample(40).upsample(10).avgPool(400);              | OVER_BUDGET   | training at batch 64 would need about",
        "internal jdk package    | jdk.internal.misc.Unsafe u = null;                         | POLICY_VIOLATION | line 5: jdk.internal.misc.Unsafe is not allowed",
        "engine not on classpath | ai.djl.engine.Engine.getInstance();                        | POLICY_VIOLATION | line 5: ai.djl.engine.Engine.getInstance is not allowed",
        "macs bomb               | for (int i = 0; i < 3; i++) { x = n.conv2d(x, 256, 7); }   | OVER_BUDGET   | parameters exceed the budget"})
    void should_contain_candidates_that_fail_at_run_time(String name, String body, String kind, String expected) {
        String members = "static void spin() { long i = 0; while (i >= 0) { i = i + 1; if (i == Long.MAX_VALUE) { i = 0; } } }"
                + " static int deep(int k) { return deep(k + 1) + 1; }";
        TrialResult r = run(program("", body.strip(), members));
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome(), name);
        assertEquals(FailureKind.valueOf(kind.strip()), f.kind(), name + ": " + f.message());
        assertTrue(f.message().contains(expected.strip()), name + ": " + f.message());
    }

    /**
     * Message bombs: what a candidate makes the sandbox carry back is cut where it is made (with a mark),
     * or refused as too big, at the stage it failed.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "huge message       | if (x != null) { throw new IllegalArgumentException(\"E\".repeat(50_000_000)); } | | cut     | forward at Evil.java:5: failed: java.lang.IllegalArgumentException: EEEE",
        "huge toString      | if (x != null) { throw new Loud(); } | static final class Loud extends IllegalStateException { public String toString() { return \"T\".repeat(50_000_000); } public String getMessage() { return \"M\".repeat(50_000_000); } } | cut     | forward at Evil.java:5: failed: Evil$Loud: MMMM",
        "huge in constructor| | public Evil() { throw new IllegalStateException(\"C\".repeat(50_000_000)); } | cut     | constructor of Evil failed: java.lang.IllegalStateException: CCCC",
        "huge in static init| | static final int K = boom(); static int boom() { throw new IllegalStateException(\"S\".repeat(50_000_000)); } | cut     | initialising Evil failed: java.lang.IllegalStateException: SSSS",
        "huge shape text    | int[] d = new int[1_000_000]; java.util.Arrays.fill(d, 1); d[0] = 7; x = x.reshape(d); | | cut     | reshape at Evil.java:5: [B, 1, 28, 28] has 784 elements per sample, [B, 7, 1, 1",
        "huge rank          | int[] d = new int[1_000_000]; java.util.Arrays.fill(d, 1); d[0] = 784; x = x.reshape(d); | | bounded | reshape at Evil.java:5: a tensor may have at most 8 axes after the batch, this one would have 1,000,000",
        "huge graph of ops  | for (int i = 0; i < 1_000_000; i++) { x = x.relu(); } | | bounded | relu at Evil.java:5: the graph grew past 20,000 operations",
        "huge concat        | Tensor[] m = new Tensor[3_000_000]; java.util.Arrays.fill(m, x); x = n.concat(1, m); | | bounded | concat at Evil.java:5: the graph grew past 100,000 connections between operations (3,000,000 inputs to this one)"})
    void should_bound_what_a_candidate_makes_the_sandbox_carry_back(String name, String body, String members,
            String how, String expected) {
        TrialResult r = run(program("", body == null ? "" : body.strip(), members == null ? "" : members));
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome(), name);
        String head = f.message().substring(0, Math.min(300, f.message().length()));
        assertEquals(FailureKind.SHAPE_ERROR, f.kind(), name + ": " + head);
        assertEquals(Stage.TRACE, f.stage(), name + ": " + head);
        assertTrue(f.message().startsWith(expected.strip()), name + ": " + head);
        assertTrue(f.message().length() <= 5_000, name + ": " + f.message().length() + " characters");
        if (how.strip().equals("cut")) {
            assertTrue(f.message().contains("more characters cut]"), name + ": cut with a visible mark: " + head);
        }
    }

    @Test
    void should_bound_policy_and_compiler_messages_that_quote_a_huge_source() {
        String literal = "\"" + "E".repeat(200_000) + "\"";
        Outcome.Failed policy = assertInstanceOf(Outcome.Failed.class,
                run(program("", "int k = " + literal + ".repeat(2).intern().length();", "")).outcome());
        assertEquals(FailureKind.POLICY_VIOLATION, policy.kind(), policy.message().substring(0, 200));
        assertTrue(policy.message().startsWith("line 5: intern() is not allowed (\"EEEE"), policy.message().substring(0, 200));
        assertTrue(policy.message().length() <= 600 && policy.message().contains("more characters cut]"),
                policy.message().length() + " characters");

        Outcome.Failed compile = assertInstanceOf(Outcome.Failed.class,
                run(program("", "x = x.m" + "E".repeat(200_000) + "();", "")).outcome());
        assertEquals(FailureKind.COMPILE_ERROR, compile.kind(), compile.message().substring(0, 200));
        assertTrue(compile.message().startsWith("line 5: cannot find symbol"), compile.message().substring(0, 200));
        assertTrue(compile.message().length() <= 600 && compile.message().contains("more characters cut]"),
                compile.message().length() + " characters");
    }

    /** The class name is found in the text before javac reads escapes: tricks with it end as compile errors. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "escaped class name | public final class \\u0045vil implements Architecture {  | line 1: no 'public class Name implements Architecture' found",
        "decoy class name   | // public class Decoy\\npublic final class Evil implements Architecture { | line 3: class Evil is public, should be declared in a file named Evil.java"})
    void should_fail_class_name_tricks_as_compile_errors(String name, String declaration, String expected) {
        String src = "import io.archlab.sandbox.dsl.*;\n" + declaration.strip().replace("\\n", "\n")
                + "\n  public Tensor forward(Net n, Tensor x) { return n.linear(x.flatten(), 10); }\n}\n";
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, run(src).outcome(), name);
        assertEquals(FailureKind.COMPILE_ERROR, f.kind(), name + ": " + f.message());
        assertEquals(Stage.COMPILE, f.stage(), name + ": " + f.message());
        assertTrue(f.message().contains(expected.strip()), name + ": " + f.message());
    }

    @Test
    void should_allow_a_candidates_own_method_named_parallel_and_single_threaded_lambdas() {
        String src = program("", "int[] a = new int[4]; java.util.Arrays.setAll(a, i -> i); x = parallelPaths(n, x);",
                "static Tensor parallelPaths(Net n, Tensor x) { return x.relu().add(x.sigmoid()); }");
        TrialResult r = runner.run(TrialRequest.check("own-parallel", src, new Budgets(1_000_000, 0, 0), 64,
                java.util.Set.of()));
        assertTrue(r.succeeded(), r.outcome().toString());
    }

    @Test
    void should_stop_a_design_that_produces_nan_as_diverged() {
        String src = "import io.archlab.sandbox.dsl.*;\npublic final class NaNs implements Architecture {\n"
                + "  public Tensor forward(Net n, Tensor x) {\n"
                + "    return n.linear(x.flatten(), 10).log().sub(n.linear(x.flatten(), 10).log());\n  }\n}\n";
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, run(src).outcome());
        assertEquals(FailureKind.DIVERGED, f.kind(), f.message());
    }

    @Test
    @Order(Integer.MAX_VALUE)   // after every other test of this class
    void should_still_train_a_good_candidate_after_the_hostile_ones() {
        TrialResult r = run(Baselines.get("Mlp").source());
        assertTrue(r.succeeded(), r.outcome().toString());
        assertTrue(r.metrics().valAccuracy() > 0.3);
        assertEquals(1, runner.workersStarted(), "hostile programs end as outcomes, not as dead workers: "
                + runner.workersStarted() + " workers started");
    }
}
