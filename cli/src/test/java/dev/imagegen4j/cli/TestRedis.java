package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The Redis server tests use: {@code IMAGEGEN4J_TEST_REDIS=redis://127.0.0.1:PORT} ({@code .ci/run} starts one).
 * Missing in CI ({@code CI} set) is a failure; elsewhere the test is skipped with a message saying how to run it.
 */
final class TestRedis {

    static final String VARIABLE = "IMAGEGEN4J_TEST_REDIS";

    private TestRedis() {
    }

    static String url() {
        String url = System.getenv(VARIABLE);
        if (url == null || url.isBlank()) {
            String why = VARIABLE + " is not set: these tests need a Redis server (.ci/run starts one; or run "
                    + "redis-server --port 6390 and export " + VARIABLE + "=redis://127.0.0.1:6390)";
            if (System.getenv("CI") != null) {
                fail("in CI, " + why);
            }
            Assumptions.abort(why);
        }
        return url;
    }
}
