package io.archlab.knowledge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The archlab home as a place only its owner can enter: the folder is owner-only (0700, tightened
 * when an older archlab left it open), the knowledge base's files are owner-only (0600), and the
 * embedded database's credential is a random string kept in {@value #CREDENTIAL_FILE} (0600) in the
 * home, never in the store, the logs or the reports. On a file system without POSIX permissions
 * the folder is used as it is.
 */
final class PrivateHome {
    /** The file, in the home, that holds the embedded knowledge base's credential. */
    static final String CREDENTIAL_FILE = "archlab.credential";
    static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PrivateHome() {
    }

    /** Creates {@code home} owner-only, or makes an existing one owner-only. */
    static void prepare(Path home) {
        try {
            if (!Files.isDirectory(home)) {
                if (Files.exists(home)) {
                    throw new StoreException("cannot use the archlab home " + home + ": it exists and is not a folder",
                            null);
                }
                Files.createDirectories(home);
            }
            restrict(home, OWNER_DIR);
        } catch (IOException e) {
            throw new StoreException("cannot create the archlab home " + home + ": " + reason(e), e);
        }
    }

    /** Makes each of {@code files} that exists owner-only. */
    static void restrictFiles(Path... files) {
        for (Path f : files) {
            try {
                if (Files.isRegularFile(f)) {
                    restrict(f, OWNER_FILE);
                }
            } catch (IOException e) {
                throw new StoreException("cannot make " + f + " private: " + reason(e), e);
            }
        }
    }

    /**
     * The credential of the home's embedded knowledge base, created (random, 256 bits) on first use.
     * Two processes starting on a new home at once agree on one: the file appears complete or not at all.
     */
    static String credential(Path home) {
        Path file = home.resolve(CREDENTIAL_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] b = new byte[32];
                RANDOM.nextBytes(b);
                String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                Path tmp = Files.createTempFile(home, ".credential", ".tmp");   // 0600 on POSIX
                try {
                    Files.writeString(tmp, fresh + "\n", StandardCharsets.UTF_8);
                    Files.createLink(file, tmp);   // atomic, and never replaces another process's file
                } catch (FileAlreadyExistsException e) {
                    // another process created it first: use theirs
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            restrict(file, OWNER_FILE);
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.length() < 16) {
                throw new StoreException("the knowledge base credential " + file + " is damaged (shorter than 16 "
                        + "characters); restore it, or move the home's files away to start afresh", null);
            }
            Secrets.register(value);
            return value;
        } catch (UnsupportedOperationException e) {
            throw new StoreException("cannot create the knowledge base credential " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException("cannot read or create the knowledge base credential " + file + ": "
                    + reason(e), e);
        }
    }

    private static void restrict(Path p, Set<PosixFilePermission> perms) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(p).equals(perms)) {
                Files.setPosixFilePermissions(p, perms);
            }
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions on this file system
        }
    }

    /** What went wrong, in words: Java's file exceptions carry only the path as their message. */
    static String reason(IOException e) {
        String kind = switch (e.getClass().getSimpleName()) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such file or folder";
            case "FileAlreadyExistsException" -> "a file of that name is in the way";
            case "NotDirectoryException" -> "a part of the path is not a folder";
            case "FileSystemException" -> ((java.nio.file.FileSystemException) e).getReason();
            default -> e.getMessage();
        };
        String where = e instanceof java.nio.file.FileSystemException fse && fse.getFile() != null
                ? " (" + fse.getFile() + ")" : "";
        return (kind == null ? e.getClass().getSimpleName() : kind) + where;
    }
}
