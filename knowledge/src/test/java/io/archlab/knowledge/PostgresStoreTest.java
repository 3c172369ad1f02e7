package io.archlab.knowledge;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on a real PostgreSQL 16 server, started from Maven jars on a loopback port with a
 * temporary data directory; every test gets a fresh database.
 */
class PostgresStoreTest extends StoreContractTest {
    static EmbeddedPostgres server;
    static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    Store open() throws Exception {
        String db = "contract_" + DATABASES.incrementAndGet();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        return Stores.openUrl("jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + db, "postgres", "");
    }
}
