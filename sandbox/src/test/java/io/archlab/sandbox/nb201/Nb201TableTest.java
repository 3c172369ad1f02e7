package io.archlab.sandbox.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.data.DatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the accuracy and latency tables, and the errors of bad files. */
class Nb201TableTest {
    @TempDir
    Path dir;

    @Test
    void should_read_the_real_table_with_validation_and_test_of_each_data_set() {
        Nb201Table t = Nb201Data.table();
        Nb201Arch row1 = Nb201Space.parse(
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        assertEquals(1, t.index(row1));
        assertEquals(88.22, t.test(Nb201Dataset.CIFAR10, row1), 1e-4);
        assertEquals(82.834, t.validation(Nb201Dataset.CIFAR10, row1), 1e-4);
        assertEquals(58.26, t.test(Nb201Dataset.CIFAR100, row1), 1e-4);
        assertEquals(57.8, t.validation(Nb201Dataset.CIFAR100, row1), 1e-4);
        assertEquals(33.8, t.test(Nb201Dataset.IMAGENET16, row1), 1e-4);
        assertEquals(35.4333, t.validation(Nb201Dataset.IMAGENET16, row1), 1e-4);
        double sum = 0;
        double max = 0;
        for (int c = 0; c < Nb201Space.SIZE; c++) {
            double v = t.test(Nb201Dataset.CIFAR10, Nb201Arch.ofCode(c));
            sum += v;
            max = Math.max(max, v);
        }
        assertEquals(75.98, sum / Nb201Space.SIZE, 0.01, "the README's mean CIFAR-10 test accuracy");
        assertEquals(89.16, max, 1e-4, "the README's best CIFAR-10 test accuracy");
    }

    @Test
    void should_read_a_synthetic_table_by_cell() throws Exception {
        Nb201Table t = Nb201Table.load(Nb201Data.syntheticTable(dir));
        assertEquals(42, t.validation(Nb201Dataset.CIFAR100, Nb201Arch.ofCode(1042)), 1e-6);
        assertEquals(1042, t.index(Nb201Arch.ofCode(1042)));
        assertEquals(99, t.bestValidation(Nb201Dataset.IMAGENET16), 1e-6);
    }

    @Test
    void should_name_file_and_line_of_a_corrupt_value() throws Exception {
        Path good = Nb201Data.syntheticTable(dir);
        String row3 = Files.readAllLines(good).get(3);   // line 4: row 2
        Path bad = Nb201Data.withLine(good, 4, row3.replaceFirst(",[0-9.]+$", ",abc"));
        assertProblem(bad, "line 4: imagenet-val 'abc' is not a number");
        assertProblem(Nb201Data.withLine(good, 4, row3.replaceFirst(",[0-9.]+$", ",101.5")),
                "line 4: imagenet-val 101.5 is not an accuracy");
        assertProblem(Nb201Data.withLine(good, 4, row3.replaceFirst("~0\\|\\+", "~0|")), "line 4: architecture string");
        assertProblem(Nb201Data.withLine(good, 4, "9," + row3.substring(2)), "line 4: arch index 9 where 2 was expected");
        assertProblem(Nb201Data.withLine(good, 4, "2,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,1,1,1,1,1,1"),
                "line 4: |none~0|+|none~0|none~1|+|none~0|none~1|none~2| already appeared as row 0");
        assertProblem(Nb201Data.withLine(good, 4, "3,x,1"), "line 4: 3 fields, the header has 8");
        assertProblem(Nb201Data.withLine(good, 1, "arch,cellstr,cifar10-test"), "line 1: the header is");
    }

    @Test
    void should_say_a_truncated_table_is_truncated() throws Exception {
        Path good = Nb201Data.syntheticTable(dir);
        List<String> lines = Files.readAllLines(good);
        Path cut = dir.resolve("cut.csv");
        Files.write(cut, lines.subList(0, 15_001));
        assertProblem(cut, "truncated: 15000 rows up to line 15001, expected 15625");
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        assertProblem(empty, "the file is empty");
        assertProblem(dir.resolve("missing.csv"), "cannot be read");
    }

    private static void assertProblem(Path file, String expected) {
        DatasetException e = assertThrows(DatasetException.class, () -> Nb201Table.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void should_read_one_device_of_the_latency_table_and_list_the_known_ones() throws Exception {
        Path f = Nb201Data.syntheticLatency(dir);
        assertEquals(List.of("fpga", "pixel3"), LatencyTable.devices(f));
        LatencyTable t = LatencyTable.load(f, "fpga");
        assertEquals(1.234, t.latencyMs(Nb201Arch.ofCode(1234)), 1e-6);
        DatasetException e = assertThrows(DatasetException.class, () -> LatencyTable.load(f, "tpu"));
        assertTrue(e.getMessage().contains("no device 'tpu' (known: fpga, pixel3)"), e.getMessage());
        Path bad = Nb201Data.withLine(f, 10, "8," + Nb201Arch.ofCode(8) + ",-1,1");
        DatasetException neg = assertThrows(DatasetException.class, () -> LatencyTable.load(bad, "fpga"));
        assertTrue(neg.getMessage().contains("line 10: lat_fpga -1 is a negative latency"), neg.getMessage());
    }

    @Test
    void should_read_the_real_latency_table() {
        Path f = Nb201Data.latencyFile();
        assertEquals(27, LatencyTable.devices(f).size());
        LatencyTable fpga = LatencyTable.load(f, "fpga");
        Nb201Arch row0 = Nb201Space.parse(
                "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|");
        assertEquals(2.57296, fpga.latencyMs(row0), 1e-5);
    }
}
