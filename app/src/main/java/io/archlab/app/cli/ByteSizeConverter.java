package io.archlab.app.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads byte sizes: {@code 327680}, {@code 320KiB}, {@code 2MiB}, {@code 1GiB} (also K, M, G, KB, MB, GB as powers of 1024). */
public class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size (e.g. 327680, 320KiB, 2MiB)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        double mult = unit.startsWith("k") ? 1024 : unit.startsWith("m") ? 1024 * 1024
                : unit.startsWith("g") ? 1024.0 * 1024 * 1024 : 1;
        long bytes = (long) Math.round(n * mult);
        if (bytes < 1) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be at least 1 byte");
        }
        return bytes;
    }
}
