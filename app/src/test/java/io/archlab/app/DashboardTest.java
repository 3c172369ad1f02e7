package io.archlab.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.archlab.agent.RunConfig;
import io.archlab.app.web.DashboardStore;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's pages and JSON API over a seeded knowledge base. */
@QuarkusTest
@TestProfile(DashboardTest.SeededHome.class)
class DashboardTest {
    static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    static final String EVIL = "<script>alert(1)</script>";

    /** A fresh, empty archlab home for this test. */
    public static class SeededHome implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("archlab.home", Files.createTempDirectory("archlab-dash").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    DashboardStore dashboard;

    @BeforeEach
    void seed() {
        Store store = dashboard.get();
        if (store.run("r1").isPresent()) {
            return;
        }
        store.createRun(new RunRecord("r1", "fashion-mnist", RunState.COMPLETED, 1,
                RunConfig.defaults().withBudgets(5, 10, 10, 150_000).toJson(), "{}", "shipped subset", "{}", null, null,
                60_000, T, T));
        cand(store, "a", 0, "SmallCnn", 105_962L);
        cand(store, "b", 1, EVIL, 120_000L);
        trial(store, "a", 0, 0.8123);
        trial(store, "b", 1, 0.8456);
    }

    @Test
    void should_list_runs_with_their_best_candidate() {
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .body(containsString("href=\"/runs/r1\""))
                .body(containsString("84.56%"))
                .body(containsString("2/5"));
    }

    @Test
    void should_show_the_leaderboard_and_escape_model_written_text() {
        given().get("/runs/r1").then().statusCode(200)
                .body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"))
                .body(not(containsString(EVIL)))
                .body(containsString("105,962"))
                .body(containsString("81.23%"));
    }

    @Test
    void should_serve_runs_and_leaderboards_as_json() {
        given().get("/api/runs").then().statusCode(200)
                .body("[0].runId", equalTo("r1"))
                .body("[0].trialsFinished", equalTo(2))
                .body("[0].best.name", equalTo(EVIL))
                .body("[0].best.params", equalTo(120_000));
        given().get("/api/runs/r1/leaderboard").then().statusCode(200)
                .body("[1].name", equalTo("SmallCnn"))
                .body("[1].rank", equalTo(2));
        given().get("/api/runs/nope").then().statusCode(404);
    }

    static void cand(Store store, String id, int ordinal, String name, Long params) {
        store.saveCandidate(new CandidateRecord(id, "r1", ordinal, name, "evolution", null, "widen", "src", "{}",
                "h" + id, params, null, null, 0, null, T));
    }

    static void trial(Store store, String cand, int ordinal, double acc) {
        store.recordTrial(new TrialRecord("t" + ordinal, "r1", cand, ordinal, 1, 10, "succeeded", null, null, acc,
                0.4, 2.0, 100L, 9.0, 10.0, 1000.0, "[]", null, 0.5, 800_000_000L, 0, null, T, T), 1000);
    }
}
