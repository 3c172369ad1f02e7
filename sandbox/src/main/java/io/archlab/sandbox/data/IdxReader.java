package io.archlab.sandbox.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the idx format of (Fashion-)MNIST, gzip-compressed or not. Every structural problem
 * (bad magic number, wrong rank, truncated data, label/image count mismatch) is reported with the
 * file's name.
 */
public final class IdxReader {
    private static final int UBYTE = 0x08;

    private IdxReader() {
    }

    /** Reads an images file and its labels file. */
    public static ImageSet read(String imagesName, InputStream images, String labelsName, InputStream labels) {
        int[] imgDims;
        byte[] px;
        try (DataInputStream in = open(imagesName, images)) {
            imgDims = header(imagesName, in, 3);
            px = body(imagesName, in, (long) imgDims[0] * imgDims[1] * imgDims[2]);
        } catch (IOException e) {
            throw new DatasetException(imagesName + ": cannot be read: " + e.getMessage(), e);
        }
        byte[] lb;
        try (DataInputStream in = open(labelsName, labels)) {
            int[] dims = header(labelsName, in, 1);
            lb = body(labelsName, in, dims[0]);
        } catch (IOException e) {
            throw new DatasetException(labelsName + ": cannot be read: " + e.getMessage(), e);
        }
        if (lb.length != imgDims[0]) {
            throw new DatasetException(labelsName + " has " + lb.length + " labels but " + imagesName + " has "
                    + imgDims[0] + " images");
        }
        for (int i = 0; i < lb.length; i++) {
            if (lb[i] < 0 || lb[i] > 9) {
                throw new DatasetException(labelsName + ": label " + lb[i] + " at index " + i + " is not 0-9");
            }
        }
        return new ImageSet(imgDims[0], imgDims[1], imgDims[2], px, lb);
    }

    private static DataInputStream open(String name, InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            try {
                return new DataInputStream(new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16));
            } catch (ZipException e) {
                throw new DatasetException(name + ": corrupt gzip data: " + e.getMessage(), e);
            }
        }
        return new DataInputStream(in);
    }

    private static int[] header(String name, DataInputStream in, int rank) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new DatasetException(name + ": empty or truncated header");
        }
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != UBYTE) {
            throw new DatasetException(name + ": not an idx file of unsigned bytes (magic number 0x"
                    + Integer.toHexString(magic) + ")");
        }
        int dims = magic & 0xff;
        if (dims != rank) {
            throw new DatasetException(name + ": expected " + rank + " dimension(s) but the file has " + dims);
        }
        int[] sizes = new int[dims];
        for (int i = 0; i < dims; i++) {
            try {
                sizes[i] = in.readInt();
            } catch (EOFException e) {
                throw new DatasetException(name + ": truncated header");
            }
            if (sizes[i] <= 0 || sizes[i] > 10_000_000) {
                throw new DatasetException(name + ": implausible dimension size " + sizes[i]);
            }
        }
        return sizes;
    }

    private static byte[] body(String name, DataInputStream in, long expected) throws IOException {
        if (expected > Integer.MAX_VALUE - 16) {
            throw new DatasetException(name + ": too large (" + expected + " bytes)");
        }
        byte[] data = new byte[(int) expected];
        int read;
        try {
            read = in.readNBytes(data, 0, data.length);
        } catch (ZipException | EOFException e) {
            throw new DatasetException(name + ": corrupt or truncated data: " + e.getMessage(), e);
        }
        if (read != data.length) {
            throw new DatasetException(name + ": truncated: expected " + expected + " data bytes, found " + read);
        }
        return data;
    }
}
