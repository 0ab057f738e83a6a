package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagegen emulator} in-process: base URLs, Azure deployments, request log, journal file, options. */
class EmulatorCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Context ctx() {
        return new Context(Map.of(), dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The command running on its own thread until {@link #stop()} interrupts it. */
    private final class Running implements AutoCloseable {
        final Thread thread;
        final AtomicInteger exit = new AtomicInteger(-1);
        final String base;

        Running(String... args) throws Exception {
            String[] full = new String[args.length + 1];
            full[0] = "emulator";
            System.arraycopy(args, 0, full, 1, args.length);
            thread = new Thread(() -> exit.set(ImagegenCli.run(ctx(), full)), "emulator-command-test");
            thread.start();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!out().contains("press Ctrl-C to stop") && thread.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(out()).as(err()).contains("press Ctrl-C to stop");
            String first = out().lines().findFirst().orElseThrow();
            base = first.substring("emulator listening on ".length()).strip();
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
            return exit.get();
        }

        @Override
        public void close() {
            if (thread.isAlive()) {
                try {
                    stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static HttpResponse<String> post(String url, String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_serve_the_readme_deployment_log_each_request_and_write_the_journal() throws Exception {
        int exit;
        String base;
        try (Running emu = new Running("--port", "0", "--journal", "logs/journal.jsonl", "--verbose")) {
            base = emu.base;
            HttpResponse<String> azure = post(base + "/openai/deployments/img2-prod/images/generations"
                    + "?api-version=2025-04-01-preview", "{\"prompt\":\"a fox\",\"quality\":\"low\"}", "api-key", "k");
            HttpResponse<String> named = post(base + "/openai/v1/images/generations", "{\"model\":\"gpt-image-2.5-flare\","
                    + "\"prompt\":\"x\",\"quality\":\"xhigh\",\"size\":\"1024x1024\"}", "api-key", "k");
            HttpResponse<String> openai = post(base + "/v1/images/generations", "{\"model\":\"gpt-image-2\","
                    + "\"prompt\":\"x\",\"quality\":\"max\"}", "authorization", "Bearer sk-secret-abcdefgh");

            assertThat(azure.statusCode()).as(azure.body()).isEqualTo(200);
            assertThat(named.statusCode()).as(named.body()).isEqualTo(200);
            assertThat(openai.statusCode()).isEqualTo(400);
            assertThat(out()).contains("OpenAI base URL:    " + base + "/v1")
                    .contains("Azure endpoint:     " + base).contains("img2-prod -> gpt-image-2")
                    .contains("AI/ML API base URL: " + base + "/aimlapi/v1")
                    .contains("Gemini base URL:    " + base + "/gemini")
                    .contains("journal:            " + dir.resolve("logs/journal.jsonl").toAbsolutePath());
            List<String> log = err().lines().toList();
            assertThat(log).hasSize(3);
            assertThat(log.get(0)).contains("azure POST /openai/deployments/img2-prod/images/generations")
                    .contains("model=gpt-image-2").contains("-> 200").containsPattern("\\(\\d+ ms\\)");
            assertThat(log.get(2)).contains("openai POST /v1/images/generations model=gpt-image-2 -> 400");
            assertThat(err()).doesNotContain("secret");
            List<String> lines = Files.readAllLines(dir.resolve("logs/journal.jsonl"));
            assertThat(lines).hasSize(3);
            JsonNode second = JSON.readTree(lines.get(1));
            assertThat(second.get("model").asText()).isEqualTo("gpt-image-2.5-flare");
            assertThat(second.get("deployment").asText()).isEqualTo("gpt-image-2.5-flare");
            assertThat(second.get("request_id").asText()).isEqualTo(named.headers().firstValue("x-request-id")
                    .orElseThrow());
            exit = emu.stop();
        }

        assertThat(exit).isZero();
        try {
            post(base + "/v1/images/generations", "{}");
            throw new AssertionError("the emulator should have stopped listening");
        } catch (IOException expected) {
            // closed
        }
    }

    @Test
    void should_use_only_the_given_deployments_stay_quiet_and_enforce_retirements() throws Exception {
        try (Running emu = new Running("--port", "0", "--quiet", "--azure-deployment", "prod=gpt-image-2.6-flare",
                "--azure-deployment", "legacy=gpt-image-1", "--enforce-retirements")) {
            String classic = emu.base + "/openai/deployments/%s/images/generations?api-version=2025-04-01-preview";
            int prod = post(String.format(classic, "prod"), "{\"prompt\":\"x\",\"output_format\":\"svg\"}", "api-key",
                    "k").statusCode();
            int legacy = post(String.format(classic, "legacy"), "{\"prompt\":\"x\",\"quality\":\"low\"}", "api-key",
                    "k").statusCode();
            int readme = post(String.format(classic, "img2-prod"), "{\"prompt\":\"x\"}", "api-key", "k").statusCode();
            HttpResponse<String> retired = post(emu.base + "/v1/images/generations", "{\"model\":\"gpt-image-1\","
                    + "\"prompt\":\"x\"}", "authorization", "Bearer k");

            assertThat(prod).isEqualTo(200);
            assertThat(legacy).isEqualTo(200);
            assertThat(readme).isEqualTo(404);
            assertThat(retired.statusCode()).isEqualTo(404);
            assertThat(retired.body()).contains("2026-10-23");
            assertThat(out()).contains("prod -> gpt-image-2.6-flare, legacy -> gpt-image-1")
                    .contains("retirements:        enforced");
            assertThat(err()).isEmpty();
        }
    }

    @Test
    void should_say_openai_is_not_served_when_ai_ml_api_answers_on_v1() throws Exception {
        try (Running emu = new Running("--port", "0", "--dialect", "aimlapi", "-q")) {
            HttpResponse<String> r = post(emu.base + "/v1/images/generations", "{\"model\":\"openai/gpt-image-2.5-flare\","
                    + "\"prompt\":\"x\",\"response_format\":\"b64_json\"}", "authorization", "Bearer k");

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(out()).contains("OpenAI:             not served (--dialect aimlapi answers on /v1)")
                    .contains("AI/ML API base URL: " + emu.base + "/v1");
        }
    }

    @Test
    void should_refuse_bad_options_with_the_usage_exit_code() {
        assertThat(ImagegenCli.run(ctx(), "emulator", "--port", "0", "--azure-deployment", "prod")).isEqualTo(2);
        assertThat(err()).contains("--azure-deployment prod: expected NAME=MODEL");
        assertThat(ImagegenCli.run(ctx(), "emulator", "--port", "0", "--azure-deployment", "x=dall-e-2"))
                .isEqualTo(2);
        assertThat(err()).contains("maps to model 'dall-e-2', which Azure does not serve");
        assertThat(ImagegenCli.run(ctx(), "emulator", "--port", "0", "--dialect", "azure")).isEqualTo(2);
        assertThat(err()).contains("--dialect azure: must be openai or aimlapi");
    }

    @Test
    void should_ship_a_model_the_catalog_does_not_know_for_day_zero_trials() throws Exception {
        try (Running emu = new Running("--port", "0", "--quiet", "--ship-model",
                "gpt-image-3-preview=gpt-image-2.6-flare:ultra,insane")) {
            HttpResponse<String> shipped = post(emu.base + "/v1/images/generations", "{\"model\":\"gpt-image-3-preview\","
                    + "\"prompt\":\"x\",\"quality\":\"insane\",\"output_format\":\"gif\",\"frame_count\":2}",
                    "authorization", "Bearer k");
            HttpResponse<String> known = post(emu.base + "/v1/images/generations", "{\"model\":\"gpt-image-2.6-flare\","
                    + "\"prompt\":\"x\",\"quality\":\"ultra\"}", "authorization", "Bearer k");

            assertThat(shipped.statusCode()).as(shipped.body()).isEqualTo(200);
            assertThat(known.statusCode()).as("only the shipped model takes the extra quality").isEqualTo(400);
            assertThat(emu.stop()).isZero();
        }
        assertThat(ImagegenCli.run(ctx(), "emulator", "--ship-model", "gpt-image-3-preview")).isEqualTo(2);
        assertThat(err()).contains("--ship-model expects ID=LIKE[:QUALITY,...]");
    }
}
