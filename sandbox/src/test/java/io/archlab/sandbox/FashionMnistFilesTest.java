package io.archlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.data.DatasetException;
import io.archlab.sandbox.data.FashionMnist;
import io.archlab.sandbox.data.Splits;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the idx files from a directory, and clear errors for broken ones. */
class FashionMnistFilesTest {
    static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    @TempDir
    Path dir;

    static void copySubset(Path dir) throws Exception {
        for (String f : FILES) {
            try (InputStream in = FashionMnist.class.getResourceAsStream("fashion-mnist-subset/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
    }

    @Test
    void should_read_a_directory_and_record_checksums() throws Exception {
        copySubset(dir);
        FashionMnist d = FashionMnist.fromDirectory(dir);
        assertEquals(6000, d.train().count());
        assertEquals(1000, d.test().count());
        assertEquals(28, d.train().rows());
        assertEquals(4, d.sha256().size());
        assertEquals(FashionMnist.shippedSubset().sha256().values().stream().toList(),
                d.sha256().values().stream().toList());
    }

    @Test
    void should_carve_the_same_validation_split_every_time_and_keep_test_apart() {
        FashionMnist d = FashionMnist.shippedSubset();
        Splits a = Splits.of(d.toTaskData(), 0.1);
        Splits b = Splits.of(d.toTaskData(), 0.1);
        assertEquals(600, a.validation().count());
        assertEquals(5400, a.train().count());
        assertTrue(Arrays.equals(a.validation().y(), b.validation().y()));
        assertTrue(Arrays.equals(a.validation().x(), b.validation().x()));
        assertEquals(1000, io.archlab.sandbox.train.HeldOutTest.of(d.toTaskData()).count());
    }

    @Test
    void should_name_a_truncated_file() throws Exception {
        copySubset(dir);
        Path images = dir.resolve(FILES.get(0));
        byte[] all = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(all, all.length / 2));
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.fromDirectory(dir));
        assertTrue(e.getMessage().contains(images.toString()), e.getMessage());
    }

    @Test
    void should_name_a_file_that_is_not_idx() throws Exception {
        copySubset(dir);
        Path labels = dir.resolve(FILES.get(3));
        Files.writeString(labels, "this is not an idx file at all");
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.fromDirectory(dir));
        assertTrue(e.getMessage().startsWith(labels.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not an idx file"), e.getMessage());
    }

    @Test
    void should_name_labels_that_do_not_match_the_images() throws Exception {
        copySubset(dir);
        Files.copy(dir.resolve(FILES.get(3)), dir.resolve(FILES.get(1)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.fromDirectory(dir));
        assertTrue(e.getMessage().contains("1000 labels") && e.getMessage().contains("6000 images"), e.getMessage());
    }

    @Test
    void should_name_a_missing_file() throws Exception {
        copySubset(dir);
        Files.delete(dir.resolve(FILES.get(2)));
        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.fromDirectory(dir));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz: missing"), e.getMessage());
    }
}
