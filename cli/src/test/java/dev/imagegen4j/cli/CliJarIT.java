package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a separate process, as a user runs it. */
class CliJarIT {

    @TempDir
    Path dir;

    private static Path jar() {
        Path jar = Path.of(System.getProperty("imagegen.jar", "target/imagegen.jar"));
        assertThat(jar).as("the shaded CLI jar (built by mvn package)").exists();
        return jar;
    }

    private ProcessBuilder imagegen(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("OPENAI_API_KEY");
        pb.environment().remove("IMAGEGEN4J_CONFIG");
        return pb;
    }

    private static String run(ProcessBuilder pb, int expectedExit) throws Exception {
        Path log = Files.createTempFile("imagegen", ".log");
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isEqualTo(expectedExit);
        return output;
    }

    @Test
    void should_generate_a_png_out_of_the_box() throws Exception {
        String output = run(imagegen("generate", "a corgi on grass", "-o", "corgi.png"), 0);

        assertThat(ImageIO.read(dir.resolve("corgi.png").toFile()).getWidth()).isEqualTo(1024);
        assertThat(output).contains("uses the built-in emulator");
    }

    @Test
    void should_exit_with_the_invalid_request_code_and_print_json() throws Exception {
        String output = run(imagegen("generate", "x", "--size", "4000x4000", "--json"), ExitCodes.INVALID_REQUEST);

        String json = output.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        assertThat(ResultPrinter.JSON.readTree(json).get("error").get("exitCode").asInt()).isEqualTo(3);
    }

    @Test
    void should_list_models_and_print_help() throws Exception {
        assertThat(run(imagegen("models"), 0)).contains("gpt-image-2");
        assertThat(run(imagegen("--help"), 0)).contains("generate").contains("batch").contains("Exit codes");
    }

    @Test
    void should_run_the_emulator_in_the_foreground_for_any_client() throws Exception {
        Process p = imagegen("emulator", "--port", "0").redirectErrorStream(true).start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).startsWith("emulator listening on http://127.0.0.1:");
            String base = first.substring("emulator listening on ".length()).strip();
            try (dev.imagegen4j.openai.OpenAiImageGenerator client = dev.imagegen4j.openai.OpenAiImageGenerator.builder()
                    .apiKey("any").baseUrl(base + "/v1").build()) {
                dev.imagegen4j.ImageResult r = client.generate(dev.imagegen4j.ImageRequest.builder().prompt("hello")
                        .size("1024x1024").build());
                assertThat(ImageIO.read(new java.io.ByteArrayInputStream(r.image().bytes())).getWidth()).isEqualTo(1024);
            }
        } finally {
            p.destroy();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    @Test
    void should_resume_a_killed_batch_without_requesting_a_finished_id_again() throws Exception {
        try (ImageApiEmulator emu = ImageApiEmulator.builder().latency(Duration.ofMillis(250)).start()) {
            Files.writeString(dir.resolve("imagegen4j.yaml"),
                    "generators:\n  local: { provider: openai, api-key: sk-batch, base-url: \"" + emu.baseUrl()
                            + "/v1\" }\n");
            int jobs = 16;
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < jobs; i++) {
                lines.append("{\"id\": \"job").append(i).append("\", \"prompt\": \"job ").append(i).append("\"}\n");
            }
            Files.writeString(dir.resolve("jobs.jsonl"), lines);
            Path out = dir.resolve("out");
            Path manifest = out.resolve("manifest.jsonl");

            Process first = imagegen("batch", "jobs.jsonl", "--out", "out", "--concurrency", "2")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ManifestLines.okIds(manifest).size() < 5 && System.nanoTime() < deadline && first.isAlive()) {
                Thread.sleep(20);
            }
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL mid-batch
            Set<String> finishedBeforeKill = ManifestLines.okIds(manifest);
            assertThat(finishedBeforeKill).hasSizeGreaterThanOrEqualTo(5).hasSizeLessThan(jobs);

            // jobs in flight at the kill have an unknown outcome: this re-run may send them again, as it opts in
            String second = run(imagegen("batch", "jobs.jsonl", "--out", "out", "--retry-unknown"), 0);

            assertThat(ManifestLines.okIds(manifest)).hasSize(jobs);
            Map<String, Integer> postsPerPrompt = new HashMap<>();
            for (RecordedRequest r : emu.journal().posts()) {
                postsPerPrompt.merge(r.param("prompt").orElse("?"), 1, Integer::sum);
            }
            for (String id : finishedBeforeKill) {
                assertThat(postsPerPrompt.get("job " + id.substring(3))).as("POSTs for finished " + id).isEqualTo(1);
            }
            try (Stream<Path> files = Files.list(out)) {
                List<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
                assertThat(names).noneMatch(n -> n.endsWith(".part"));
                for (int i = 0; i < jobs; i++) {
                    String name = "job" + i + ".png";
                    assertThat(names).contains(name);
                    assertThat(ImageIO.read(out.resolve(name).toFile())).as(name).isNotNull();
                }
                assertThat(names).hasSize(jobs + 2).contains("manifest.jsonl", ".imagegen");
            }
            assertThat(second).contains("already done");
        }
    }
}
