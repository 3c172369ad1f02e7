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

    /** Environment variable naming the knowledge base's JDBC URL (e.g. a team's PostgreSQL). */
    public static final String URL_ENV = "ARCHLAB_DB_URL";

    /**
     * The knowledge base of {@code home}: the database at {@code $ARCHLAB_DB_URL} when set (with
     * {@code $ARCHLAB_DB_USER} and {@code $ARCHLAB_DB_PASSWORD}), else the embedded H2 file.
     */
    public static Store open(Path home) {
        String url = System.getenv(URL_ENV);
        if (url == null || url.isBlank()) {
            return openHome(home);
        }
        return openUrl(url.strip(), System.getenv("ARCHLAB_DB_USER"), System.getenv("ARCHLAB_DB_PASSWORD"));
    }

    /**
     * The embedded H2 store under {@code home}, created if missing. The home and the database's
     * files are private to their owner ({@link PrivateHome}), and the database admits only the
     * home's own random credential: the TCP port H2's mixed mode opens on loopback, so that a
     * dashboard can read while a run writes, refuses anyone who cannot read that credential.
     */
    public static Store openHome(Path home) {
        PrivateHome.prepare(home);
        Path db = home.toAbsolutePath().resolve(H2_FILE);
        boolean existed = Files.exists(db.resolveSibling(H2_FILE + ".mv.db"));
        boolean hadCredential = Files.exists(home.resolve(PrivateHome.CREDENTIAL_FILE));
        String credential = PrivateHome.credential(home);
        // WRITE_DELAY=0: a committed trial reaches the file at once, so a process killed right after a
        // commit loses nothing. Tried 10 ms (H2 then compacts the file, which it does not at 0: 400K
        // commits made a 26 GB file, BENCHMARKS.md), but under load a SIGKILL then lost seconds of
        // commits in ResumeIT; durability wins, the file size is a known cost.
        // LOCK_TIMEOUT: trials finishing together wait for each other's row locks instead of failing.
        String url = "jdbc:h2:file:" + db + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
        if (existed && !hadCredential) {
            setCredential(url, credential);   // a home of an older archlab: its database had no password
        }
        Store store = openUrl(url, USER, credential);
        PrivateHome.restrictFiles(db.resolveSibling(H2_FILE + ".mv.db"), db.resolveSibling(H2_FILE + ".lock.db"),
                db.resolveSibling(H2_FILE + ".trace.db"));
        return store;
    }

    /** The embedded database's administrator. */
    static final String USER = "sa";

    /** Gives a database created without a password (by an older archlab) the home's credential. */
    private static void setCredential(String url, String credential) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, USER, "");
                java.sql.Statement st = c.createStatement()) {
            st.execute("ALTER USER " + USER + " SET PASSWORD '" + credential.replace("'", "''") + "'");
        } catch (java.sql.SQLException e) {
            if (e.getErrorCode() != org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw new StoreException("cannot open the knowledge base " + url.substring(0, url.indexOf(';'))
                        + " to give it a credential: " + e.getMessage(), e);
            }
            // it has a password already (set by another process at the same moment): openUrl tells
        }
    }

    private static boolean wrongCredential(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException q && (q.getErrorCode() == org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD
                    || "28P01".equals(q.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** A store at a JDBC URL: {@code jdbc:h2:...} or {@code jdbc:postgresql://host:port/database}. */
    public static Store openUrl(String url, String user, String password) {
        JdbcConnectionPool pool;
        if (url.startsWith("jdbc:h2:")) {
            pool = JdbcConnectionPool.create(url, user, password);
        } else if (url.startsWith("jdbc:postgresql:")) {
            org.postgresql.ds.PGConnectionPoolDataSource pg = new org.postgresql.ds.PGConnectionPoolDataSource();
            pg.setURL(url);
            if (user != null && !user.isEmpty()) {
                pg.setUser(user);
            }
            if (password != null && !password.isEmpty()) {
                pg.setPassword(password);
            }
            pg.setConnectTimeout(10);
            pool = JdbcConnectionPool.create(pg);
        } else {
            throw new StoreException("unsupported knowledge base URL " + url
                    + " (use jdbc:h2:... or jdbc:postgresql://host:port/database)", null);
        }
        Secrets.register(password);
        pool.setMaxConnections(16);
        pool.setLoginTimeout(30);
        try {
            return new JdbcStore(pool, pool::dispose);
        } catch (StoreException e) {
            pool.dispose();
            if (wrongCredential(e)) {
                throw new StoreException("the knowledge base " + url.replaceFirst(";.*", "") + " refused the "
                        + "credential" + (url.startsWith("jdbc:h2:file:") ? " in " + PrivateHome.CREDENTIAL_FILE
                        + " beside it (was the file replaced?)" : " given (ARCHLAB_DB_USER, ARCHLAB_DB_PASSWORD)"), e);
            }
            throw e;
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }
}
