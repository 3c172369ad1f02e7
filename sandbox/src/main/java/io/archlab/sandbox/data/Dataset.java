package io.archlab.sandbox.data;

import java.util.List;

/**
 * Labelled samples of any shape, held as floats: sample {@code i} is {@code x[i * size .. (i+1) * size)}
 * where {@code size} is the product of {@code sampleShape}; token ids are stored as floats too.
 */
public record Dataset(List<Integer> sampleShape, int count, float[] x, int[] y) {
    public Dataset {
        sampleShape = List.copyOf(sampleShape);
        long size = 1;
        for (int d : sampleShape) {
            size *= d;
        }
        if (size * count != x.length || y.length != count) {
            throw new DatasetException("data set of " + count + " samples of " + sampleShape + " has " + x.length
                    + " values and " + y.length + " labels");
        }
    }

    /** Values per sample. */
    public int sampleSize() {
        return count == 0 ? 0 : x.length / count;
    }

    /** The samples at {@code indices}, in that order. */
    public Dataset select(int[] indices) {
        int size = sampleSize();
        float[] xs = new float[indices.length * size];
        int[] ys = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(x, indices[i] * size, xs, i * size, size);
            ys[i] = y[indices[i]];
        }
        return new Dataset(sampleShape, indices.length, xs, ys);
    }
}
