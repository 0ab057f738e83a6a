package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official Replicate JavaScript client ({@code replicate} on npm, pinned in
 * {@code src/test/resources/replicate-js/package.json}), given the emulator's base URL, runs predictions to completion:
 * proof that the emulator's Replicate dialect is the protocol the vendor's own client speaks. The client is installed
 * with {@code npm install} into {@code target/replicate-js} (once; Node.js 20 and npm are on the build machines).
 */
class ReplicateJsClientTest {

    private static final String TOKEN = "r8_jsClientToken0123456789abcdef";
    private static final Path DIR = Path.of("target", "replicate-js");

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create(b -> b.apiKey(TOKEN));

    @BeforeAll
    static void install() throws Exception {
        Files.createDirectories(DIR);
        for (String name : List.of("package.json", "run.mjs")) {
            try (InputStream in = ReplicateJsClientTest.class.getResourceAsStream("/replicate-js/" + name)) {
                Files.write(DIR.resolve(name), in.readAllBytes());
            }
        }
        if (Files.exists(DIR.resolve("node_modules/replicate/package.json"))
                && Files.readString(DIR.resolve("node_modules/replicate/package.json")).contains("\"version\": \"1.4.0\"")) {
            return;
        }
        Result r = run(Duration.ofMinutes(5), "npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
        assertThat(r.code).as("npm install: %s", r.output).isZero();
    }

    private record Result(int code, String output) {
    }

    private static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        return new Result(done ? p.exitValue() : -1, new String(out, StandardCharsets.UTF_8));
    }

    private static JsonNode prediction(String mode) throws Exception {
        Result r = run(Duration.ofMinutes(2), "node", "run.mjs", emu.emulator().baseUrl(Dialect.REPLICATE), TOKEN, mode);
        assertThat(r.code).as("node run.mjs: %s", r.output).isZero();
        String last = r.output.strip().lines().reduce((a, b) -> b).orElse("");
        return Http.JSON.readTree(last);
    }

    private static void assertImages(JsonNode output) throws IOException {
        assertThat(output.isArray()).as("output %s", output).isTrue();
        assertThat(output).hasSize(2);
        for (JsonNode url : output) {
            Http.Reply file = Http.get(url.asText());
            assertThat(file.status).isEqualTo(200);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(file.raw.body()));
            assertThat(image.getWidth()).isEqualTo(1536);
            assertThat(image.getHeight()).isEqualTo(1024);
        }
    }

    @Test
    void should_run_a_prediction_to_completion_when_the_client_waits_for_it() throws Exception {
        JsonNode result = prediction("block");

        assertImages(result.get("output"));
        List<RecordedRequest> posts = emu.emulator().journal().posts();
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).path()).isEqualTo("/replicate/v1/models/openai/gpt-image-2.5-flare/predictions");
        assertThat(posts.get(0).header("prefer")).hasValue("wait=60");
        assertThat(posts.get(0).header("authorization")).hasValue("Bearer " + TOKEN);
        assertThat(posts.get(0).status()).isEqualTo(201);
        assertThat(result.get("listed").asBoolean()).isTrue();
    }

    @Test
    void should_poll_a_prediction_to_completion_when_the_client_polls() throws Exception {
        emu.emulator().jobDuration(Duration.ofMillis(900));

        JsonNode result = prediction("poll");

        assertImages(result.get("output"));
        List<String> statuses = new ArrayList<>();
        result.get("events").forEach(e -> statuses.add(e.asText()));
        assertThat(statuses).contains("starting", "succeeded");
        assertThat(emu.emulator().journal().posts()).hasSize(1);
        String id = emu.emulator().journal().posts().get(0).requestId();
        assertThat(emu.emulator().journal().all().stream().filter(r -> r.method().equals("GET")
                && r.path().equals("/replicate/v1/predictions/" + id)).count()).isGreaterThanOrEqualTo(2);
    }
}
