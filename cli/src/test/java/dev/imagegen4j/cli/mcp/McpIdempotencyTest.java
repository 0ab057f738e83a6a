package dev.imagegen4j.cli.mcp;

import static dev.imagegen4j.cli.mcp.McpFixture.structured;
import static dev.imagegen4j.cli.mcp.McpFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Never pay twice: a retried call with the same idempotency key, counted in POSTs the emulator answered. */
class McpIdempotencyTest {

    private static ImageApiEmulator emu;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() {
        emu = ImageApiEmulator.builder().apiKey(McpFixture.KEY).start();
    }

    @AfterAll
    static void stopEmulator() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.reset();
    }

    @Test
    void should_return_the_first_calls_job_when_retried_while_it_runs_and_after_it_finished() throws Exception {
        emu.enqueue(Fault.latency(Duration.ofMillis(1500)));
        try (McpFixture f = McpFixture.start(emu, dir)) {
            McpSchema.CallToolResult first = f.call("generate_image", "prompt", "a fox", "idempotency_key", "k-1",
                    "wait_seconds", 0);
            McpSchema.CallToolResult whileRunning = f.call("generate_image", "prompt", "a fox", "idempotency_key",
                    "k-1", "wait_seconds", 0);
            McpSchema.CallToolResult waited = f.call("generate_image", "prompt", "a fox", "idempotency_key", "k-1");
            McpSchema.CallToolResult afterwards = f.call("generate_image", "prompt", "a fox", "idempotency_key", "k-1",
                    "wait_seconds", 0);

            String job = (String) structured(first).get("job_id");
            assertThat(structured(first)).containsEntry("status", "running").containsEntry("replayed", false);
            assertThat(structured(whileRunning)).containsEntry("status", "running").containsEntry("job_id", job)
                    .containsEntry("replayed", true);
            assertThat(text(whileRunning)).contains("still running");
            assertThat(structured(waited)).containsEntry("status", "done").containsEntry("job_id", job)
                    .containsEntry("replayed", true);
            assertThat(structured(afterwards)).containsEntry("status", "done").containsEntry("job_id", job);
            assertThat(text(afterwards)).contains("nothing was generated again");
            assertThat(f.posts()).isEqualTo(1);
            try (var files = Files.list(dir)) {
                assertThat(files.filter(p -> p.toString().endsWith(".png"))).hasSize(1);
            }
        }
    }

    @Test
    void should_send_once_when_retries_with_the_same_key_arrive_together() throws Exception {
        emu.enqueue(Fault.latency(Duration.ofMillis(800)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (McpFixture f = McpFixture.start(emu, dir)) {
            List<Future<McpSchema.CallToolResult>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(pool.submit(() -> f.call("generate_image", "prompt", "a fox", "idempotency_key", "k-2")));
            }
            List<Object> jobs = new ArrayList<>();
            for (Future<McpSchema.CallToolResult> c : calls) {
                McpSchema.CallToolResult r = c.get(60, TimeUnit.SECONDS);
                assertThat(structured(r)).containsEntry("status", "done");
                jobs.add(structured(r).get("job_id"));
            }

            assertThat(jobs).containsOnly(jobs.get(0));
            assertThat(f.posts()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_refuse_a_key_reused_for_another_request() throws Exception {
        try (McpFixture f = McpFixture.start(emu, dir)) {
            f.call("generate_image", "prompt", "a fox", "idempotency_key", "k-3");
            McpSchema.CallToolResult other = f.call("generate_image", "prompt", "a wolf", "idempotency_key", "k-3");

            assertThat(other.isError()).isTrue();
            assertThat(text(other)).contains("k-3").contains("different");
            assertThat(f.posts()).isEqualTo(1);
        }
    }

    @Test
    void should_report_an_unknown_outcome_as_a_protocol_error_and_never_resend_it_under_the_key() throws Exception {
        emu.enqueue(Fault.resetAfterBody());
        try (McpFixture f = McpFixture.start(emu, dir)) {
            assertThatThrownBy(() -> f.call("generate_image", "prompt", "a fox", "idempotency_key", "k-4"))
                    .isInstanceOf(McpError.class).hasMessageContaining("outcome unknown");
            assertThatThrownBy(() -> f.call("generate_image", "prompt", "a fox", "idempotency_key", "k-4"))
                    .isInstanceOf(McpError.class).hasMessageContaining("not sent again");
            assertThat(f.posts()).isEqualTo(1);

            // a call without the key is a new request, and the caller's explicit choice
            assertThat(f.call("generate_image", "prompt", "a fox").isError()).isFalse();
            assertThat(f.posts()).isEqualTo(2);
            assertThat(f.log()).doesNotContain(McpFixture.KEY);
        }
    }

    @Test
    void should_free_the_key_when_the_failure_proves_nothing_was_billed() throws Exception {
        emu.enqueue(Fault.contentPolicy());
        try (McpFixture f = McpFixture.start(emu, dir)) {
            McpSchema.CallToolResult refused = f.call("generate_image", "prompt", "a fox", "idempotency_key", "k-5");
            McpSchema.CallToolResult retried = f.call("generate_image", "prompt", "a fox", "idempotency_key", "k-5");

            assertThat(refused.isError()).isTrue();
            assertThat(retried.isError()).as(text(retried)).isFalse();
            assertThat(f.posts()).isEqualTo(2);
        }
    }

    @Test
    void should_keep_results_and_in_flight_jobs_across_a_restart() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        ImageGenerator real = McpFixture.generator(emu);
        ImageGenerator blocking = new ImageGenerator() {
            @Override
            public ImageResult generate(ImageRequest request, ImageListener listener) {
                if (request.prompt().orElse("").contains("stuck")) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        ended.countDown();
                    }
                    throw new IllegalStateException("the test let go of this job");
                }
                return real.generate(request, listener);
            }

            @Override
            public ModelCapabilities capabilities(ModelId model) {
                return real.capabilities(model);
            }

            @Override
            public String providerId() {
                return real.providerId();
            }
        };
        String done;
        try (McpFixture f = McpFixture.with(emu, blocking, dir)) {
            done = (String) structured(f.call("generate_image", "prompt", "a fox", "idempotency_key", "k-6"))
                    .get("job_id");
            assertThat(structured(f.call("generate_image", "prompt", "a stuck fox", "idempotency_key", "k-7",
                    "wait_seconds", 0))).containsEntry("status", "running");
        }
        // the first server is gone while k-7 is in flight; a new one reads the journal
        try (McpFixture f = McpFixture.start(emu, dir)) {
            McpSchema.CallToolResult replay = f.call("generate_image", "prompt", "a fox", "idempotency_key", "k-6");

            assertThat(structured(replay)).containsEntry("status", "done").containsEntry("job_id", done)
                    .containsEntry("replayed", true);
            assertThatThrownBy(() -> f.call("generate_image", "prompt", "a stuck fox", "idempotency_key", "k-7"))
                    .isInstanceOf(McpError.class).hasMessageContaining("outcome unknown")
                    .hasMessageContaining("new idempotency_key");
            assertThat(structured(f.call("get_image_result", "job_id", done))).containsEntry("status", "done");
            assertThat(f.posts()).isEqualTo(1);
        } finally {
            release.countDown();
            assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200); // its journal line
        }
    }
}
