package io.archlab.sandbox.compile;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.DocTree;
import com.sun.source.doctree.EntityTree;
import com.sun.source.doctree.LinkTree;
import com.sun.source.doctree.LiteralTree;
import com.sun.source.doctree.ParamTree;
import com.sun.source.doctree.ReturnTree;
import com.sun.source.doctree.StartElementTree;
import com.sun.source.doctree.TextTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import io.archlab.sandbox.dsl.Architecture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The compact DSL reference put in the LLM's prompts, rendered from the DSL's own source and javadoc
 * so that it never drifts from what compiles. The DSL sources ship as resources under
 * {@code io/archlab/sandbox/dsl/source} (see sandbox/pom.xml); they are parsed with javac's tree API
 * (parse only, no classpath). The reference opens with a preamble stating the class shape, the tensor
 * conventions and the Java subset of {@link SafetyPolicy}, then lists every public type of the DSL
 * with its purpose (the first sentence of its javadoc) and one line per public method: its signature as
 * a user writes it and its javadoc description. A method's whole description is kept, not only its
 * first sentence: the second sentence often gives the shapes ("{@code [B, C, H, W]} in and out"), and
 * javac's first sentence ends at an "e.g.". Block tags are left out, except in the preamble, which
 * states {@code forward}'s parameters and result. Object's methods ({@code toString}) and constructors
 * (candidates never construct DSL objects) are left out. The class lives outside the DSL package
 * because the safety policy lets candidates call anything inside it.
 */
public final class DslReference {
    /** The size the reference must stay within, in approximate tokens ({@link #approxTokens}); tests hold it to it. */
    public static final int TOKEN_BUDGET = 6_000;
    /** The DSL's source files (without {@code .java}), in the order the reference presents them. */
    public static final List<String> SOURCES = List.of("Architecture", "Net", "Tensor");
    /**
     * What {@link SafetyPolicy} rejects by tree kind rather than by type, as the prompt states it
     * (its allowed types and forbidden methods are rendered from its constants).
     */
    static final List<String> REJECTED_CONSTRUCTS = List.of("a `package` line", "`try`/`catch`/`finally`",
            "`synchronized`", "`volatile` fields", "`native` methods", "static or instance initialiser blocks",
            "anonymous classes", "class literals (`X.class`)");
    private static final String SOURCE_FOLDER = "/io/archlab/sandbox/dsl/source/";
    /** Methods every class has from Object ({@code toString/0}, ...): not part of the DSL's vocabulary. */
    private static final Set<String> OBJECT_METHODS = Arrays.stream(Object.class.getMethods())
            .map(m -> m.getName() + "/" + m.getParameterCount()).collect(Collectors.toUnmodifiableSet());
    private static final Pattern SECTION = Pattern.compile("//\\s*-{2,}\\s*(.+?)\\s*-{2,}");

    private static String cached;

    private DslReference() {
    }

    /** The reference as Markdown; rendered once, then cached. */
    public static synchronized String markdown() {
        if (cached == null) {
            cached = render(parse());
        }
        return cached;
    }

    /** Approximate number of LLM tokens in {@code text}: one per four characters. */
    public static int approxTokens(String text) {
        return (text.length() + 3) / 4;
    }

    /** A public type: its name, kind, javadoc and public members. */
    private record TypeDoc(String name, String kind, Doc doc, List<MemberDoc> members) {
    }

    /** A public method or field: the section it is in (or ""), its signature and javadoc. */
    private record MemberDoc(String section, String signature, Doc doc) {
    }

    /** A rendered javadoc comment: first sentence, the rest of its description, and its block tags. */
    private record Doc(String firstSentence, String rest, Map<String, String> params, String returns) {
        static final Doc NONE = new Doc("", "", Map.of(), "");

        String description() {
            return (firstSentence + " " + rest).trim();
        }
    }

    // ---- parsing -------------------------------------------------------------------------------

    private static List<TypeDoc> parse() {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime: archlab needs a JDK 17, not a JRE");
        }
        List<JavaFileObject> files = new ArrayList<>();
        for (String name : SOURCES) {
            files.add(source(name));
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null, files);
        List<TypeDoc> types = new ArrayList<>();
        try {
            DocTrees trees = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                for (Tree t : unit.getTypeDecls()) {
                    if (t instanceof ClassTree c && isPublic(c.getModifiers().getFlags(), false)) {
                        addType(new Parsed(unit, trees), new TreePath(new TreePath(unit), c), "", types);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse the DSL sources", e);
        }
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                throw new IllegalStateException("the shipped DSL source does not parse: " + d);
            }
        }
        return types;
    }

    private static JavaFileObject source(String name) {
        String text;
        try (InputStream in = DslReference.class.getResourceAsStream(SOURCE_FOLDER + name + ".java")) {
            if (in == null) {
                throw new IllegalStateException("DSL source " + name + ".java is missing from the archlab build "
                        + "(sandbox/pom.xml ships it as a resource under " + SOURCE_FOLDER + ")");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
    }

    /** A parsed unit with the trees to read its positions and comments. */
    private record Parsed(CompilationUnitTree unit, DocTrees trees) {
        String text(Tree t) {
            long start = trees.getSourcePositions().getStartPosition(unit, t);
            long end = trees.getSourcePositions().getEndPosition(unit, t);
            return source(start, end).replaceAll("\\s+", " ").trim();
        }

        String source(long start, long end) {
            try {
                return unit.getSourceFile().getCharContent(true).subSequence((int) start, (int) end).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Doc doc(TreePath path) {
            DocCommentTree d = trees.getDocCommentTree(path);
            if (d == null) {
                return Doc.NONE;
            }
            Map<String, String> params = new LinkedHashMap<>();
            String returns = "";
            for (DocTree tag : d.getBlockTags()) {
                if (tag instanceof ParamTree p) {
                    params.put(p.getName().getName().toString(), DslReference.text(p.getDescription()));
                } else if (tag instanceof ReturnTree r) {
                    returns = DslReference.text(r.getDescription());
                }
            }
            return new Doc(DslReference.text(d.getFirstSentence()), DslReference.text(d.getBody()), params, returns);
        }
    }

    private static void addType(Parsed p, TreePath path, String outer, List<TypeDoc> types) {
        ClassTree c = (ClassTree) path.getLeaf();
        boolean isInterface = c.getKind() == Tree.Kind.INTERFACE;
        String name = outer + c.getSimpleName();
        String kind = (c.getModifiers().getFlags().contains(Modifier.FINAL) ? "final " : "")
                + c.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        List<MemberDoc> members = new ArrayList<>();
        List<TreePath> nested = new ArrayList<>();
        String section = "";
        long previousEnd = p.trees.getSourcePositions().getStartPosition(p.unit, c);
        for (Tree m : c.getMembers()) {
            long start = p.trees.getSourcePositions().getStartPosition(p.unit, m);
            Matcher marker = SECTION.matcher(p.source(previousEnd, Math.max(previousEnd, start)));
            while (marker.find()) {
                section = marker.group(1);
            }
            previousEnd = Math.max(previousEnd, p.trees.getSourcePositions().getEndPosition(p.unit, m));
            TreePath mp = new TreePath(path, m);
            if (m instanceof MethodTree mt && isPublic(mt.getModifiers().getFlags(), isInterface)
                    && !mt.getName().contentEquals("<init>")
                    && !OBJECT_METHODS.contains(mt.getName() + "/" + mt.getParameters().size())) {
                members.add(new MemberDoc(section, signature(p, mt), p.doc(mp)));
            } else if (m instanceof VariableTree v && isPublic(v.getModifiers().getFlags(), isInterface)) {
                members.add(new MemberDoc(section, p.text(v.getType()) + " " + v.getName(), p.doc(mp)));
            } else if (m instanceof ClassTree nc && isPublic(nc.getModifiers().getFlags(), isInterface)) {
                nested.add(mp);
            }
        }
        types.add(new TypeDoc(name, kind, p.doc(path), members));
        for (TreePath n : nested) {
            addType(p, n, name + ".", types);
        }
    }

    private static boolean isPublic(Set<Modifier> flags, boolean inInterface) {
        return flags.contains(Modifier.PUBLIC) || inInterface && !flags.contains(Modifier.PRIVATE);
    }

    /** The signature as a user writes it: {@code Tensor conv2d(Tensor x, int outChannels, int kernel)}. */
    private static String signature(Parsed p, MethodTree m) {
        StringBuilder sb = new StringBuilder();
        if (m.getModifiers().getFlags().contains(Modifier.STATIC)) {
            sb.append("static ");
        }
        if (!m.getTypeParameters().isEmpty()) {
            sb.append('<').append(m.getTypeParameters().stream().map(p::text).collect(Collectors.joining(", ")))
                    .append("> ");
        }
        sb.append(p.text(m.getReturnType())).append(' ').append(m.getName()).append('(');
        sb.append(m.getParameters().stream().map(p::text).collect(Collectors.joining(", ")));
        return sb.append(')').toString();
    }

    /** Javadoc as plain text: {@code {@code x}} as `x`, links by name, HTML dropped, up to any {@code <pre>}. */
    static String text(List<? extends DocTree> doc) {
        StringBuilder sb = new StringBuilder();
        for (DocTree t : doc) {
            switch (t.getKind()) {
                case TEXT -> sb.append(((TextTree) t).getBody());
                case CODE -> sb.append('`').append(((LiteralTree) t).getBody().getBody()).append('`');
                case LITERAL -> sb.append(((LiteralTree) t).getBody().getBody());
                case LINK, LINK_PLAIN -> {
                    LinkTree l = (LinkTree) t;
                    sb.append(l.getLabel().isEmpty()
                            ? "`" + l.getReference().getSignature().replaceFirst("^#", "").replace('#', '.') + "`"
                            : text(l.getLabel()));
                }
                case ENTITY -> sb.append(switch (((EntityTree) t).getName().toString()) {
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "amp" -> "&";
                    case "quot" -> "\"";
                    default -> " ";
                });
                case START_ELEMENT -> {
                    if (((StartElementTree) t).getName().contentEquals("pre")) {
                        return sb.toString().replaceAll("\\s+", " ").trim();
                    }
                    sb.append(' ');
                }
                case END_ELEMENT -> sb.append(' ');
                default -> sb.append(t);
            }
        }
        return sb.toString().replaceAll("\\s+", " ").trim();
    }

    // ---- rendering -----------------------------------------------------------------------------

    private static String render(List<TypeDoc> types) {
        StringBuilder sb = new StringBuilder();
        preamble(types, sb);
        for (TypeDoc t : types) {
            sb.append("\n## ").append(t.name()).append(" (").append(t.kind()).append(")\n");
            if (!t.doc().firstSentence().isEmpty()) {
                sb.append(t.doc().firstSentence()).append('\n');
            }
            String section = "";
            for (MemberDoc m : t.members()) {
                if (!m.section().equals(section)) {
                    section = m.section();
                    sb.append("### ").append(section).append('\n');
                }
                sb.append("- `").append(m.signature()).append('`');
                String d = m.doc().description();
                if (!d.isEmpty()) {
                    sb.append(": ").append(d);
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static void preamble(List<TypeDoc> types, StringBuilder sb) {
        String arch = Architecture.class.getSimpleName();
        MemberDoc forward = type(types, arch).members().get(0);
        sb.append("# archlab DSL reference\n\n");
        sb.append("Write one Java 17 source file: a public class in the default package (no `package` line) "
                + "implementing `").append(arch).append("`:\n\n");
        sb.append("    import ").append(Architecture.class.getPackageName()).append(".*;\n\n");
        sb.append("    public final class Name implements ").append(arch).append(" {\n");
        sb.append("        public ").append(forward.signature()).append(" { ... }\n");
        sb.append("    }\n\n");
        sb.append("`").append(forward.signature()).append("`: ").append(forward.doc().description());
        forward.doc().params().forEach((name, text) -> sb.append(" `").append(name).append("`: ").append(text)
                .append('.'));
        if (!forward.doc().returns().isEmpty()) {
            sb.append(" Returns ").append(forward.doc().returns()).append('.');
        }
        sb.append('\n');
        Doc tensor = type(types, "Tensor").doc();
        if (!tensor.rest().isEmpty()) {
            sb.append("Tensors: ").append(tensor.rest()).append('\n');
        }
        sb.append("\nAllowed Java: primitives, arrays, loops, conditionals, `throw`, your own fields, helper methods "
                + "and nested classes, and only these types:\n");
        for (String pkg : new TreeSet<>(SafetyPolicy.ALLOWED_PACKAGES)) {
            sb.append("- ").append(pkg).append(": all of its types (below)\n");
        }
        Map<String, TreeSet<String>> byPackage = new TreeMap<>();
        for (String type : SafetyPolicy.ALLOWED_TYPES) {
            int dot = type.lastIndexOf('.');
            byPackage.computeIfAbsent(type.substring(0, dot), k -> new TreeSet<>()).add(type.substring(dot + 1));
        }
        byPackage.forEach((pkg, names) -> sb.append("- ").append(pkg).append(": ")
                .append(String.join(", ", names)).append('\n'));
        sb.append("Star imports only of ").append(new TreeSet<>(SafetyPolicy.STAR_IMPORTS).stream()
                .map(p -> "`" + p + ".*`").collect(Collectors.joining(", ")))
                .append("; single and static imports of allowed types.\n");
        sb.append("Rejected: ").append(String.join(", ", REJECTED_CONSTRUCTS)).append(", and calls to ")
                .append(new TreeSet<>(SafetyPolicy.FORBIDDEN_METHODS).stream().map(m -> "`" + m + "()`")
                        .collect(Collectors.joining(", ")))
                .append(".\n");
    }

    private static TypeDoc type(List<TypeDoc> types, String name) {
        return types.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the DSL sources have no public type " + name));
    }
}
