package io.archlab.sandbox.nb201;

import io.archlab.sandbox.data.DatasetException;

/** Field readers shared by the NAS-Bench-201 tables; every error starts with "file: line N: ". */
final class TableLines {
    private TableLines() {
    }

    static int integer(String where, String column, String field) {
        try {
            return Integer.parseInt(field.strip());
        } catch (NumberFormatException e) {
            throw new DatasetException(where + column + " '" + field + "' is not a whole number");
        }
    }

    static Nb201Arch arch(String where, String field) {
        try {
            return Nb201Space.parse(field.strip());
        } catch (IllegalArgumentException e) {
            throw new DatasetException(where + e.getMessage());
        }
    }

    static float accuracy(String where, String column, String field) {
        float v = number(where, column, field);
        if (v < 0 || v > 100) {
            throw new DatasetException(where + column + " " + field.strip() + " is not an accuracy in percent (0..100)");
        }
        return v;
    }

    static float number(String where, String column, String field) {
        float v;
        try {
            v = Float.parseFloat(field.strip());
        } catch (NumberFormatException e) {
            throw new DatasetException(where + column + " '" + field + "' is not a number");
        }
        if (!Float.isFinite(v)) {
            throw new DatasetException(where + column + " is " + field.strip() + ", not a finite number");
        }
        return v;
    }
}
