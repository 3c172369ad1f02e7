package io.archlab.app;

import static io.archlab.app.DashboardSeed.BROKEN;
import static io.archlab.app.DashboardSeed.EVIL;
import static io.archlab.app.DashboardSeed.IMG_ESCAPED;
import static io.archlab.app.DashboardSeed.LENET;
import static io.archlab.app.DashboardSeed.LIVE_RUN;
import static io.archlab.app.DashboardSeed.MEMBER_ACTIVE;
import static io.archlab.app.DashboardSeed.MEMBER_LEFT;
import static io.archlab.app.DashboardSeed.MLP;
import static io.archlab.app.DashboardSeed.SCRIPT_ESCAPED;
import static io.archlab.app.DashboardSeed.XSS_RUN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.app.web.DashboardStore;
import io.archlab.knowledge.Store;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every dashboard page over a seeded knowledge base: status, content, escaping, headers, and 404s. */
@QuarkusTest
@TestProfile(DashboardPagesTest.Home.class)
class DashboardPagesTest {
    /** A fresh home for these tests, seeded by {@link DashboardSeed}, deleted when the JVM exits. */
    public static class Home implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                java.nio.file.Path home = Files.createTempDirectory("archlab-dash-pages");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(home)));
                return Map.of("archlab.home", home.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void delete(java.nio.file.Path dir) {
            try (Stream<java.nio.file.Path> all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind
            }
        }
    }

    /** Every page of the seeded store that shows model-written text. */
    static final List<String> PAGES = List.of("/", "/runs/" + XSS_RUN, "/runs/" + XSS_RUN + "/leaderboard",
            "/runs/" + XSS_RUN + "/leaderboard?filter=failed", "/runs/" + XSS_RUN + "/pareto",
            "/runs/" + XSS_RUN + "/pareto?x=macs", "/runs/" + XSS_RUN + "/pareto?x=latency",
            "/runs/" + XSS_RUN + "/lineage", "/candidates/" + EVIL, "/candidates/" + BROKEN, "/candidates/" + LENET,
            "/compare?a=" + LENET + "&b=" + EVIL, "/compare?a=" + EVIL + "&b=" + BROKEN, "/insights",
            "/insights?run=" + XSS_RUN, "/runs/" + LIVE_RUN, "/runs/" + DashboardSeed.EMPTY_RUN,
            "/runs/" + DashboardSeed.EMPTY_RUN + "/leaderboard", "/runs/" + DashboardSeed.EMPTY_RUN + "/pareto",
            "/runs/" + DashboardSeed.EMPTY_RUN + "/lineage", "/compare", "/runs/" + DashboardSeed.FOREIGN_RUN,
            "/runs/" + DashboardSeed.FOREIGN_RUN + "/leaderboard", "/runs/" + DashboardSeed.FOREIGN_RUN + "/lineage",
            "/runs/" + XSS_RUN + "/report", "/runs/" + LIVE_RUN + "/report", "/runs/" + DashboardSeed.EMPTY_RUN + "/report");

    /** A script element without a src: inline script, which the pages must never have. */
    static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);

    @Inject
    DashboardStore dashboard;

    @TestHTTPResource("/api/runs/" + LIVE_RUN + "/live")
    URI liveEvents;

    @TestHTTPResource("/api/runs/" + XSS_RUN + "/live")
    URI finishedEvents;

    @BeforeEach
    void seed() {
        DashboardSeed.seed(dashboard.get());
    }

    @Test
    void should_list_every_run_with_state_proposer_budgets_and_best_result() {
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .body(containsString("href=\"/runs/r-xss\""), containsString("href=\"/runs/r-live\""),
                        containsString("href=\"/runs/r-empty\""))
                .body(containsString("<span class=\"badge running\">running</span>"),
                        containsString("<span class=\"badge completed\">completed</span>"))
                .body(containsString("openai:test-model"), containsString("10/12"), containsString("/40"))
                .body(containsString("2,440 / 100,000"), containsString("$0.0004 / $2.0000"))
                .body(containsString(IMG_ESCAPED + "GatedLeNet"), containsString("87.02%"),
                        containsString("86.55%"));
    }

    @Test
    void should_show_a_run_overview_with_budgets_best_so_far_outcomes_and_latest_events() {
        given().get("/runs/" + XSS_RUN).then().statusCode(200)
                .body(containsString("10 / 12"), containsString("3.3 / 30.0 min"), containsString("$0.0004 / $2.00"))
                .body(containsString("id=\"chart-best\""), containsString("id=\"chart-outcomes\""),
                        containsString("data-json=\"{"))
                .body(containsString("<td class=\"fail\">compile_error</td>"))
                .body(containsString("5 (1 failed, 2 promoted, 1 discoveries)"))
                .body(containsString(SCRIPT_ESCAPED), containsString("run completed"))
                .body(containsString("/_static/echarts/5.6.0/dist/echarts.min.js"));
        given().get("/runs/" + LIVE_RUN).then().statusCode(200)
                .body(containsString("● live"), containsString("Training Now"),
                        containsString("data-live-url=\"/api/runs/r-live/live\""));
    }

    /** The page at {@code path}, parsed. */
    static Document page(String path) {
        return Jsoup.parse(given().get(path).then().statusCode(200).extract().asString());
    }

    /** The body rows of {@code table}, each as the text of its cells matching {@code cells} (empty ones too). */
    static List<List<String>> cells(Document page, String table, String cells) {
        return page.select(table + " tbody tr").stream()
                .map(tr -> tr.select(cells).stream().map(Element::text).toList()).toList();
    }

    @Test
    void should_show_a_run_s_cluster_members_with_slots_busy_load_memory_and_last_report() {
        String html = given().get("/runs/" + LIVE_RUN).then().statusCode(200).extract().asString();
        Document page = Jsoup.parse(html);
        Element section = page.getElementById("cluster");
        assertNotNull(section, "a run with members has the section");
        assertFalse(section.hasAttr("hidden"));
        assertEquals("Cluster members", section.selectFirst("h2").text());
        assertEquals(List.of("Member", "Address", "Labels", "State", "Cores", "Slots", "Busy", "Trials done",
                "Load avg.", "RSS (MB)", "Last seen"), page.select("#members thead th").stream().map(Element::text)
                .toList());
        // by time of joining; the load average of the member that left is unknown (NaN): a blank cell
        List<List<String>> rows = List.of(
                List.of("3f2a9c1e", "10.0.0.5:5701", "gpu=a100,zone=b", "active", "16", "3", "2 / 3", "14", "3.14",
                        "1,235", "2026-11-22 11:01:35 UTC"),
                List.of("b7e1d2c3", "10.0.0.7:5701", "zone=c," + DashboardSeed.SCRIPT, "left", "8", "2", "0 / 2", "5",
                        "", "512", "2026-11-22 11:01:40 UTC"));
        assertEquals(rows, cells(page, "#members", "td"));
        assertEquals(rows.stream().map(r -> r.subList(4, 10)).toList(), cells(page, "#members", "td.num"),
                "cores, slots, busy, trials done, load and RSS are right-aligned");
        assertEquals(List.of(MEMBER_ACTIVE, MEMBER_LEFT), page.select("#members tbody tr td:first-child").stream()
                .map(td -> td.attr("title")).toList(), "the whole id on hover");
        assertTrue(html.contains(">zone=c," + SCRIPT_ESCAPED + "</td>"), "labels are escaped");

        given().get("/api/runs/" + LIVE_RUN + "/members").then().statusCode(200)
                .body("memberId", contains(MEMBER_ACTIVE, MEMBER_LEFT)).body("state", contains("active", "left"))
                .body("[0].busy", equalTo(2)).body("[0].slots", equalTo(3)).body("[0].loadAverage", equalTo(3.14159f))
                .body("[0].rssBytes", equalTo(1_234_567_890)).body("[0].lastSeen", equalTo("2026-11-22T11:01:35Z"))
                .body("[1].loadAverage", nullValue()).body("[1].loadText", equalTo(""))
                .body("[1].labels", equalTo("zone=c," + DashboardSeed.SCRIPT));
        given().get("/api/runs/" + LIVE_RUN + "/overview").then().statusCode(200)
                .body("members.shortId", contains("3f2a9c1e", "b7e1d2c3"))
                .body("members[0].busyText", equalTo("2 / 3"));
    }

    @Test
    void should_leave_out_the_cluster_section_of_a_run_without_members() {
        for (String run : List.of(XSS_RUN, DashboardSeed.EMPTY_RUN, DashboardSeed.FOREIGN_RUN)) {
            Document page = page("/runs/" + run);
            assertNull(page.getElementById("cluster"), run);
            assertTrue(page.select("#members").isEmpty(), run);
            assertFalse(page.text().contains("Cluster members"), run);
        }
        given().get("/api/runs/" + XSS_RUN + "/members").then().statusCode(200).body("size()", equalTo(0));
        given().get("/api/runs/" + XSS_RUN + "/overview").then().statusCode(200).body("members.size()", equalTo(0));
    }

    /** A running run's page keeps the section, hidden, so that its live updates can show the first member to join. */
    @Test
    void should_hide_the_cluster_section_of_a_running_run_until_a_member_joins() {
        Store store = dashboard.get();
        String alone = "r-live-alone";
        if (store.run(alone).isEmpty()) {
            store.createRun(DashboardSeed.running(alone));
        }
        Element section = page("/runs/" + alone).getElementById("cluster");
        assertNotNull(section);
        assertTrue(section.hasAttr("hidden"));
        assertTrue(section.select("#members tbody tr").isEmpty());
    }

    /** A leaderboard row's name cell (parents are linked too, without the proposer line). */
    static String row(String name) {
        return ">" + name + "</a><div class=\"small muted\">";
    }

    @Test
    void should_show_a_run_whose_configuration_cannot_be_read_with_unknown_budgets() {
        given().get("/").then().statusCode(200).body(containsString("href=\"/runs/r-foreign\""))
                .body(containsString("budgets unknown"));
        given().get("/runs/" + DashboardSeed.FOREIGN_RUN).then().statusCode(200)
                .body(containsString("its stored configuration could not be read"))
                .body(containsString("data-text=\"trials\">1</div>"), containsString("78.00%"));
        given().get("/api/runs/" + DashboardSeed.FOREIGN_RUN).then().statusCode(200)
                .body("note", containsString("budgets are unknown")).body("best.name", equalTo("Mlp"));
    }

    @Test
    void should_rank_filter_sort_and_page_the_leaderboard_on_the_server() {
        String all = given().get("/runs/" + XSS_RUN + "/leaderboard").then().statusCode(200)
                .body(containsString("feasible (3)"), containsString("promoted (2)"),
                        containsString("discoveries (1)"), containsString("failed (1)"), containsString("pending (1)"))
                .body(containsString("[86.80%, 88.00%]"), containsString("badge discovery"))
                .extract().asString();
        assertTrue(all.indexOf(row(IMG_ESCAPED + "GatedLeNet")) < all.indexOf(row("LeNet5")), "ranked first: the best");
        assertTrue(all.indexOf(row("LeNet5")) < all.indexOf(row("Mlp")));
        assertTrue(all.indexOf(row("Mlp")) < all.indexOf(row(DashboardSeed.SVG.replace("\"", "&quot;")
                .replace("<", "&lt;").replace(">", "&gt;") + "Broken")), "unranked after the ranked");
        given().get("/runs/" + XSS_RUN + "/leaderboard?filter=discoveries").then().statusCode(200)
                .body(containsString(row(IMG_ESCAPED + "GatedLeNet")), not(containsString(row("LeNet5"))))
                .body(not(containsString(row("Mlp"))));
        given().get("/runs/" + XSS_RUN + "/leaderboard?filter=failed").then().statusCode(200)
                .body(containsString("Broken"), containsString("compile_error"), not(containsString(row("Mlp"))));
        String byParams = given().get("/runs/" + XSS_RUN + "/leaderboard?sort=params&dir=asc&filter=feasible").then()
                .statusCode(200).extract().asString();
        assertTrue(byParams.indexOf(row("LeNet5")) < byParams.indexOf(row("Mlp")), "61,706 parameters before 203,530");
        given().get("/runs/" + XSS_RUN + "/leaderboard?sort=ordinal&size=2&page=2").then().statusCode(200)
                .body(containsString("page 2 of 3"), containsString("Broken"), not(containsString(row("Mlp"))))
                .body(containsString("id=\"prev\""), containsString("id=\"next\""));
        given().get("/runs/" + XSS_RUN + "/leaderboard?q=lenet").then().statusCode(200)
                .body(containsString(row("LeNet5")), containsString("GatedLeNet"), not(containsString(row("Mlp"))));
        given().get("/runs/" + XSS_RUN + "/leaderboard?sort=bogus&page=x&size=-4").then().statusCode(200)
                .body(containsString("page 1 of"));
    }

    @Test
    void should_link_each_run_to_its_report_written_from_the_store_as_html_and_markdown() {
        given().get("/runs/" + XSS_RUN).then().statusCode(200)
                .body(containsString("<a href=\"/runs/" + XSS_RUN + "/report\" id=\"report-link\">Report</a>"));
        String html = given().get("/runs/" + XSS_RUN + "/report").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        io.archlab.reports.ReportVerifier.verify(dashboard.get(), XSS_RUN, html);
        given().get("/runs/" + XSS_RUN + "/report.md").then().statusCode(200)
                .contentType(containsString("text/markdown")).body(containsString("## Discoveries"));
        given().get("/runs/nope/report").then().statusCode(404);
        given().get("/favicon.ico").then().statusCode(200).contentType(containsString("image/svg+xml"));
        given().get("/runs/" + DashboardSeed.FOREIGN_RUN + "/report").then().statusCode(409)
                .body(containsString("the report of run r-foreign cannot be written: stored run configuration is "
                        + "unreadable"));
    }

    @Test
    void should_show_the_leaderboard_peak_memory_from_the_static_analysis() {
        given().get("/runs/" + XSS_RUN + "/leaderboard?sort=ordinal").then().statusCode(200)
                .body(containsString("Peak mem."), containsString(" KiB</td>"));
    }

    @Test
    void should_draw_the_pareto_front_over_params_macs_and_latency() {
        given().get("/runs/" + XSS_RUN + "/pareto").then().statusCode(200)
                .body(containsString("id=\"chart-pareto\""), containsString("parameters"))
                .body(containsString("<table id=\"front\">"), containsString("href=\"/candidates/x-c1\""));
        given().get("/runs/" + XSS_RUN + "/pareto?x=macs").then().statusCode(200)
                .body(containsString("MACs per sample"));
        given().get("/runs/" + XSS_RUN + "/pareto?x=latency").then().statusCode(200)
                .body(containsString("latency at batch 1"));
    }

    @Test
    void should_draw_the_whole_lineage_of_a_small_run_with_change_summaries() {
        given().get("/runs/" + XSS_RUN + "/lineage").then().statusCode(200)
                .body(containsString("id=\"chart-lineage\""), containsString("All 5 candidates of the run are drawn"))
                .body(containsString("wider stem with batch norm &lt;a href=&quot;javascript:window.__xss=1&quot;&gt;"))
                .body(containsString("added (batchNorm"));
    }

    @Test
    void should_show_a_candidate_with_its_reasoning_diff_ir_trials_checks_insights_and_llm_exchanges() {
        given().get("/candidates/" + EVIL).then().statusCode(200)
                .body(containsString("A normalised, wider stem trains faster " + SCRIPT_ESCAPED))
                .body(containsString("The analyst saw slow early epochs &quot;&gt;&lt;svg onload=window.__xss=1&gt;"))
                .body(containsString("<table class=\"diff\" id=\"source-diff\">"))
                .body(containsString("<tr class=\"added\">"), containsString("<tr class=\"removed\">"))
                .body(containsString("batchNorm().relu()"))
                .body(containsString("<svg class=\"ir\" id=\"ir-diagram\""), containsString("conv2d"))
                .body(containsString("Peak activation memory"), containsString("id=\"chart-curves\""))
                .body(containsString("<table id=\"cand-trials\">"), containsString("87.60%"))
                .body(containsString("[86.80%, 88.00%]"), containsString("significant_gain"))
                .body(containsString("near-duplicate: LeNet5 &lt;a href="))
                .body(containsString("Batch norm in the stem helped. " + SCRIPT_ESCAPED))
                .body(containsString("<details class=\"exchange\">"), not(containsString("<details class=\"exchange\" open")))
                .body(containsString("&lt;/script&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;"))
                .body(containsString("nearest earlier candidate"), containsString("href=\"/compare?a=x-c1&amp;b=x-c2\""));
        given().get("/candidates/" + BROKEN).then().statusCode(200)
                .body(containsString("no IR: it never traced"), containsString("compile_error"))
                .body(containsString("line 1: cannot find symbol " + SCRIPT_ESCAPED))
                .body(containsString("timeout after 30 s"), containsString("engineer"));
    }

    @Test
    void should_compare_two_candidates_side_by_side_with_a_source_diff() {
        given().get("/compare?a=" + LENET + "&b=" + EVIL).then().statusCode(200)
                .body(containsString("<table id=\"compare\">"), containsString(">LeNet5<"),
                        containsString(IMG_ESCAPED + "GatedLeNet"))
                .body(containsString("id=\"compare-diff\""), containsString("IR difference, A → B"))
                .body(containsString("61,706"));
        given().get("/compare").then().statusCode(200).body(containsString("name=\"a\""));
    }

    @Test
    void should_browse_insights_and_notes_with_a_text_filter() {
        given().get("/insights").then().statusCode(200)
                .body(containsString("Batch norm in the stem helped."), containsString("Depthwise separable"))
                .body(containsString("Residual gating " + SCRIPT_ESCAPED));
        given().get("/insights?q=gating").then().statusCode(200)
                .body(containsString("Residual gating"), containsString("The gating attempt did not compile"))
                .body(not(containsString("Depthwise separable")), not(containsString("Batch norm in the stem")));
        given().get("/insights?run=" + LIVE_RUN).then().statusCode(200)
                .body(not(containsString("Batch norm in the stem")), containsString("id=\"runnav\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/runs/nope", "/runs/nope/leaderboard", "/runs/nope/pareto", "/runs/nope/lineage",
        "/candidates/nope", "/compare?a=nope&b=x-c1", "/compare?a=x-c1&b=nope", "/insights?run=nope", "/api/runs/nope",
        "/api/runs/nope/overview", "/api/runs/nope/leaderboard", "/api/runs/nope/board", "/api/runs/nope/pareto",
        "/api/runs/nope/lineage", "/api/runs/nope/candidates", "/api/runs/nope/trials", "/api/runs/nope/events",
        "/api/runs/nope/members",
        "/api/runs/nope/live", "/api/candidates/nope", "/api/compare?a=nope&b=x-c1", "/api/insights?run=nope",
        "/no/such/page"})
    void should_answer_404_for_unknown_ids(String path) {
        given().get(path).then().statusCode(404)
                .header("Content-Security-Policy", containsString("default-src 'self'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/runs", "/api/runs/r-xss", "/api/candidates/x-c2", "/runs/r-xss", "/"})
    void should_offer_no_write_endpoint(String path) {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            int status = given().contentType("application/json").body("{}").request(method, path).statusCode();
            assertTrue(status == 405 || status == 404, method + " " + path + " answered " + status);
        }
    }

    @Test
    void should_send_security_headers_on_pages_json_and_static_files() {
        for (String path : List.of("/", "/api/runs", "/static/archlab/common.js", "/static/archlab/dashboard.css",
                "/_static/echarts/5.6.0/dist/echarts.min.js")) {
            given().get(path).then().statusCode(200)
                    .header("Content-Security-Policy", allOf(containsString("default-src 'self'"),
                            containsString("script-src 'self'"), not(containsString("unsafe-eval"))))
                    .header("X-Content-Type-Options", "nosniff")
                    .header("X-Frame-Options", "DENY");
        }
        given().get("/_static/echarts/5.6.0/dist/echarts.min.js").then().body(containsString("echarts"));
    }

    /** A versioned URL of one of the dashboard's own files: its hash, its name. */
    static final Pattern VERSIONED = Pattern.compile("/static/archlab/([0-9a-f]{12})/([a-z]+\\.(?:js|css|svg))");

    @Test
    void should_reference_static_files_by_content_versioned_urls_cached_for_a_year() throws Exception {
        Map<String, String> urls = new TreeMap<>();   // file -> its URL
        for (String path : PAGES) {
            for (Element e : page(path).select("script[src], link[href]")) {
                String url = e.hasAttr("src") ? e.attr("src") : e.attr("href");
                if (url.startsWith("/static/")) {
                    var m = VERSIONED.matcher(url);
                    assertTrue(m.matches(), path + " references an unversioned " + url);
                    assertEquals(url, urls.computeIfAbsent(m.group(2), f -> url), "one URL per file");
                }
            }
        }
        assertEquals(List.of("candidate.js", "common.js", "dashboard.css", "favicon.svg", "lineage.js", "overview.js",
                "pareto.js"), List.copyOf(urls.keySet()));
        for (var u : urls.entrySet()) {
            byte[] file;
            String resource = "META-INF/resources/static/archlab/" + u.getKey();
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
                file = in.readAllBytes();
            }
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
            assertEquals("/static/archlab/" + sha.substring(0, 12) + "/" + u.getKey(), u.getValue(),
                    "the URL changes with the content");
            Response r = given().get(u.getValue());
            assertEquals(200, r.statusCode(), u.getValue());
            assertEquals("public, max-age=31536000, immutable", r.header("Cache-Control"), u.getValue());
            assertEquals("nosniff", r.header("X-Content-Type-Options"), u.getValue());
            assertTrue(r.contentType().startsWith(u.getKey().endsWith(".js") ? "text/javascript"
                    : u.getKey().endsWith(".css") ? "text/css" : "image/svg+xml"), u.getValue() + ": " + r.contentType());
            assertTrue(Arrays.equals(file, r.asByteArray()), u.getValue() + " serves the file");
            // another content's hash (an older or newer version) does not serve this version's file
            String other = u.getValue().replaceFirst("/[0-9a-f]{12}/", "/000000000000/");
            given().get(other).then().statusCode(404).header("Cache-Control", "no-store");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"common.js", "dashboard.css", "overview.js"})
    void should_revalidate_an_unversioned_static_url_on_every_use(String file) {
        given().get("/static/archlab/" + file).then().statusCode(200)
                .header("Cache-Control", "no-cache");
    }

    @Test
    void should_escape_every_payload_and_have_no_inline_script_on_any_page() {
        for (String page : PAGES) {
            Response r = given().get(page);
            assertEquals(200, r.statusCode(), page);
            String html = r.asString();
            for (String payload : DashboardSeed.CORPUS) {
                assertFalse(html.contains(payload), page + " contains the raw payload " + payload);
            }
            assertFalse(html.contains("<script>window"), page);
            assertFalse(html.contains("onerror=\""), page);
            assertFalse(html.contains("href=\"javascript:"), page);
            assertFalse(INLINE_SCRIPT.matcher(html).find(), page + " has an inline script");
            // (a report shows the best candidate's source, whose comments may say "raw pixels")
            assertFalse(!page.endsWith("/report") && html.contains(" raw"), page);
        }
        given().get("/candidates/" + EVIL).then().body(containsString(SCRIPT_ESCAPED), containsString(IMG_ESCAPED));
    }

    @Test
    void should_stream_a_running_run_and_send_its_overview_again_when_a_trial_finishes() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> r = client.send(HttpRequest.newBuilder(liveEvents)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        assertTrue(r.headers().firstValue("Content-Security-Policy").isPresent());
        try (Stream<String> body = r.body()) {
            Iterator<String> lines = body.iterator();
            String first = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> nextEvent(lines));
            assertTrue(first.contains("\"live\":true"), first);
            int before = dashboard.get().trialCount(LIVE_RUN);
            assertTrue(first.contains("\"trialsFinished\":" + before), first);
            assertTrue(first.contains("\"busyText\":\"2 / 3\""), "the cluster members: " + first);
            String name = DashboardSeed.addLiveTrial(dashboard.get(), before, 0.91);
            String next = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> nextEvent(lines));
            assertTrue(next.contains("\"trialsFinished\":" + (before + 1)), next);
            assertTrue(next.contains(name), next);
            assertTrue(next.contains("\"best\":\"" + name + " · 91.00%\""), "the best so far moved: " + next);

            // a member's report moves no run row: it is sent all the same
            dashboard.get().saveClusterMembers(LIVE_RUN, List.of(DashboardSeed.activeMember(3,
                    DashboardSeed.T.plusSeconds(3720))));
            try {
                String report = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> nextEvent(lines));
                assertTrue(report.contains("\"busyText\":\"3 / 3\""), report);
                assertTrue(report.contains("\"lastSeenText\":\"2026-11-22 11:02:00 UTC\""), report);
            } finally {
                dashboard.get().saveClusterMembers(LIVE_RUN, List.of(DashboardSeed.activeMember(2,
                        DashboardSeed.T.plusSeconds(3695))));
            }
        }
    }

    @Test
    void should_send_one_overview_and_end_the_stream_of_a_finished_run() throws Exception {
        HttpResponse<String> r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(finishedEvents).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofString()));
        assertEquals(200, r.statusCode());
        List<String> events = r.body().lines().filter(l -> l.startsWith("data:")).toList();
        assertEquals(1, events.size(), r.body());
        assertTrue(events.get(0).contains("\"state\":\"completed\""), events.get(0));
    }

    /** The data of the next server-sent event. */
    private static String nextEvent(Iterator<String> lines) {
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data:")) {
                data.append(line.substring(5));
            } else if (line.isEmpty() && data.length() > 0) {
                return data.toString();
            }
        }
        throw new AssertionError("the event stream ended");
    }

    @Test
    void should_serve_every_page_s_data_as_json() {
        given().get("/api/runs").then().statusCode(200)
                .body("runId", hasItems(XSS_RUN, LIVE_RUN, DashboardSeed.EMPTY_RUN))
                .body("find { it.runId == 'r-xss' }.best.candidateId", equalTo(EVIL))
                .body("find { it.runId == 'r-xss' }.best.testAccuracy", equalTo(0.8655f))
                .body("find { it.runId == 'r-xss' }.llmSpend.promptTokens", equalTo(2100))
                .body("find { it.runId == 'r-live' }.state", equalTo("running"));
        given().get("/api/runs/" + XSS_RUN).then().statusCode(200)
                .body("trialsFinished", equalTo(10)).body("discoveries", equalTo(1)).body("llm", equalTo("openai:test-model"));
        given().get("/api/runs/" + XSS_RUN + "/overview").then().statusCode(200)
                .body("outcomes.outcome", hasItems("succeeded", "compile_error"))
                .body("bestSoFar.value", hasItems(0.8012f, 0.8511f, 0.8702f))
                .body("events[0].message", equalTo("run completed"))
                .body("text.trials", equalTo("10 / 12"));
        given().get("/api/runs/" + XSS_RUN + "/leaderboard").then().statusCode(200)
                .body("[0].candidateId", equalTo(EVIL)).body("[0].rank", equalTo(1)).body("[2].name", equalTo("Mlp"));
        given().get("/api/runs/" + XSS_RUN + "/board?filter=promoted&sort=mean").then().statusCode(200)
                .body("total", equalTo(2)).body("rows[0].id", equalTo(EVIL)).body("rows[0].ciLow", equalTo(0.868f))
                .body("rows[0].verdict", equalTo("discovery"))
                // conv2d(8) and its batch norm live at once: 2 x 8 x 28 x 28 floats
                .body("rows[0].peakBytes", equalTo(2 * 8 * 28 * 28 * 4));
        given().get("/api/runs/" + XSS_RUN + "/pareto?x=params").then().statusCode(200)
                .body("front.id", hasItems(LENET, EVIL)).body("measured", equalTo(3));
        given().get("/api/runs/" + XSS_RUN + "/lineage").then().statusCode(200)
                .body("nodes.id", hasItems(MLP, LENET, EVIL, BROKEN)).body("edges.target", hasItems(EVIL, BROKEN))
                .body("bounded", equalTo(false));
        given().get("/api/runs/" + XSS_RUN + "/candidates").then().statusCode(200).body("size()", equalTo(5));
        given().get("/api/runs/" + XSS_RUN + "/trials").then().statusCode(200).body("size()", equalTo(10));
        given().get("/api/runs/" + XSS_RUN + "/events?limit=2").then().statusCode(200)
                .body("size()", equalTo(2)).body("[1].message", equalTo("run completed"));
        given().get("/api/candidates/" + EVIL).then().statusCode(200)
                .body("candidate.name", equalTo(DashboardSeed.EVIL_NAME)).body("parent.id", equalTo(LENET))
                .body("trials.size()", equalTo(4)).body("curves.size()", equalTo(4))
                // LeNet5 (61,706) with 8 instead of 6 stem channels (+52, and +800 in the next conv) and a batch norm (+16)
                .body("analysis.params", equalTo(61_706 + 52 + 800 + 16)).body("diff.added", equalTo(4))
                .body("exchanges[0].role", equalTo("researcher")).body("insights.size()", equalTo(1));
        given().get("/api/compare?a=" + LENET + "&b=" + EVIL).then().statusCode(200)
                .body("a.candidate.id", equalTo(LENET)).body("b.candidate.id", equalTo(EVIL))
                .body("irDiff", containsString("batchNorm"));
        given().get("/api/insights?q=gating").then().statusCode(200)
                .body("notes.id", hasItems("xss-note")).body("insightsMatched", equalTo(1));
    }
}
