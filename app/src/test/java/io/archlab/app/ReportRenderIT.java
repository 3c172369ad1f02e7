package io.archlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.reports.Reports;
import io.archlab.reports.SeededRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Reports opened from disk in headless Chromium, as a reviewer opens an attachment: rendered to
 * PNG (full page, in {@code target/screenshots/}) and checked for what makes them readable —
 * nothing wider than the window, numbers right-aligned, every chart drawn with its axis titles
 * and units inside the chart, tick labels apart, text at a readable size.
 */
class ReportRenderIT {
    @TempDir
    Path dir;

    /** Facts about the rendered page, measured by the browser. */
    private static final String MEASURE = """
            const out = {};
            out.overflow = document.documentElement.scrollWidth - window.innerWidth;
            out.height = document.documentElement.scrollHeight;
            out.numbersLeft = [...document.querySelectorAll('td.num, th.num')]
                .filter(c => getComputedStyle(c).textAlign !== 'right').length;
            out.numbers = document.querySelectorAll('td.num').length;
            out.smallText = [...document.querySelectorAll('p, td, th, li')]
                .filter(e => parseFloat(getComputedStyle(e).fontSize) < 12).length;
            out.charts = [...document.querySelectorAll('svg')].map(svg => {
              const box = svg.getBoundingClientRect();
              const texts = [...svg.querySelectorAll('text')];
              const outside = texts.filter(t => { const b = t.getBoundingClientRect();
                return b.left < box.left - 1 || b.top < box.top - 1 || b.right > box.right + 1
                  || b.bottom > box.bottom + 1; }).map(t => t.textContent);
              const ticks = texts.filter(t => t.classList.contains('tick')).map(t => t.getBoundingClientRect());
              const labels = texts.filter(t => t.classList.contains('point-label')).map(t => t.getBoundingClientRect());
              const overlapping = boxes => { let n = 0;
                for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                  const a = boxes[i], b = boxes[j];
                  if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) n++;
                }
                return n; };
              const overlaps = overlapping(ticks) + overlapping(labels);
              return { width: svg.getBoundingClientRect().width,
                       axes: [...svg.querySelectorAll('text.axis-title')].map(t => t.textContent),
                       outside: outside, overlaps: overlaps, ticks: ticks.length };
            });
            return JSON.stringify(out);
            """;

    @Test
    void should_render_each_report_offline_to_a_readable_png() throws Exception {
        BrowserSession.assumeChromium();
        Path home = dir.resolve("home");
        Path shots = Files.createDirectories(BrowserSession.SCREENSHOTS);
        try (Store store = Stores.openHome(home)) {
            SeededRuns.seed(store);
            for (String run : List.of(SeededRuns.RUN, SeededRuns.DEAD)) {
                Reports.write(store, run, dir.resolve(run), EnumSet.of(Reports.Format.html));
            }
        }
        WebDriver driver = BrowserSession.chrome(dir);
        try {
            for (String run : List.of(SeededRuns.RUN, SeededRuns.DEAD)) {
                driver.get(dir.resolve(run).resolve("report.html").toUri().toString());
                Map<?, ?> m = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                        (String) ((JavascriptExecutor) driver).executeScript(MEASURE), Map.class);
                assertTrue(((Number) m.get("overflow")).intValue() <= 0, run + ": wider than the window: " + m);
                assertEquals(0, ((Number) m.get("numbersLeft")).intValue(), run + ": numbers right-aligned");
                assertEquals(0, ((Number) m.get("smallText")).intValue(), run + ": text at 12 px or more");
                List<?> charts = (List<?>) m.get("charts");
                assertEquals(run.equals(SeededRuns.RUN) ? 2 : 0, charts.size(), run + ": " + m);
                for (Object o : charts) {
                    Map<?, ?> c = (Map<?, ?>) o;
                    assertTrue(((Number) c.get("width")).doubleValue() >= 600, "chart drawn at full size: " + c);
                    List<?> axes = (List<?>) c.get("axes");
                    assertEquals(2, axes.size(), c.toString());
                    assertTrue(axes.stream().allMatch(a -> a.toString().matches(".*\\(.+\\).*")
                            || a.toString().equals("Trial number")), "axis titles carry units: " + axes);
                    assertEquals(List.of(), c.get("outside"), "no text outside the chart: " + c);
                    assertEquals(0, ((Number) c.get("overlaps")).intValue(), "tick and point labels apart: " + c);
                    assertTrue(((Number) c.get("ticks")).intValue() >= 5, c.toString());
                }
                int height = ((Number) m.get("height")).intValue();
                Map<String, Object> shot = ((ChromeDriver) driver).executeCdpCommand("Page.captureScreenshot", Map.of(
                        "format", "png", "captureBeyondViewport", true,
                        "clip", Map.of("x", 0, "y", 0, "width", 1400, "height", height, "scale", 1)));
                byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
                Path file = shots.resolve("report-" + run + ".png");
                Files.write(file, png);
                assertEquals(height, pngHeight(png), "the whole page in one image: " + file);
            }
        } finally {
            driver.quit();
        }
    }

    /** The height in pixels written in a PNG's header. */
    private static int pngHeight(byte[] png) {
        assertTrue(png.length > 24 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG");
        return java.nio.ByteBuffer.wrap(png, 20, 4).getInt();
    }
}
