package io.archlab.sandbox.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every member of one archlab cluster shares. Two things are derived from it: the
 * Hazelcast cluster name (a member with another secret has another cluster name, and Hazelcast
 * refuses its join), and the key of the HMAC-SHA256 signature carried by every message (a member
 * that learnt the cluster name but not the secret can neither give work to workers nor return
 * results the coordinator accepts). The secret itself never crosses the network.
 */
public final class ClusterSecret {
    /** The environment variable the secret is read from when no file is given. */
    public static final String ENV = "ARCHLAB_CLUSTER_SECRET";
    /** Shortest secret accepted. */
    public static final int MIN_LENGTH = 16;

    private final String clusterName;
    private final byte[] macKey;

    private ClusterSecret(String secret) {
        if (secret == null || secret.strip().length() < MIN_LENGTH) {
            throw new ClusterException("the cluster secret must have at least " + MIN_LENGTH + " characters");
        }
        String s = secret.strip();
        this.clusterName = "archlab-" + HexFormat.of().formatHex(sha256("archlab cluster name\0" + s)).substring(0, 24);
        this.macKey = sha256("archlab message key\0" + s);
    }

    /** The secret {@code secret}. */
    public static ClusterSecret of(String secret) {
        return new ClusterSecret(secret);
    }

    /** The secret in {@code file} (first line), or from {@value #ENV} when {@code file} is null. */
    public static ClusterSecret load(Path file) {
        if (file != null) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                return new ClusterSecret(text.lines().findFirst().orElse(""));
            } catch (IOException e) {
                throw new ClusterException("cannot read the cluster secret file " + file + ": " + e.getMessage(), e);
            }
        }
        String env = System.getenv(ENV);
        if (env == null || env.isBlank()) {
            throw new ClusterException("no cluster secret: set " + ENV + " (the same on every member, at least "
                    + MIN_LENGTH + " characters) or give --secret-file FILE");
        }
        return new ClusterSecret(env);
    }

    /** The Hazelcast cluster name of this secret. */
    public String clusterName() {
        return clusterName;
    }

    /** {@code body} with its signature: {@code <64 hex digits>.<body>}. */
    public String sign(String body) {
        return HexFormat.of().formatHex(mac(body)) + "." + body;
    }

    /** The body of a signed message; throws when the signature does not match. */
    public String verify(String signed) {
        int dot = signed == null ? -1 : signed.indexOf('.');
        if (dot != 64) {
            throw new ClusterException("unsigned cluster message refused");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signed.substring(0, 64));
        } catch (IllegalArgumentException e) {
            throw new ClusterException("malformed cluster message signature refused");
        }
        String body = signed.substring(65);
        if (!MessageDigest.isEqual(given, mac(body))) {
            throw new ClusterException("cluster message with a wrong signature refused (another secret?)");
        }
        return body;
    }

    private byte[] mac(String body) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(macKey, "HmacSHA256"));
            return m.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ClusterSecret[" + clusterName + "]";
    }
}
