package io.archlab.sandbox.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every member of one archlab cluster shares. Two things are derived from it with
 * PBKDF2 (so that neither gives the secret away to offline guessing): the Hazelcast cluster name (a
 * member with another secret has another cluster name, and Hazelcast refuses its join), and an
 * AES-256 key with which every message and data chunk is sealed (AES-GCM: encrypted and
 * authenticated). A member that learnt the cluster name but not the secret can neither read what
 * crosses the cluster, nor give work to workers, nor return results the coordinator accepts. The
 * secret itself never crosses the network.
 */
public final class ClusterSecret {
    /** The environment variable the secret is read from when no file is given. */
    public static final String ENV = "ARCHLAB_CLUSTER_SECRET";
    /** Shortest secret accepted. */
    public static final int MIN_LENGTH = 16;
    private static final int ITERATIONS = 120_000;
    private static final byte[] SALT = "archlab cluster v1".getBytes(StandardCharsets.UTF_8);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String clusterName;
    private final SecretKeySpec key;
    private final java.security.SecureRandom random = new java.security.SecureRandom();

    private ClusterSecret(String secret) {
        if (secret == null || secret.strip().length() < MIN_LENGTH) {
            throw new ClusterException("the cluster secret must have at least " + MIN_LENGTH + " characters");
        }
        byte[] k;
        try {
            k = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(
                    new javax.crypto.spec.PBEKeySpec(secret.strip().toCharArray(), SALT, ITERATIONS, 8 * 44))
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
        this.clusterName = "archlab-" + HexFormat.of().formatHex(k, 0, 12);
        this.key = new SecretKeySpec(k, 12, 32, "AES");
    }

    /** The secret {@code secret}. */
    public static ClusterSecret of(String secret) {
        return new ClusterSecret(secret);
    }

    /** The secret in {@code file} (first line), or from {@value #ENV} when {@code file} is null. */
    public static ClusterSecret load(Path file) {
        return new ClusterSecret(text(file));
    }

    /**
     * The secret's text as {@link #load} finds it: for callers that must also know the text, to keep
     * it out of what archlab stores and prints.
     */
    public static String text(Path file) {
        if (file != null) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw new ClusterException("cannot read the cluster secret file " + file + ": " + e.getMessage(), e);
            }
        }
        String env = System.getenv(ENV);
        if (env == null || env.isBlank()) {
            throw new ClusterException("no cluster secret: set " + ENV + " (the same on every member, at least "
                    + MIN_LENGTH + " characters) or give --secret-file FILE");
        }
        return env.strip();
    }

    /** Whether a secret can be found: {@code file} given, or {@value #ENV} set. */
    public static boolean available(Path file) {
        return file != null || System.getenv(ENV) != null && !System.getenv(ENV).isBlank();
    }

    /** The Hazelcast cluster name of this secret. */
    public String clusterName() {
        return clusterName;
    }

    /** {@code text} sealed (encrypted and authenticated), as Base64. */
    public String seal(String text) {
        return Base64.getEncoder().encodeToString(seal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The text of a sealed message; throws when it was not sealed with this secret or was altered. */
    public String open(String sealed) {
        byte[] b;
        try {
            b = Base64.getDecoder().decode(sealed == null ? "" : sealed);
        } catch (IllegalArgumentException e) {
            throw new ClusterException("cluster message refused: not sealed");
        }
        return new String(open(b), StandardCharsets.UTF_8);
    }

    /** {@code plain} sealed: a random IV, then the AES-GCM cipher text and tag. */
    public byte[] seal(byte[] plain) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] out = new byte[IV_BYTES + c.getOutputSize(plain.length)];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            c.doFinal(plain, 0, plain.length, out, IV_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The bytes of sealed {@code data}; throws when they were not sealed with this secret or were altered. */
    public byte[] open(byte[] data) {
        if (data == null || data.length < IV_BYTES + TAG_BITS / 8) {
            throw new ClusterException("cluster message refused: not sealed");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            return c.doFinal(data, IV_BYTES, data.length - IV_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new ClusterException("cluster message refused: not sealed with this cluster's secret (another "
                    + "secret?) or altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ClusterSecret[" + clusterName + "]";
    }
}
