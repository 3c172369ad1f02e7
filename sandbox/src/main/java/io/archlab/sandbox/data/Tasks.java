package io.archlab.sandbox.data;

import java.nio.file.Path;
import java.util.List;

/** The tasks archlab can run, and how their data is loaded. */
public final class Tasks {
    /** Task names. */
    public static final List<String> NAMES = List.of("fashion-mnist", "cifar10", "mqar", "text", "csv", "nb201");
    /** Default text context and MQAR length. */
    public static final int TEXT_CONTEXT = 32;

    private Tasks() {
    }

    /**
     * Loads a task's data.
     *
     * @param data        the {@code --data} value: a directory (fashion-mnist, cifar10), a file (text,
     *                    csv), {@code subset}, or null
     * @param seqLen      sequence length (mqar) or context (text); 0 for the default
     * @param vocab       vocabulary (mqar); 0 for the default
     */
    public static TaskData load(String task, String data, boolean allowSubset, int seqLen, int vocab) {
        return switch (task) {
            case "fashion-mnist" -> FashionMnist.resolve(data, allowSubset).toTaskData();
            case "cifar10" -> Cifar10.load(data == null ? null : Path.of(data));
            case "mqar" -> Mqar.generate(seqLen > 0 ? seqLen : Mqar.LENGTH, vocab > 0 ? vocab : Mqar.VOCAB);
            case "text" -> TextChars.load(file(task, data), seqLen > 0 ? seqLen : TEXT_CONTEXT);
            case "csv" -> CsvTable.load(file(task, data));
            case "nb201" -> throw new DatasetException("nb201 is a table look-up with settings of its own: load it "
                    + "with io.archlab.sandbox.nb201.Nb201Task");
            default -> throw new DatasetException("unknown task '" + task + "' (known: " + String.join(", ", NAMES)
                    + ")");
        };
    }

    private static Path file(String task, String data) {
        if (data == null) {
            throw new DatasetException(task + " needs --data FILE");
        }
        return UserFiles.requireFile("--data", data);
    }
}
