package io.archlab.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The packaged archlab serving a seeded home ({@code archlab serve --home H --port P}, a child
 * process, as a user starts it) and a headless Chromium driving it through Debian's chromedriver.
 * The chromedriver and browser are named explicitly, so Selenium Manager never downloads one; on
 * a machine without them the calling test is skipped with a message saying so.
 */
final class BrowserSession implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("archlab.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("archlab.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of(System.getProperty("archlab.screenshots", "target/screenshots"));
    static final Duration WAIT = Duration.ofSeconds(30);
    static final int MAX_SHOT_HEIGHT = 5000;

    final Path home;
    final Store store;
    final int port;
    final WebDriver driver;
    final WebDriverWait wait;
    private final Process app;
    private final Path logs;

    private BrowserSession(Path home, Store store, int port, Process app, Path logs, WebDriver driver) {
        this.home = home;
        this.store = store;
        this.port = port;
        this.app = app;
        this.logs = logs;
        this.driver = driver;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /**
     * Skips the calling test, visibly, unless Chromium and its driver are installed
     * ({@code apt-get install chromium chromium-driver}).
     */
    static void assumeChromium() {
        boolean present = chromiumPresent();
        if (!present) {
            System.err.println("*** SKIPPED: browser tests of the dashboard need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "); install them with: apt-get install chromium chromium-driver");
        }
        assumeTrue(present, "browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing "
                + "(apt-get install chromium chromium-driver)");
    }

    static boolean chromiumPresent() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Seeds a home under {@code dir}, serves it on a free port, and opens a headless Chromium; null
     * when Chromium is missing (each test then skips itself through {@link #assumeChromium()}).
     */
    static BrowserSession start(Path dir) throws Exception {
        if (!chromiumPresent()) {
            return null;
        }
        Path home = dir.resolve("home");
        Store store = Stores.openHome(home);   // stays open: tests write to it while the app serves it
        DashboardSeed.seed(store);
        int port = freePort();
        Path logs = dir.resolve("app-logs");
        Process app = AppProcess.start(logs, home, "serve", "--port", Integer.toString(port));
        try {
            awaitUp(app, port, logs);
            return new BrowserSession(home, store, port, app, logs, chrome(dir));
        } catch (Exception | AssertionError e) {
            app.destroy();
            app.waitFor(20, TimeUnit.SECONDS);
            store.close();
            throw e;
        }
    }

    static WebDriver chrome(Path dir) throws IOException {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        // an alert left open is reported (by alertOpen), not dismissed behind the test's back
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        return new ChromeDriver(service, options);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitUp(Process app, int port, Path logs) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new AssertionError("archlab serve exited with " + app.exitValue() + ":\n" + log(logs));
            }
            try {
                if (client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("archlab serve did not answer on port " + port + ":\n" + log(logs));
    }

    private static String log(Path logs) throws IOException {
        return Files.readString(logs.resolve("out.txt")) + Files.readString(logs.resolve("err.txt"));
    }

    /** The address of {@code path} on the served dashboard. */
    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Opens {@code path} and waits until the document and its scripts have loaded. */
    void open(String path) {
        driver.get(url(path));
        waitLoaded();
    }

    /**
     * Clicks {@code element}, which leads to another page, and waits until that page has loaded: the
     * old page is marked, and the new one is the first without the mark.
     */
    void clickToPage(org.openqa.selenium.WebElement element) {
        String mark = java.util.UUID.randomUUID().toString();
        js("window.__archlabPage = arguments[0]", mark);
        element.click();
        wait.until(d -> {
            try {
                return !mark.equals(js("return window.__archlabPage"));
            } catch (org.openqa.selenium.WebDriverException navigating) {
                return false;
            }
        });
        waitLoaded();
    }

    void waitLoaded() {
        wait.until(d -> {
            try {
                return "complete".equals(js("return document.readyState"));
            } catch (org.openqa.selenium.WebDriverException navigating) {
                return false;
            }
        });
    }

    Object js(String script, Object... args) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Whether a JavaScript dialog (alert, confirm, prompt) is open. */
    boolean alertOpen() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    /** The browser console's entries since the last call. */
    List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /**
     * Writes a screenshot of the whole page (up to {@link #MAX_SHOT_HEIGHT} pixels high) as
     * {@code SCREENSHOTS/name.png} and returns its path.
     */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Dimension size = driver.manage().window().getSize();
        long height = ((Number) js("return Math.max(document.body.scrollHeight, window.innerHeight)")).longValue();
        driver.manage().window().setSize(new Dimension(size.getWidth(),
                (int) Math.min(MAX_SHOT_HEIGHT, height + size.getHeight() - viewportHeight())));
        try {
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path to = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    private long viewportHeight() {
        return ((Number) js("return window.innerHeight")).longValue();
    }

    @Override
    public void close() throws Exception {
        try {
            driver.quit();
        } finally {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
            store.close();
        }
    }
}
