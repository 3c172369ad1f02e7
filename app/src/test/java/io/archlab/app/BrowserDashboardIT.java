package io.archlab.app;

import static io.archlab.app.DashboardSeed.EVIL;
import static io.archlab.app.DashboardSeed.EVIL_NAME;
import static io.archlab.app.DashboardSeed.LENET;
import static io.archlab.app.DashboardSeed.LIVE_RUN;
import static io.archlab.app.DashboardSeed.XSS_RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard in a real headless Chromium against the packaged archlab serving a seeded home:
 * runs, run overview, leaderboard, candidate, lineage, Pareto, compare and insights, as a user
 * clicks through them, with screenshots under {@code target/screenshots/}; and a running run's
 * overview updating by itself when a trial finishes and when a cluster member reports.
 */
class BrowserDashboardIT {
    @TempDir
    static Path dir;

    static BrowserSession b;

    @BeforeAll
    static void start() throws Exception {
        b = BrowserSession.start(dir);
    }

    @BeforeEach
    void needsChromium() {
        BrowserSession.assumeChromium();
    }

    @AfterAll
    static void stop() throws Exception {
        if (b != null) {
            b.close();
        }
    }

    private List<WebElement> rows(String table) {
        return b.driver.findElements(By.cssSelector(table + " tbody tr"));
    }

    private String text(String css) {
        return b.driver.findElement(By.cssSelector(css)).getText();
    }

    /** Waits until the echarts chart in {@code css} has drawn its canvas. */
    private void chartDrawn(String css) {
        b.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css + " canvas")));
        assertTrue(b.driver.findElement(By.cssSelector(css + " canvas")).getSize().getWidth() > 100, css);
    }

    /** Clicks the chart in {@code css} where series {@code series} draws the value {@code valueJs} (a JS array). */
    private void clickChartAt(String css, int series, String valueJs) {
        @SuppressWarnings("unchecked")
        List<Number> xy = (List<Number>) b.js("const el = document.querySelector(arguments[0]);"
                + "el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect();"
                + "const p = echarts.getInstanceByDom(el).convertToPixel({seriesIndex: " + series + "}, "
                + valueJs + ");"
                + "return [r.left + p[0], r.top + p[1]];", css);
        new Actions(b.driver).moveToLocation((int) Math.round(xy.get(0).doubleValue()),
                (int) Math.round(xy.get(1).doubleValue())).click().perform();
    }

    @Test
    void should_navigate_runs_overview_leaderboard_candidate_lineage_pareto_and_compare() throws Exception {
        b.open("/");
        assertEquals(4, rows("#runs").size());
        assertTrue(text("#runs").contains("openai:test-model"));
        assertTrue(text("#runs").contains(EVIL_NAME), "a model-written name shows as text: " + text("#runs"));
        b.screenshot("01-runs");

        b.clickToPage(b.driver.findElement(By.linkText(XSS_RUN)));
        assertTrue(text("h1").startsWith("Run " + XSS_RUN));
        assertEquals("10 / 12", text("[data-text=trials]"));
        assertEquals("2,440 / 100,000", text("[data-text=tokens]"));
        chartDrawn("#chart-best");
        chartDrawn("#chart-outcomes");
        assertTrue(text("#outcomes").contains("compile_error"));
        assertEquals(3, rows("#leaderboard").size());
        b.screenshot("02-overview");

        b.clickToPage(b.driver.findElement(By.linkText("Leaderboard")));
        assertEquals(5, rows("#board").size());
        assertEquals(EVIL_NAME, rows("#board").get(0).findElement(By.cssSelector("td:nth-child(2) a")).getText());
        assertTrue(rows("#board").get(0).getText().contains("[86.80%, 88.00%]"));
        b.screenshot("03-leaderboard");
        b.clickToPage(b.driver.findElement(By.partialLinkText("Params")));
        assertEquals("LeNet5", rows("#board").get(0).findElement(By.cssSelector("td:nth-child(2) a")).getText(),
                "fewest parameters first");
        b.clickToPage(b.driver.findElement(By.partialLinkText("discoveries (1)")));
        assertEquals(1, rows("#board").size());
        b.clickToPage(b.driver.findElement(By.partialLinkText("all (5)")));

        // pick A and B, compare
        b.driver.findElement(By.cssSelector("input[name=a][value='" + LENET + "']")).click();
        b.driver.findElement(By.cssSelector("input[name=b][value='" + EVIL + "']")).click();
        b.clickToPage(b.driver.findElement(By.xpath("//button[contains(., 'Compare A with B')]")));
        assertTrue(b.driver.getCurrentUrl().contains("/compare?"));
        assertTrue(text("#compare").contains("LeNet5") && text("#compare").contains(EVIL_NAME));
        assertTrue(b.driver.findElements(By.cssSelector("#compare-diff tr.added")).size() >= 3);
        assertTrue(text("#ir-diff").contains("batchNorm"));
        b.screenshot("04-compare");

        b.clickToPage(b.driver.findElement(By.linkText(EVIL_NAME)));
        assertEquals(EVIL_NAME, b.driver.findElement(By.id("cand-name")).getText().replace("discovery", "").strip());
        assertTrue(text("#hypothesis").contains(DashboardSeed.SCRIPT), "shown as text: " + text("#hypothesis"));
        assertTrue(b.driver.findElements(By.cssSelector("#source-diff tr.added")).size() >= 3);
        assertTrue(b.driver.findElements(By.cssSelector("#ir-diagram g")).size() >= 10, "IR nodes drawn");
        assertTrue(text("#figures").contains("Peak activation memory"));
        chartDrawn("#chart-curves");
        assertEquals(4, rows("#cand-trials").size());
        WebElement exchange = b.driver.findElement(By.cssSelector("details.exchange"));
        WebElement response = exchange.findElements(By.tagName("pre")).get(1);
        assertFalse(response.isDisplayed(), "LLM exchanges start collapsed");
        exchange.findElement(By.tagName("summary")).click();
        b.wait.until(ExpectedConditions.visibilityOf(response));
        assertTrue(response.getText().contains(DashboardSeed.END_SCRIPT), response.getText());
        b.screenshot("05-candidate");

        b.clickToPage(b.driver.findElement(By.linkText("Lineage")));
        chartDrawn("#chart-lineage");
        assertTrue(text("#whole").contains("All 5 candidates"));
        b.screenshot("06-lineage");
        @SuppressWarnings("unchecked")
        List<Number> node = (List<Number>) b.js("const t = JSON.parse(document.getElementById('chart-lineage')"
                + ".dataset.json); const n = t.nodes.find(n => n.id === arguments[0]); return [n.x, n.y];", LENET);
        clickChartAt("#chart-lineage", 0, "[" + node.get(0) + ", " + node.get(1) + "]");
        b.wait.until(ExpectedConditions.urlContains("/candidates/" + LENET));
        b.waitLoaded();
        assertEquals("LeNet5", b.driver.findElement(By.id("cand-name")).getText().strip());

        b.clickToPage(b.driver.findElement(By.linkText("Pareto")));
        chartDrawn("#chart-pareto");
        assertEquals(2, rows("#front").size(), "LeNet5 and the discovery are non-dominated");
        b.screenshot("07-pareto");
        clickChartAt("#chart-pareto", 1, "[62574, 0.8702]");   // the discovery, on the front
        b.wait.until(ExpectedConditions.urlContains("/candidates/" + EVIL));
        b.waitLoaded();
        b.driver.navigate().back();
        b.wait.until(ExpectedConditions.urlContains("/pareto"));
        b.waitLoaded();
        new org.openqa.selenium.support.ui.Select(b.driver.findElement(By.id("axis"))).selectByValue("macs");
        b.wait.until(ExpectedConditions.urlContains("x=macs"));
        b.waitLoaded();
        chartDrawn("#chart-pareto");

        b.clickToPage(b.driver.findElement(By.linkText("Insights")));
        assertEquals(2, b.driver.findElements(By.cssSelector("#insights .insight")).size());
        b.driver.findElement(By.name("q")).sendKeys("gating");
        b.clickToPage(b.driver.findElement(By.xpath("//form[@action='/insights']//button")));
        assertEquals(1, b.driver.findElements(By.cssSelector("#insights .insight")).size());
        assertEquals(1, b.driver.findElements(By.cssSelector("#notes .note-item")).size());
        b.screenshot("08-insights");
    }

    @Test
    void should_update_a_running_run_s_overview_live_when_a_trial_finishes() throws Exception {
        b.open("/runs/" + LIVE_RUN);
        assertTrue(text("#live-flag").contains("live"));
        chartDrawn("#chart-best");
        int before = b.store.trialCount(LIVE_RUN);
        assertEquals(before + " / 40", text("[data-text=trials]"));
        assertTrue(text("#inflight").contains("Training Now"));
        String busy = "#members tbody tr:first-child td:nth-child(7)";
        assertEquals("2 / 3", text(busy));
        assertEquals(2, rows("#members").size());
        String name = DashboardSeed.addLiveTrial(b.store, before, 0.93);
        b.store.saveClusterMembers(LIVE_RUN, List.of(DashboardSeed.activeMember(3, DashboardSeed.T.plusSeconds(3720))));
        b.wait.until(ExpectedConditions.textToBe(By.cssSelector(busy), "3 / 3"));
        assertEquals("2026-11-22 11:02:00 UTC", text("#members tbody tr:first-child td:nth-child(11)"));
        assertEquals("", text("#members tbody tr:nth-child(2) td:nth-child(9)"), "an unknown load stays blank");
        b.wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-text=trials]"), (before + 1) + " / 40"));
        b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-text=best]"), name));
        assertTrue(rows("#trials").get(0).getText().contains(name), "the newest trial heads the table");
        assertTrue(text("#live-flag").contains("updated"));
        assertTrue(text("#events").contains("finished: succeeded"));
        b.screenshot("09-live-overview");
        assertTrue(Files.size(BrowserSession.SCREENSHOTS.resolve("09-live-overview.png")) > 10_000);
    }
}
