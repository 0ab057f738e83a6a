package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.JobHandle;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI with the job hosts: providers from the environment, job lines in the batch manifest, resuming a job. */
class GatewayCliTest extends InProcessCliTest {

    private static final String KEY = "r8_cliGatewayKey0123456789abcdef";
    private static ImageApiEmulator emu;

    @BeforeAll
    static void start() {
        emu = ImageApiEmulator.builder().apiKey(KEY).start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.reset();
    }

    private void config() throws Exception {
        Files.writeString(dir.resolve("imagegen4j.yaml"), """
                generators:
                  replicate: { provider: replicate, api-key: "%s", base-url: "%s", sync-wait: 0s, poll-interval: 20ms }
                default: replicate
                """.formatted(KEY, emu.baseUrl(Dialect.REPLICATE)));
    }

    private List<RecordedRequest> submits() {
        return emu.journal().posts().stream().filter(r -> r.path().endsWith("/predictions")).toList();
    }

    @Test
    void should_generate_through_each_gateway_when_its_provider_is_chosen_from_the_environment() throws Exception {
        Map<String, Map<String, String>> providers = Map.of(
                "replicate", Map.of("REPLICATE_API_TOKEN", KEY, "REPLICATE_BASE_URL", emu.baseUrl(Dialect.REPLICATE)),
                "fal", Map.of("FAL_KEY", KEY, "FAL_QUEUE_URL", emu.baseUrl(Dialect.FAL)),
                "openrouter", Map.of("OPENROUTER_API_KEY", KEY, "OPENROUTER_BASE_URL",
                        emu.baseUrl(Dialect.OPENROUTER)));
        for (Map.Entry<String, Map<String, String>> p : providers.entrySet()) {
            String file = p.getKey() + ".png";
            int code = run(p.getValue(), "generate", "a lighthouse", "--provider", p.getKey(), "--model",
                    "gpt-image-2.5-flare", "-o", file);

            assertThat(code).as("%s: %s", p.getKey(), err()).isZero();
            assertThat(ImageIO.read(dir.resolve(file).toFile()).getWidth()).isEqualTo(1024);
            assertThat(out()).contains(p.getKey());
            assertThat(out() + err())
                    .doesNotContain(KEY);
        }
        assertThat(emu.jobs()).hasSize(2); // replicate and fal ran jobs; openrouter answered at once
    }

    @Test
    void should_record_the_job_before_polling_and_the_job_id_in_the_outcome() throws Exception {
        config();
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"id\": \"a\", \"prompt\": \"a fox\", \"model\": "
                + "\"gpt-image-2.5-flare\", \"aspect_ratio\": \"3:2\"}\n");

        int code = run(Map.of(), "batch", "jobs.jsonl", "--out", "out", "--json");

        assertThat(code).as(err()).isZero();
        List<JsonNode> lines = lines(dir.resolve("out/manifest.jsonl"));
        assertThat(lines).extracting(l -> l.path("status").asText()).containsExactly("sending", "job", "ok");
        JsonNode job = lines.get(1).path("job");
        assertThat(job.path("provider").asText()).isEqualTo("replicate");
        assertThat(job.path("id").asText()).isEqualTo(submits().get(0).requestId());
        assertThat(lines.get(2).path("jobId").asText()).isEqualTo(job.path("id").asText());
        // the job line was on disk before the first poll: polls come after the submit only
        assertThat(ImageIO.read(dir.resolve("out/a.png").toFile()).getWidth()).isEqualTo(1536);
    }

    @Test
    void should_resume_a_recorded_job_without_submitting_it_again() throws Exception {
        config();
        emu.jobDuration(Duration.ofSeconds(1));
        // a run that submitted job "a" and died while polling left its sending and job lines, and the job at the vendor
        JobHandle job = submitJobWithoutPolling();
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/manifest.jsonl"), "{\"id\":\"a\",\"status\":\"sending\",\"run\":\"r0\","
                + "\"files\":[\"a.png\"]}\n" + BatchJobs.line("a", "r0", job) + "\n");
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"id\": \"a\", \"prompt\": \"a fox\", \"model\": "
                + "\"gpt-image-2.5-flare\"}\n{\"id\": \"b\", \"prompt\": \"a hen\", \"model\": \"gpt-image-2.5-flare\"}\n");

        int code = run(Map.of(), "batch", "jobs.jsonl", "--out", "out", "--json");

        assertThat(code).as(err()).isZero();
        JsonNode summary = ResultPrinter.JSON.readTree(out());
        assertThat(summary.get("resumed").asInt()).isEqualTo(1);
        assertThat(summary.get("done").asInt()).isEqualTo(2);
        assertThat(submits()).hasSize(2); // the job of "a" (before the re-run) and "b": "a" was not submitted again
        assertThat(ImageIO.read(dir.resolve("out/a.png").toFile())).isNotNull();
        assertThat(ManifestLines.okIds(dir.resolve("out/manifest.jsonl"))).containsExactlyInAnyOrder("a", "b");
    }

    /** Creates a prediction at the emulator as a killed run's submit did, and returns its handle. */
    private JobHandle submitJobWithoutPolling() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(emu.baseUrl(Dialect.REPLICATE)
                        + "/models/openai/gpt-image-2.5-flare/predictions"))
                        .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"input\":{\"prompt\":\"a fox\"}}"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode p = ResultPrinter.JSON.readTree(r.body());
        assertThat(p.path("status").asText()).isEqualTo("starting");
        return JobHandle.of("replicate", p.path("id").asText(), ModelId.GPT_IMAGE_2_5_FLARE,
                "openai/gpt-image-2.5-flare", java.time.Instant.now(), Map.of("get", p.path("urls").path("get").asText(),
                        "cancel", p.path("urls").path("cancel").asText()));
    }

    private static List<JsonNode> lines(Path manifest) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            if (!l.isBlank()) {
                out.add(ResultPrinter.JSON.readTree(l));
            }
        }
        return out;
    }
}
