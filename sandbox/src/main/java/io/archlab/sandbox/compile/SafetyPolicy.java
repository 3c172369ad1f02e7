package io.archlab.sandbox.compile;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.PackageTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.archlab.sandbox.ir.BoundedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * The safety policy for candidate source, checked on javac's attributed syntax tree before any
 * byte code is generated. Working on the attributed tree (rather than on text or on a class-loading
 * filter) means every name is resolved exactly as the compiler resolves it: a fully qualified
 * {@code java.lang.System}, an import, a static import, a field's type or an inherited method all
 * lead to the same symbol, which is checked against an allowlist of types. Constructs that need no
 * type (static or instance initialisers, synchronisation, native methods, try blocks that could
 * swallow the sandbox's own stop signals, class literals) are rejected by their tree kind.
 *
 * <p>Candidate code must run only on the thread the sandbox stops at its time limit. Threads,
 * executors, fork-join pools, futures and streams are outside the allowlist; what remains of the
 * JDK that hands code to other threads is named for it: {@code Arrays.parallelSetAll},
 * {@code parallelPrefix}, {@code parallelSort} (which runs a candidate's {@code compareTo} or
 * comparator on the common pool), {@code Collection.parallelStream}, {@code BaseStream.parallel}.
 * So no JDK method whose name starts with {@code parallel} may be called.
 */
final class SafetyPolicy {
    /** Types a candidate may name: the DSL, arithmetic, text and a few collections. */
    static final Set<String> ALLOWED_TYPES = Set.of(
            "java.lang.Math", "java.lang.StrictMath", "java.lang.String", "java.lang.StringBuilder",
            "java.lang.Integer", "java.lang.Long", "java.lang.Double", "java.lang.Float", "java.lang.Boolean",
            "java.lang.Short", "java.lang.Byte", "java.lang.Character", "java.lang.Number", "java.lang.Object",
            "java.lang.Override", "java.lang.SuppressWarnings", "java.lang.Iterable", "java.lang.CharSequence",
            "java.lang.Comparable", "java.lang.IllegalArgumentException", "java.lang.IllegalStateException",
            "java.util.List", "java.util.ArrayList", "java.util.Map", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.Arrays", "java.util.Collections", "java.util.Iterator", "java.util.Set", "java.util.HashSet");
    /** Packages whose every type is allowed. */
    static final Set<String> ALLOWED_PACKAGES = Set.of("io.archlab.sandbox.dsl");
    /** Packages that may be imported with a star (their types are still checked one by one). */
    static final Set<String> STAR_IMPORTS = Set.of("io.archlab.sandbox.dsl", "java.util", "java.lang");
    /** Methods of allowed types that are not allowed: reflection and synchronisation through Object. */
    static final Set<String> FORBIDDEN_METHODS = Set.of("getClass", "wait", "notify", "notifyAll", "finalize",
            "clone", "intern");
    /** The longest description of one violation kept. */
    static final int MAX_VIOLATION_CHARS = 500;
    /** The prefix of the JDK's methods that run work on other threads (see the class comment). */
    static final String PARALLEL = "parallel";

    private SafetyPolicy() {
    }

    /** Violations found in {@code unit}, each "line N: ..."; empty when the source is allowed. */
    static List<String> check(CompilationUnitTree unit, Trees trees) {
        Scanner s = new Scanner(unit, trees);
        s.scan(unit, null);
        return s.violations;
    }

    private static final class Scanner extends TreePathScanner<Void, Void> {
        final CompilationUnitTree unit;
        final Trees trees;
        final List<String> violations = new ArrayList<>();

        Scanner(CompilationUnitTree unit, Trees trees) {
            this.unit = unit;
            this.trees = trees;
        }

        void reject(Tree t, String what) {
            long line = unit.getLineMap().getLineNumber(trees.getSourcePositions().getStartPosition(unit, t));
            String v = "line " + line + ": " + BoundedText.of(what, MAX_VIOLATION_CHARS);   // it quotes the source
            if (!violations.contains(v)) {
                violations.add(v);
            }
        }

        @Override
        public Void visitPackage(PackageTree t, Void v) {
            reject(t, "a package declaration is not allowed (candidates live in the default package)");
            return null;
        }

        @Override
        public Void visitImport(ImportTree t, Void v) {
            Tree id = t.getQualifiedIdentifier();
            String name = id.toString();
            if (name.endsWith(".*") && !t.isStatic()) {
                String pkg = name.substring(0, name.length() - 2);
                if (!STAR_IMPORTS.contains(pkg)) {
                    reject(t, "import " + name + " is not allowed");
                }
                return null;
            }
            if (t.isStatic()) {
                String owner = name.substring(0, name.lastIndexOf('.'));
                if (!allowedType(owner)) {
                    reject(t, "static import from " + owner + " is not allowed");
                }
                return null;
            }
            return super.visitImport(t, v);
        }

        @Override
        public Void visitClass(ClassTree t, Void v) {
            checkModifiers(t, t.getModifiers());
            return super.visitClass(t, v);
        }

        @Override
        public Void visitMethod(MethodTree t, Void v) {
            checkModifiers(t, t.getModifiers());
            if (FORBIDDEN_METHODS.contains(t.getName().toString())) {
                reject(t, t.getName() + "() is not allowed");
            }
            return super.visitMethod(t, v);
        }

        @Override
        public Void visitVariable(VariableTree t, Void v) {
            checkModifiers(t, t.getModifiers());
            return super.visitVariable(t, v);
        }

        private void checkModifiers(Tree t, ModifiersTree m) {
            if (m.getFlags().contains(Modifier.NATIVE)) {
                reject(t, "native methods are not allowed");
            }
            if (m.getFlags().contains(Modifier.SYNCHRONIZED)) {
                reject(t, "synchronized is not allowed");
            }
            if (m.getFlags().contains(Modifier.VOLATILE)) {
                reject(t, "volatile fields are not allowed");
            }
        }

        @Override
        public Void visitBlock(BlockTree t, Void v) {
            Tree parent = getCurrentPath().getParentPath().getLeaf();
            if (parent instanceof ClassTree) {
                reject(t, (t.isStatic() ? "a static" : "an instance") + " initialiser block is not allowed");
            }
            return super.visitBlock(t, v);
        }

        @Override
        public Void visitSynchronized(SynchronizedTree t, Void v) {
            reject(t, "synchronized blocks are not allowed");
            return super.visitSynchronized(t, v);
        }

        @Override
        public Void visitTry(TryTree t, Void v) {
            reject(t, "try/catch/finally is not allowed (a candidate must not intercept the sandbox's errors)");
            return super.visitTry(t, v);
        }

        @Override
        public Void visitIdentifier(IdentifierTree t, Void v) {
            check(t, getCurrentPath(), t.getName().toString());
            return super.visitIdentifier(t, v);
        }

        @Override
        public Void visitMemberSelect(MemberSelectTree t, Void v) {
            if (t.getIdentifier().contentEquals("class")) {
                reject(t, "class literals (" + t + ") are not allowed");
                return null;
            }
            check(t, getCurrentPath(), t.toString());
            return super.visitMemberSelect(t, v);
        }

        @Override
        public Void visitMemberReference(MemberReferenceTree t, Void v) {
            check(t, getCurrentPath(), t.toString());
            return super.visitMemberReference(t, v);
        }

        @Override
        public Void visitNewClass(NewClassTree t, Void v) {
            if (t.getClassBody() != null) {
                reject(t, "anonymous classes are not allowed");
            }
            return super.visitNewClass(t, v);
        }

        private void check(Tree t, TreePath path, String text) {
            Element e = trees.getElement(path);
            if (e == null || unresolvedMember(t, path, e)) {
                return;   // a typo or a member of a value: javac reports it as a compile error
            }
            ElementKind k = e.getKind();
            if (k == ElementKind.PACKAGE) {
                String pkg = ((PackageElement) e).getQualifiedName().toString();
                if (!pkg.isEmpty() && !isPrefixOfAllowed(pkg)) {
                    reject(t, "package " + pkg + " is not allowed");
                }
                return;
            }
            if (k == ElementKind.METHOD || k == ElementKind.CONSTRUCTOR || k == ElementKind.FIELD
                    || k == ElementKind.ENUM_CONSTANT) {
                Element owner = e.getEnclosingElement();
                String name = e.getSimpleName().toString();
                if (k == ElementKind.METHOD && FORBIDDEN_METHODS.contains(name)) {
                    reject(t, name + "() is not allowed (" + text + ")");
                    return;
                }
                if (k == ElementKind.METHOD && name.startsWith(PARALLEL)
                        && !(owner instanceof TypeElement te && candidateOwn(te))) {
                    reject(t, name + "() is not allowed: it runs code on other threads, past the sandbox's time "
                            + "limit (" + text + ")");
                    return;
                }
                if (owner instanceof TypeElement te && !allowed(te)) {
                    reject(t, te.getQualifiedName() + " is not allowed (" + text + ")");
                }
                return;
            }
            if (e instanceof TypeElement te && !allowed(te)) {
                reject(t, te.getQualifiedName() + " is not allowed (" + text + ")");
            }
        }

        /**
         * Whether {@code e} is an unresolved name that is not a qualified name into some package
         * (those, like {@code jdk.internal.misc.Unsafe}, are rejected as not allowed).
         */
        private boolean unresolvedMember(Tree t, TreePath path, Element e) {
            if (e.asType() == null || e.asType().getKind() != javax.lang.model.type.TypeKind.ERROR) {
                return false;
            }
            if (!(t instanceof MemberSelectTree ms)) {
                return true;
            }
            Element target = trees.getElement(new TreePath(path, ms.getExpression()));
            if (target == null || ms.toString().contains("(") || e.toString().contains("<any>")) {
                return true;   // a member of a computed value, or of something itself unresolved
            }
            boolean targetUnresolved = target.asType() != null
                    && target.asType().getKind() == javax.lang.model.type.TypeKind.ERROR
                    && target.getKind() != ElementKind.PACKAGE;
            return targetUnresolved ? !ms.getExpression().toString().contains(".")
                    : !(target.getKind() == ElementKind.PACKAGE || target instanceof TypeElement);
        }

        private boolean allowed(TypeElement te) {
            String name = te.getQualifiedName().toString();
            // "Array": javac's owner of an array's length
            return allowedType(name) || name.equals("Array") || candidateOwn(te);
        }
    }

    /** Whether {@code te} is one of the candidate's own classes: those are in the default package. */
    private static boolean candidateOwn(TypeElement te) {
        Element top = te;
        while (top.getEnclosingElement() instanceof TypeElement outer) {
            top = outer;
        }
        return top.getEnclosingElement() instanceof PackageElement p && p.isUnnamed();
    }

    static boolean allowedType(String qualifiedName) {
        if (ALLOWED_TYPES.contains(qualifiedName)) {
            return true;
        }
        int dot = qualifiedName.lastIndexOf('.');
        return dot > 0 && ALLOWED_PACKAGES.contains(qualifiedName.substring(0, dot));
    }

    /** {@code java} and {@code java.util} are on the way to allowed types; other packages are not. */
    static boolean isPrefixOfAllowed(String pkg) {
        for (String t : ALLOWED_TYPES) {
            if (t.startsWith(pkg + ".")) {
                return true;
            }
        }
        for (String p : ALLOWED_PACKAGES) {
            if (p.equals(pkg) || p.startsWith(pkg + ".")) {
                return true;
            }
        }
        return false;
    }
}
