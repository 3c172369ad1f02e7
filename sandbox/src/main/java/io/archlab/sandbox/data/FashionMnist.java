package io.archlab.sandbox.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fashion-MNIST: its training and test sets, where they came from, and their checksums.
 *
 * <p>Looked for in the directory the user gives, then in Debian's location
 * ({@value #DEBIAN_DIR}, package {@code dataset-fashion-mnist}); with neither, the small subset
 * shipped inside archlab is used when the caller allows it.
 */
public record FashionMnist(ImageSet train, ImageSet test, String source, boolean subset,
        Map<String, String> sha256) {

    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
    static final String SUBSET_RESOURCE = "/io/archlab/sandbox/data/fashion-mnist-subset/";
    static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** How to get the full data set, for messages. */
    public static final String HOW_TO_GET_FULL =
            "for the full 70,000 images: apt-get install dataset-fashion-mnist, or --data DIR with the four idx files";

    /** The {@code --data} value that asks for the shipped subset even where the full set is installed. */
    public static final String SUBSET = "subset";

    /**
     * Reads the data set named by a {@code --data} value: {@value #SUBSET}, a directory, or null for
     * the default places.
     */
    public static FashionMnist resolve(String data, boolean allowSubset) {
        if (SUBSET.equals(data)) {
            return shippedSubset();
        }
        return locate(data == null ? null : Path.of(data), allowSubset);
    }

    /**
     * Finds and reads the data set.
     *
     * @param dataDir     the user's directory, or null
     * @param allowSubset whether the shipped subset may stand in when nothing else is found
     */
    public static FashionMnist locate(Path dataDir, boolean allowSubset) {
        if (dataDir != null) {
            if (!Files.isDirectory(dataDir)) {
                throw new DatasetException("--data " + dataDir + ": no such directory");
            }
            return fromDirectory(dataDir);
        }
        Path debian = Path.of(DEBIAN_DIR);
        if (Files.isDirectory(debian) && find(debian, FILES.get(0)) != null) {
            return fromDirectory(debian);
        }
        if (!allowSubset) {
            throw new DatasetException("Fashion-MNIST not found in " + DEBIAN_DIR + "; " + HOW_TO_GET_FULL
                    + " (or --data subset for the small subset shipped with archlab)");
        }
        return shippedSubset();
    }

    /** Reads the four idx files (plain or .gz) from {@code dir}. */
    public static FashionMnist fromDirectory(Path dir) {
        Map<String, String> sums = new LinkedHashMap<>();
        Path[] paths = new Path[4];
        for (int i = 0; i < 4; i++) {
            paths[i] = find(dir, FILES.get(i));
            if (paths[i] == null) {
                throw new DatasetException(dir.resolve(FILES.get(i) + ".gz") + ": missing (" + HOW_TO_GET_FULL + ")");
            }
        }
        ImageSet[] sets = new ImageSet[2];
        for (int s = 0; s < 2; s++) {
            Path img = paths[2 * s];
            Path lbl = paths[2 * s + 1];
            byte[] i = bytes(img);
            byte[] l = bytes(lbl);
            sets[s] = IdxReader.read(img.toString(), new ByteArrayInputStream(i), lbl.toString(),
                    new ByteArrayInputStream(l));
            sums.put(img.getFileName().toString(), sha256(i));
            sums.put(lbl.getFileName().toString(), sha256(l));
        }
        return new FashionMnist(sets[0], sets[1], dir.toAbsolutePath().toString(), false, sums);
    }

    /** The subset shipped with archlab (6,000 training and 1,000 test images). */
    public static FashionMnist shippedSubset() {
        Map<String, String> sums = new LinkedHashMap<>();
        ImageSet[] sets = new ImageSet[2];
        for (int s = 0; s < 2; s++) {
            String img = FILES.get(2 * s) + ".gz";
            String lbl = FILES.get(2 * s + 1) + ".gz";
            byte[] i = resource(img);
            byte[] l = resource(lbl);
            sets[s] = IdxReader.read(img, new ByteArrayInputStream(i), lbl, new ByteArrayInputStream(l));
            sums.put(img, sha256(i));
            sums.put(lbl, sha256(l));
        }
        return new FashionMnist(sets[0], sets[1], "shipped subset", true, sums);
    }

    private static byte[] resource(String name) {
        try (InputStream in = FashionMnist.class.getResourceAsStream(SUBSET_RESOURCE + name)) {
            if (in == null) {
                throw new DatasetException("shipped subset file " + name + " is missing from the archlab build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new DatasetException(p + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static Path find(Path dir, String base) {
        for (String name : List.of(base + ".gz", base)) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** Fashion-MNIST's pixel mean and standard deviation (after scaling to [0, 1]). */
    static final float MEAN = 0.2860f;
    static final float STD = 0.3530f;

    /** As task data: pixels scaled to [0, 1] and standardised, shape [1, 28, 28]. */
    public TaskData toTaskData() {
        return new TaskData(Task.FASHION_MNIST, standardise(train), standardise(test), source, subset, sha256);
    }

    private static Dataset standardise(ImageSet s) {
        float[] x = new float[s.pixels().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((s.pixels()[i] & 0xff) / 255f - MEAN) / STD;
        }
        int[] y = new int[s.count()];
        for (int i = 0; i < y.length; i++) {
            y[i] = s.labels()[i];
        }
        return new Dataset(java.util.List.of(1, s.rows(), s.cols()), s.count(), x, y);
    }

    /** Hex SHA-256 of {@code data}. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
