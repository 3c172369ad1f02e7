package io.archlab.sandbox.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Character-level language modelling on any UTF-8 text: from {@code context} characters, predict
 * the next. The vocabulary is the text's {@value #MAX_VOCAB} most frequent characters (the rest
 * share one id); the last tenth of the text is the test set. Cross-entropy divided by ln 2 is bits
 * per character.
 */
public final class TextChars {
    static final int MAX_VOCAB = 128;
    static final int MAX_TRAIN = 50_000;
    static final int MAX_TEST = 5_000;

    private TextChars() {
    }

    public static TaskData load(Path file, int context) {
        if (context < 1) {
            throw new DatasetException("text context must be >= 1, got " + context);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot be read: " + e.getMessage(), e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DatasetException(file + ": not valid UTF-8 text (" + e.getMessage() + ")");
        }
        int[] cps = text.codePoints().toArray();
        if (cps.length < 10 * (context + 1)) {
            throw new DatasetException(file + ": too short for a context of " + context + " characters ("
                    + cps.length + " characters; need at least " + 10 * (context + 1) + ")");
        }
        Map<Integer, Integer> freq = new HashMap<>();
        for (int c : cps) {
            freq.merge(c, 1, Integer::sum);
        }
        List<Integer> chars = new ArrayList<>(freq.keySet());
        chars.sort((a, b) -> freq.get(b).equals(freq.get(a)) ? Integer.compare(a, b) : freq.get(b) - freq.get(a));
        Map<Integer, Integer> id = new HashMap<>();
        for (int i = 0; i < Math.min(chars.size(), MAX_VOCAB - 1); i++) {
            id.put(chars.get(i), i);
        }
        int vocab = Math.min(chars.size(), MAX_VOCAB - 1) + 1;   // the last id stands for rare characters
        int[] ids = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
            ids[i] = id.getOrDefault(cps[i], vocab - 1);
        }
        int split = cps.length - cps.length / 10;
        Dataset train = windows(ids, context, context, split, MAX_TRAIN);
        Dataset test = windows(ids, context, split + context, ids.length, MAX_TEST);
        Task task = Task.sequence("text", context, vocab, vocab);
        return new TaskData(task, train, test, file.toAbsolutePath().toString(), false,
                Map.of(file.getFileName().toString(), FashionMnist.sha256(bytes)));
    }

    /** Windows predicting positions {@code from..to-1}, evenly strided to at most {@code max}. */
    private static Dataset windows(int[] ids, int context, int from, int to, int max) {
        int available = Math.max(0, to - from);
        int stride = Math.max(1, (available + max - 1) / max);
        int n = (available + stride - 1) / stride;
        float[] x = new float[n * context];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            int pos = from + k * stride;
            for (int j = 0; j < context; j++) {
                x[k * context + j] = ids[pos - context + j];
            }
            y[k] = ids[pos];
        }
        return new Dataset(List.of(context), n, x, y);
    }
}
