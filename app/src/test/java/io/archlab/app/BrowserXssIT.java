package io.archlab.app;

import static io.archlab.app.DashboardSeed.EVIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

/**
 * The XSS corpus planted in names, hypotheses, motivations, change summaries, source, failure
 * messages, events, insights, LLM prompts and answers, and notes, in a real Chromium: on every
 * page, with every collapsed section opened and every chart's tooltip shown, no planted script
 * runs, no dialog opens, no link leads to {@code javascript:}, the console reports no error (no
 * script error, no blocked inline script), and the payloads are visible as plain text.
 */
class BrowserXssIT {
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

    /** Opens every details element, then shows the tooltip of the first items of every chart. */
    private void exercise() {
        for (WebElement s : b.driver.findElements(By.cssSelector("details > summary"))) {
            if (s.isDisplayed()) {
                s.click();
            }
        }
        b.js("document.querySelectorAll('.chart').forEach(function (el) {"
                + "  const c = window.echarts && echarts.getInstanceByDom(el); if (!c) return;"
                + "  const series = c.getOption().series || [];"
                + "  series.forEach(function (s, si) { const n = (s.data || []).length;"
                + "    for (let i = 0; i < Math.min(n, 8); i++) {"
                + "      c.dispatchAction({type: 'showTip', seriesIndex: si, dataIndex: i});"
                + "      if (s.type === 'graph') c.dispatchAction({type: 'showTip', seriesIndex: si, dataIndex: i,"
                + "        dataType: 'edge'}); } }); });");
    }

    @Test
    void should_run_no_planted_script_on_any_page() throws Exception {
        List<String> failures = new ArrayList<>();
        int shot = 0;
        for (String page : DashboardPagesTest.PAGES) {
            b.open(page);
            int charts = b.driver.findElements(By.cssSelector(".chart")).size();
            b.wait.withMessage(() -> page + ": charts not drawn; console: " + b.console())
                    .until(d -> d.findElements(By.cssSelector(".chart canvas")).size() == charts);
            exercise();
            if (b.alertOpen()) {
                failures.add(page + ": a dialog opened");
                b.driver.switchTo().alert().dismiss();
            }
            Object xss = b.js("return typeof window.__xss");
            if (!"undefined".equals(xss)) {
                failures.add(page + ": window.__xss was set");
            }
            Number jsLinks = (Number) b.js("return Array.from(document.querySelectorAll('[href],[src],[action]'))"
                    + ".filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src')"
                    + " || e.getAttribute('action') || '')).length");
            if (jsLinks.intValue() != 0) {
                failures.add(page + ": " + jsLinks + " javascript: links");
            }
            Number handlers = (Number) b.js("return Array.from(document.querySelectorAll('*')).filter(e =>"
                    + " Array.from(e.attributes).some(a => /^on/i.test(a.name))).length");
            if (handlers.intValue() != 0) {
                failures.add(page + ": " + handlers + " elements with event-handler attributes");
            }
            for (LogEntry e : b.console()) {
                if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    failures.add(page + ": console: " + e.getMessage());
                }
            }
            if (page.startsWith("/candidates/") || page.startsWith("/compare?") || page.equals("/insights")) {
                b.screenshot(String.format("xss-%02d-%s", ++shot, page.replaceAll("[^A-Za-z0-9]+", "_")));
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void should_show_the_payloads_as_plain_text() {
        b.open("/candidates/" + EVIL);
        String body = b.driver.findElement(By.tagName("body")).getText();
        assertTrue(body.contains(DashboardSeed.IMG + "GatedLeNet"), "the name as typed");
        assertTrue(body.contains(DashboardSeed.SCRIPT), "the hypothesis as typed");
        assertTrue(body.contains(DashboardSeed.LINK), "the change summary as typed");
        assertTrue(b.driver.findElements(By.cssSelector("main img, main svg[onload], main script")).isEmpty(),
                "no element was created from the payloads");
        assertFalse(b.alertOpen());
        assertEquals("undefined", b.js("return typeof window.__xss"));
    }
}
