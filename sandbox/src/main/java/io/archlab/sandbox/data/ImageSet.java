package io.archlab.sandbox.data;

/**
 * Labelled grey-scale images held as bytes: {@code count} images of {@code rows x cols}, pixel
 * {@code p} of image {@code i} at {@code pixels[i * rows * cols + p]}.
 */
public record ImageSet(int count, int rows, int cols, byte[] pixels, byte[] labels) {
    public ImageSet {
        if ((long) count * rows * cols != pixels.length || labels.length != count) {
            throw new DatasetException("image set of " + count + " images has " + pixels.length
                    + " pixel bytes and " + labels.length + " labels");
        }
    }
}
