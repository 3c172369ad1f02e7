package io.archlab.knowledge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Embedding vectors as the knowledge base stores them: little-endian float32, 4 bytes a value. */
public final class Vectors {
    private Vectors() {
    }

    /** The vector's bytes (raw bits, NaN payloads included), or null for null. */
    public static byte[] toBytes(float[] vector) {
        if (vector == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            buffer.putInt(Float.floatToRawIntBits(v));
        }
        return buffer.array();
    }

    /**
     * The vector stored by {@link #toBytes}, or null for null; throws {@link IllegalArgumentException}
     * when the length is not a multiple of 4.
     */
    public static float[] fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("an embedding takes 4 bytes a value, but " + bytes.length
                    + " bytes is not a multiple of 4");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.length / Float.BYTES];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = Float.intBitsToFloat(buffer.getInt());
        }
        return vector;
    }
}
