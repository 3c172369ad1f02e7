package io.archlab.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The knowledge base is private to the account that owns the home: what another local user can
 * open of a home whose store is open (served over H2's loopback port, as while a run or a
 * dashboard uses it).
 */
class PrivateHomeTest {
    @TempDir
    Path tmp;

    @Test
    void should_create_the_home_and_its_database_files_owner_only() throws Exception {
        Path home = tmp.resolve("home");
        try (Store s = Stores.openHome(home)) {
            withRun(s);
            assertEquals("rwx------", mode(home));
            for (String f : List.of("archlab.mv.db", "archlab.lock.db", PrivateHome.CREDENTIAL_FILE)) {
                assertEquals("rw-------", mode(home.resolve(f)), f);
            }
        }
    }

    @Test
    void should_tighten_a_home_an_older_archlab_left_open() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("open-home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Stores.openHome(home).close();
        assertEquals("rwx------", mode(home));
    }

    @Test
    void should_refuse_the_empty_password_of_the_old_default_while_the_store_is_served() throws Exception {
        Path home = tmp.resolve("served");
        try (Store s = Stores.openHome(home)) {
            withRun(s);
            Served served = Served.of(home);
            SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(served.tcpUrl(),
                    "sa", "").close());
            assertEquals(org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD, e.getErrorCode());
            SQLException viaFile = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    "jdbc:h2:file:" + home.toAbsolutePath().resolve("archlab") + ";AUTO_SERVER=TRUE", "sa", "").close());
            assertEquals(org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD, viaFile.getErrorCode());
            // the same URL with the home's credential is admitted: the refusal is the credential's doing
            try (Connection c = DriverManager.getConnection(served.tcpUrl(), "sa", served.credential())) {
                assertTrue(c.isValid(5));
            }
        }
    }

    @Test
    void should_give_a_database_an_older_archlab_made_without_password_the_home_credential() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("old"));
        String url = "jdbc:h2:file:" + home.toAbsolutePath().resolve("archlab");
        try (Store old = Stores.openUrl(url + ";AUTO_SERVER=TRUE", "sa", "")) {   // as archlab stored it before
            withRun(old);
        }
        try (Store s = Stores.openHome(home)) {
            assertEquals(List.of("r"), s.runs().stream().map(RunRecord::id).toList());
        }
        String credential = Files.readString(home.resolve(PrivateHome.CREDENTIAL_FILE)).strip();
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "sa", "").close());
        assertEquals(org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD, e.getErrorCode());
        try (Connection c = DriverManager.getConnection(url, "sa", credential)) {
            assertTrue(c.isValid(5));
        }
    }

    @Test
    void should_keep_the_credential_out_of_the_stored_text() throws Exception {
        Path home = tmp.resolve("secret");
        try (Store s = Stores.openHome(home)) {
            String credential = Files.readString(home.resolve(PrivateHome.CREDENTIAL_FILE)).strip();
            withRun(s);
            s.addEvent("r", "stopped", "connection failed with password " + credential);
            String stored = s.events("r").get(0).message();
            assertFalse(stored.contains(credential), stored);
            assertTrue(stored.contains(Secrets.MARK), stored);
        }
    }

    @Test
    void should_say_why_a_home_cannot_be_created() {
        Path file = tmp.resolve("a-file");
        StoreException e = assertThrows(StoreException.class, () -> {
            Files.writeString(file, "x");
            Stores.openHome(file.resolve("home"));
        });
        assertTrue(e.getMessage().startsWith("cannot create the archlab home " + file.resolve("home") + ": "),
                e.getMessage());
        assertTrue(e.getMessage().contains("not a folder") || e.getMessage().contains("Not a directory"),
                e.getMessage());
    }

    /**
     * Another account on this machine (nobody), given even the port and the key of H2's server,
     * can neither enter the home nor open a SQL session. Needs root to act as that account.
     */
    @Test
    void should_refuse_another_local_user_everything_of_a_served_home() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(
                Path.of("/usr/bin/setpriv")), "acting as another account needs root and setpriv; the owner-only "
                + "modes and the credential are checked by the other tests of this class");
        // only the home's own modes may stand in the way: JUnit's temporary folder is owner-only itself
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = tmp.resolve("victim");
        try (Store s = Stores.openHome(home)) {
            withRun(s);
            Served served = Served.of(home);
            Path probeDir = Files.createTempDirectory("archlab-probe");
            try {
                Files.setPosixFilePermissions(probeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                Files.copy(h2, probeDir.resolve("h2.jar"));
                try (InputStream in = PrivateHomeTest.class.getResourceAsStream("OtherUserProbe.java.txt")) {
                    Files.write(probeDir.resolve("OtherUserProbe.java"), in.readAllBytes());
                }
                for (Path p : List.of(probeDir.resolve("h2.jar"), probeDir.resolve("OtherUserProbe.java"))) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
                }
                List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                        "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Duser.home=" + probeDir, "-cp", probeDir.resolve("h2.jar").toString(),
                        probeDir.resolve("OtherUserProbe.java").toString(), home.toAbsolutePath().toString(),
                        served.tcpUrl()));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(probeDir.toFile()).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
                assertEquals(0, p.exitValue(), out);
                List<String> lines = out.lines().filter(l -> l.contains(": ")).toList();
                assertEquals(List.of("uid", "list home", "read database", "read lock file", "read credential",
                        "sql via the file URL", "sql over tcp with the key"),
                        lines.stream().map(l -> l.substring(0, l.indexOf(": "))).toList(), out);
                assertEquals("uid: 65534", lines.get(0), out);
                for (String l : lines.subList(1, lines.size())) {
                    assertTrue(l.contains(": refused"), "another user got in: " + l);
                }
                assertTrue(lines.get(lines.size() - 1).contains("Wrong user name or password"), out);
            } finally {
                try (var files = Files.list(probeDir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(probeDir);
            }
        }
    }

    private static void withRun(Store s) {
        s.createRun(StoreContractTest.run("r"));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Where H2 serves the home's database while it is open, read from its lock file as H2's own clients do. */
    private record Served(String tcpUrl, String credential) {
        static Served of(Path home) throws Exception {
            Properties lock = new Properties();
            try (InputStream in = Files.newInputStream(home.resolve("archlab.lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server");
            String key = lock.getProperty("id");
            assertTrue(server != null && key != null, "H2 serves the open store: " + lock);
            return new Served("jdbc:h2:tcp://" + server + "/" + key,
                    Files.readString(home.resolve(PrivateHome.CREDENTIAL_FILE)).strip());
        }
    }
}
