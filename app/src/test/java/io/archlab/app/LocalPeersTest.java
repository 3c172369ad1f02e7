package io.archlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The dashboard on loopback answers its owner's account only: another account on the same machine
 * (nobody, acting through setpriv) is refused every page, API route and static file.
 */
@QuarkusTest
@TestProfile(DashboardTest.SeededHome.class)
class LocalPeersTest {
    @TestHTTPResource("/")
    URL root;

    @Test
    void should_serve_its_owner_and_refuse_another_local_account() throws Exception {
        List<String> paths = List.of("", "api/runs", "api/runs/no-such-run", "static/archlab/dashboard.css");
        assertEquals(List.of("200", "200", "404", "200"), fetch(List.of(), paths), "the owner's own account is served");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name"))
                && Files.isExecutable(Path.of("/usr/bin/setpriv")), "acting as another account needs root and "
                + "setpriv; the socket-table reading is checked by PeerAccountsTest");
        String refused = "403 archlab: this dashboard serves only the account that runs it on this machine";
        assertEquals(List.of(refused, refused, refused, refused), fetch(List.of("/usr/bin/setpriv", "--reuid=65534",
                "--regid=65534", "--clear-groups"), paths));
    }

    /** Status (and, when refused, body) of GET each path, fetched by a JVM running as the account {@code as} gives. */
    private List<String> fetch(List<String> as, List<String> paths) throws Exception {
        Path dir = Files.createTempDirectory("archlab-peer");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path probe = dir.resolve("Fetch.java");
        Files.writeString(probe, """
                import java.net.URI;
                import java.net.http.HttpClient;
                import java.net.http.HttpRequest;
                import java.net.http.HttpResponse;
                public class Fetch {
                    public static void main(String[] args) throws Exception {
                        HttpClient c = HttpClient.newHttpClient();
                        for (String url : args) {
                            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(url)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            System.out.println(r.statusCode() == 200 ? "200" : r.statusCode() + " " + r.body().strip());
                        }
                    }
                }
                """);
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> cmd = new java.util.ArrayList<>(as);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + dir, probe.toString()));
        paths.forEach(p -> cmd.add(root + p));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(60, TimeUnit.SECONDS);
        Files.delete(probe);
        Files.delete(dir);
        return out.lines().map(String::strip).toList();
    }
}
