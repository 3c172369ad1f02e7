package io.archlab.knowledge;

import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcConnectionPool;

/** Opens the knowledge base: the embedded H2 file under the archlab home, or a JDBC URL. */
public final class Stores {
    /** File name (without H2's extension) of the embedded database under the home. */
    public static final String H2_FILE = "archlab";

    static {
        // H2's automatic mixed mode lets a dashboard read while a run writes; its TCP port serves
        // this machine only.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private Stores() {
    }

    /** The embedded H2 store under {@code home}, created if missing. */
    public static Store openHome(Path home) {
        try {
            Files.createDirectories(home);
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create the archlab home " + home + ": " + e.getMessage(), e);
        }
        // WRITE_DELAY=0: a committed trial reaches the file at once, so a process killed right after
        // a commit loses nothing (H2 otherwise batches commits for up to half a second).
        String url = "jdbc:h2:file:" + home.toAbsolutePath().resolve(H2_FILE) + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        return openUrl(url, "sa", "");
    }

    /** A store at a JDBC URL ({@code jdbc:h2:...}). */
    public static Store openUrl(String url, String user, String password) {
        if (!url.startsWith("jdbc:h2:")) {
            throw new StoreException("unsupported knowledge base URL " + url + " (this version supports jdbc:h2:)",
                    null);
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, user, password);
        pool.setMaxConnections(16);
        try {
            return new JdbcStore(pool, pool::dispose);
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }
}
