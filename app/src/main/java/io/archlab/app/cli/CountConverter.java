package io.archlab.app.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Reads counts such as {@code 250000}, {@code 250k}, {@code 1.5M} or {@code 2G}. */
public class CountConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace("_", "").replace(",", "");
        double mult = 1;
        if (v.endsWith("k")) {
            mult = 1e3;
        } else if (v.endsWith("m")) {
            mult = 1e6;
        } else if (v.endsWith("g")) {
            mult = 1e9;
        }
        if (mult != 1) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            double d = Double.parseDouble(v) * mult;
            if (!(d >= 1) || d > Long.MAX_VALUE || d != Math.rint(d)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a positive whole count");
            }
            return (long) d;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a count (e.g. 250000, 250k, 1.5M)");
        }
    }
}
