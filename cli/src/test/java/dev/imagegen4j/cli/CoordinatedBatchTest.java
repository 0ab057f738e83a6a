package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagegen batch --coordinator} and {@code batch status} in-process, on a real Redis. */
class CoordinatedBatchTest {

    private static final String PASSWORD = "coordinator-pw-4k9x2";
    private static ImageApiEmulator emu;

    @TempDir
    Path dir;
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;
    private String run;

    @BeforeAll
    static void start() {
        emu = ImageApiEmulator.start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        emu.reset();
        run = UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(dir.resolve("imagegen4j.yaml"), """
                generators:
                  local: { provider: openai, api-key: sk-coordinated-test, base-url: "%s/v1" }
                """.formatted(emu.baseUrl()));
        jobs(4);
    }

    private void jobs(int n) throws Exception {
        StringBuilder jobs = new StringBuilder();
        for (int i = 0; i < n; i++) {
            jobs.append("{\"id\": \"j").append(i).append("\", \"prompt\": \"run ").append(run).append(" job ")
                    .append(i).append("\"}\n");
        }
        Files.writeString(dir.resolve("jobs.jsonl"), jobs);
    }

    private int cli(String... args) {
        return cli(Map.of(), args);
    }

    private int cli(Map<String, String> env, String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        Context ctx = new Context(env, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return ImagegenCli.run(ctx, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void should_run_a_batch_and_show_its_status_across_workers() throws Exception {
        String redis = TestRedis.url();
        assertThat(cli("batch", "jobs.jsonl", "--out", "a", "--coordinator", redis, "--worker", "wa")).as(err())
                .isZero();
        assertThat(emu.journal().posts()).hasSize(4);
        // another machine (directory) with the same command: everything is done already
        assertThat(cli("batch", "jobs.jsonl", "--out", "b", "--coordinator", redis, "--worker", "wb")).isZero();
        assertThat(out()).contains("batch: 0 done").contains("4 job(s) were done by other workers");
        assertThat(emu.journal().posts()).hasSize(4);

        assertThat(cli("batch", "status", "jobs.jsonl", "--coordinator", redis)).as(err()).isZero();
        assertThat(out()).contains("(jobs.jsonl) on " + redis.replaceAll("/?$", "")).contains(": 4 jobs")
                .contains("done 4, running 0, failed 0, unknown 0, pending 0")
                .contains("rate: 4 images/min over the last minute (4 jobs)")
                .contains("wa (").contains("4 done, out " + dir.resolve("a"));
        assertThat(cli("batch", "status", "jobs.jsonl", "--coordinator", redis, "--json")).isZero();
        JsonNode s = ResultPrinter.JSON.readTree(out());
        assertThat(s.path("done").asInt()).isEqualTo(4);
        assertThat(s.path("workers")).hasSize(2);
        // the local manifest of the worker that did them
        assertThat(Files.readString(dir.resolve("a").resolve(Manifest.FILE))).contains("\"status\":\"ok\"");
    }

    @Test
    void should_refuse_a_changed_file_that_would_start_a_second_batch_over_an_unfinished_one() throws Exception {
        String redis = TestRedis.url();
        String original = Files.readString(dir.resolve("jobs.jsonl"));
        // job 3 asks for a model the vendor does not have: it fails (404), the batch stays unfinished
        Files.writeString(dir.resolve("jobs.jsonl"), original.replace("job 3\"", "job 3\", \"model\": \"acme-unknown-1\""));
        assertThat(cli("batch", "jobs.jsonl", "--out", "a", "--coordinator", redis, "--worker", "wa"))
                .as(err()).isEqualTo(ExitCodes.BATCH_FAILURES);
        int before = emu.journal().posts().size();
        Files.writeString(dir.resolve("jobs.jsonl"), original); // fixed

        assertThat(cli("batch", "jobs.jsonl", "--out", "a", "--coordinator", redis, "--worker", "wa"))
                .isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("has an unfinished batch").contains("3 of 4 done").contains("--batch-id")
                .contains("Nothing was sent");
        assertThat(emu.journal().posts()).hasSize(before);

        // going on with the old batch under its name: only the failed job is sent
        String old = err().replaceAll("(?s).*unfinished batch (\\S+) .*", "$1");
        assertThat(cli("batch", "jobs.jsonl", "--out", "a", "--coordinator", redis, "--worker", "wa", "--batch-id",
                old)).as(err()).isZero();
        assertThat(emu.journal().posts()).hasSize(before + 1);
    }

    @Test
    void should_send_nothing_and_show_no_password_when_the_coordinator_is_unreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put(CoordinatorOptions.PASSWORD_ENV, PASSWORD);
        int code = cli(env, "batch", "jobs.jsonl", "--out", "a", "--coordinator", "redis://127.0.0.1:" + port + "/0",
                "--verbose");
        assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err()).contains("coordinator unavailable: cannot reach the coordinator redis://127.0.0.1:" + port
                + "/0").contains("nothing was sent");
        assertThat(out() + err()).doesNotContain(PASSWORD);
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_wait_for_a_busy_quota_instead_of_failing_jobs() throws Exception {
        Files.writeString(dir.resolve("imagegen4j.yaml"), """
                quotas:
                  org: { images-per-minute: 120, burst: 1s, max-wait: 0s }
                generators:
                  local: { provider: openai, api-key: sk-coordinated-test, base-url: "%s/v1", quota: org }
                """.formatted(emu.baseUrl()));
        long start = System.nanoTime();
        assertThat(cli("batch", "jobs.jsonl", "--out", "a", "--concurrency", "4")).as(err()).isZero();
        long took = System.nanoTime() - start;
        assertThat(err()).contains("waiting").contains("for quota 'org'");
        assertThat(out()).contains("batch: 4 done");
        assertThat(emu.journal().posts()).hasSize(4);
        // capacity 2 at 2 per second: the 4th job cannot be let through before a second has passed
        assertThat(took).isGreaterThanOrEqualTo(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(950));
    }

    @Test
    void should_reject_bad_coordinator_options_before_anything_is_sent() {
        assertThat(cli("batch", "jobs.jsonl", "--out", "a", "--coordinator", "redis://user:" + PASSWORD
                + "@127.0.0.1:6379/0")).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("must not contain credentials").doesNotContain(PASSWORD);
        assertThat(cli("batch", "jobs.jsonl", "--out", "a", "--worker", "w1")).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("--worker names this worker or batch on a coordinator: give --coordinator");
        assertThat(cli("batch", "jobs.jsonl", "--out", "a", "--coordinator", "redis://127.0.0.1:1/0", "--lease",
                "0s")).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("--lease 0s: must be a duration from 1s to 1h");
        assertThat(cli("batch", "jobs.jsonl", "--out", "a", "--coordinator", "redis://127.0.0.1:1/0", "--worker",
                "a b")).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("--worker 'a b' must be 1-64 letters");
        assertThat(cli("batch", "status")).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("batch status needs --coordinator");
        assertThat(cli("batch", "jobs.jsonl")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("Missing required option: '--out=DIR'");
        assertThat(emu.journal().posts()).isEmpty();
    }
}
