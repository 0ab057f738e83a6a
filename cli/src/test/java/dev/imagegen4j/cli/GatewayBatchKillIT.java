package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never paid twice with remote jobs: {@code imagegen batch} (the packaged jar) on Replicate is killed with SIGKILL
 * while its predictions run (each takes 4 s at the emulator), then run again. Every id whose job line reached the
 * manifest is finished by polling its job, with no second submit; the emulator's journal counts the submits.
 * Runs: {@code -Dreliability.gatewayKillRuns=N} (default 2).
 */
class GatewayBatchKillIT {

    private static final String KEY = "r8_killTestToken0123456789abcdef";
    private static final int JOBS = 4;

    @TempDir
    Path root;

    @Test
    void should_resume_remote_jobs_after_sigkill_without_a_second_submit() throws Exception {
        int runs = Integer.getInteger("reliability.gatewayKillRuns", 2);
        Random random = new Random(Long.getLong("reliability.seed", System.nanoTime()));
        int resumedTotal = 0;
        int secondSubmits = 0;
        try (ImageApiEmulator emu = ImageApiEmulator.builder().apiKey(KEY).jobDuration(Duration.ofSeconds(4)).start()) {
            for (int run = 0; run < runs; run++) {
                emu.reset();
                emu.jobDuration(Duration.ofSeconds(4));
                Path dir = Files.createDirectories(root.resolve("run" + run));
                Files.writeString(dir.resolve("imagegen4j.yaml"), """
                        generators:
                          replicate: { provider: replicate, api-key: "%s", base-url: "%s", sync-wait: 0s, poll-interval: 100ms }
                        default: replicate
                        """.formatted(KEY, emu.baseUrl(Dialect.REPLICATE)));
                StringBuilder jobs = new StringBuilder();
                for (int i = 0; i < JOBS; i++) {
                    jobs.append("{\"id\": \"j").append(i).append("\", \"prompt\": \"run ").append(run).append(" job ")
                            .append(i).append("\", \"model\": \"gpt-image-2.5-flare\"}\n");
                }
                Files.writeString(dir.resolve("jobs.jsonl"), jobs);
                Path manifest = dir.resolve("out/" + Manifest.FILE);

                Process p = CliProcess.start(CliProcess.imagegen(dir, "batch", "jobs.jsonl", "--out", "out",
                        "--concurrency", "4"), dir.resolve("killed-run.log"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (jobLines(manifest).size() < JOBS && p.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Thread.sleep(random.nextInt(1500)); // a moment while the predictions run (they take 4 s)
                p.destroyForcibly();
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                Set<String> recorded = jobLines(manifest).keySet();
                assertThat(recorded).as("run %d: job lines at the kill", run).hasSize(JOBS);
                assertThat(ManifestLines.okIds(manifest)).as("killed while the jobs ran").isEmpty();
                int submitsAtKill = submits(emu).size();
                assertThat(submitsAtKill).isEqualTo(JOBS);

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = ImagegenCli.run(new Context(Map.of(), dir, new PrintStream(out, true),
                        new PrintStream(err, true), false), "batch", "jobs.jsonl", "--out", "out", "--json");
                assertThat(code).as("run %d re-run: %s", run, err).isZero();
                JsonNode summary = ResultPrinter.JSON.readTree(out.toString(StandardCharsets.UTF_8));
                assertThat(summary.get("resumed").asInt()).isEqualTo(JOBS);
                resumedTotal += summary.get("resumed").asInt();

                Map<String, Integer> perId = new HashMap<>();
                for (RecordedRequest r : submits(emu)) {
                    String prompt = r.json().orElseThrow().path("input").path("prompt").asText();
                    perId.merge(prompt.substring(prompt.lastIndexOf(' ') + 1), 1, Integer::sum);
                }
                for (int i = 0; i < JOBS; i++) {
                    int n = perId.getOrDefault(String.valueOf(i), 0);
                    assertThat(n).as("run %d: submits of j%d", run, i).isEqualTo(1);
                    secondSubmits += n - 1;
                    assertThat(ImageIO.read(dir.resolve("out/j" + i + ".png").toFile())).isNotNull();
                }
                assertThat(ManifestLines.okIds(manifest)).hasSize(JOBS);
            }
        }
        System.out.printf("gateway-kill-runs | runs %d | jobs %d | resumed by polling %d | second submits %d%n", runs,
                runs * JOBS, resumedTotal, secondSubmits);
        assertThat(secondSubmits).isZero();
    }

    @Test
    void should_cancel_the_remote_jobs_when_a_batch_is_interrupted_and_not_pay_again_on_a_rerun() throws Exception {
        try (ImageApiEmulator emu = ImageApiEmulator.builder().apiKey(KEY).jobDuration(Duration.ofSeconds(30))
                .start()) {
            Path dir = Files.createDirectories(root.resolve("interrupted"));
            Files.writeString(dir.resolve("imagegen4j.yaml"), """
                    generators:
                      replicate: { provider: replicate, api-key: "%s", base-url: "%s", sync-wait: 0s, poll-interval: 100ms }
                    default: replicate
                    """.formatted(KEY, emu.baseUrl(Dialect.REPLICATE)));
            Files.writeString(dir.resolve("jobs.jsonl"), "{\"id\": \"a\", \"prompt\": \"a fox\", \"model\": "
                    + "\"gpt-image-2.5-flare\"}\n{\"id\": \"b\", \"prompt\": \"a hen\", \"model\": "
                    + "\"gpt-image-2.5-flare\"}\n");
            Path manifest = dir.resolve("out/" + Manifest.FILE);
            Path log = dir.resolve("interrupted-run.log");
            Process p = CliProcess.start(CliProcess.imagegen(dir, "batch", "jobs.jsonl", "--out", "out"), log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (jobLines(manifest).size() < 2 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            CliProcess.interrupt(p);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isEqualTo(130); // SIGINT
            assertThat(output).contains("cancelled").contains("instead of paying again").doesNotContain(KEY);
            assertThat(emu.jobs()).hasSize(2).allSatisfy(j -> assertThat(j).endsWith("canceled"));
            assertThat(emu.journal().posts().stream().filter(r -> r.path().endsWith("/cancel")).count()).isEqualTo(2);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = ImagegenCli.run(new Context(Map.of(), dir, new PrintStream(out, true),
                    new PrintStream(new ByteArrayOutputStream(), true), false), "batch", "jobs.jsonl", "--out", "out",
                    "--json");
            assertThat(code).isEqualTo(ExitCodes.BATCH_UNKNOWN); // polled: cancelled, so unknown; not sent again
            assertThat(submits(emu)).hasSize(2);
        }
    }

    private static List<RecordedRequest> submits(ImageApiEmulator emu) {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : emu.journal().posts()) {
            if (r.path().endsWith("/predictions")) {
                out.add(r);
            }
        }
        return out;
    }

    /** The job lines of the manifest by id (a line torn by the kill is skipped). */
    private static Map<String, JsonNode> jobLines(Path manifest) throws Exception {
        Map<String, JsonNode> jobs = new HashMap<>();
        if (!Files.exists(manifest)) {
            return jobs;
        }
        Set<String> seen = new HashSet<>();
        for (String line : Files.readAllLines(manifest, StandardCharsets.ISO_8859_1)) {
            try {
                JsonNode n = ResultPrinter.JSON.readTree(line);
                if (n != null && "job".equals(n.path("status").asText())) {
                    jobs.put(n.path("id").asText(), n);
                    seen.add(n.path("id").asText());
                }
            } catch (java.io.IOException torn) {
                // the line being written at the kill
            }
        }
        return jobs;
    }
}
