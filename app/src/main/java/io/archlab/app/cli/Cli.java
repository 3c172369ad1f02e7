package io.archlab.app.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** How the CLI reports errors: one line naming the problem, exit 2 for usage and 1 for failures. */
public final class Cli {
    /** Exit code for a bad flag or value. */
    public static final int USAGE = 2;
    /** Exit code when the work itself fails (missing data, unknown run, ...). */
    public static final int FAILED = 1;

    private Cli() {
    }

    public static CommandLine commandLine(CommandLine cl) {
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println("archlab: " + ex.getMessage() + " (see 'archlab "
                    + (c.getParent() == null ? "" : c.getCommandName() + " ") + "--help')");
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (ex instanceof CommandLine.ParameterException pe) {
                err.println("archlab: " + pe.getMessage() + " (see 'archlab " + c.getCommandName() + " --help')");
                err.flush();
                return USAGE;
            }
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            err.println("archlab: " + msg);
            if (System.getenv("ARCHLAB_DEBUG") != null) {
                ex.printStackTrace(err);
            } else if (!(ex instanceof RuntimeException) || isUnexpected(ex)) {
                err.println("archlab: (set ARCHLAB_DEBUG=1 for the stack trace)");
            }
            err.flush();
            return FAILED;
        });
        return cl;
    }

    /** The task named by a {@code --task} value, or a usage error naming the flag. */
    static io.archlab.sandbox.data.Task task(CommandLine cl, String name) {
        try {
            return io.archlab.sandbox.data.Task.named(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--task: " + e.getMessage());
        }
    }

    /** The value of {@code option} as the user typed it ({@code -5}, not {@code -5.0}), else {@code parsed}. */
    static String typed(CommandLine cl, String option, Object parsed) {
        CommandLine.Model.OptionSpec o = cl.getParseResult() == null ? null : cl.getParseResult().matchedOption(option);
        List<String> typed = o == null ? List.of() : o.originalStringValues();
        return typed.isEmpty() ? String.valueOf(parsed) : typed.get(typed.size() - 1);
    }

    /** {@code path}, a file named by {@code option}; a usage error that says what is wrong with it otherwise. */
    static java.nio.file.Path file(CommandLine cl, String option, String path) {
        try {
            return io.archlab.sandbox.data.UserFiles.requireFile(option, path);
        } catch (io.archlab.sandbox.data.DatasetException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    private static boolean isUnexpected(Exception ex) {
        String pkg = ex.getClass().getPackageName();
        return !(pkg.startsWith("io.archlab") || ex instanceof IllegalArgumentException);
    }
}
