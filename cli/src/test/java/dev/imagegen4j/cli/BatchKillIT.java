package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability: {@code imagegen batch} (the packaged jar, a separate JVM) killed with SIGKILL at a random moment,
 * then run again. After every run each id has exactly one complete image, no temporary file is left, the
 * manifest records every id, and no id that had finished before the kill was requested again. Runs:
 * {@code -Dreliability.killRuns=N} (default 50).
 */
class BatchKillIT {

    private static final int JOBS = 10;

    @TempDir
    Path root;

    @Test
    void should_resume_after_sigkill_at_random_moments_without_paying_twice() throws Exception {
        int runs = Integer.getInteger("reliability.killRuns", 50);
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        Random random = new Random(seed);
        int finishedBeforeKill = 0;
        int recovered = 0;
        int inFlightAtKill = 0;
        int duplicatesOfFinished = 0;
        int tempFilesLeft = 0;
        long start = System.nanoTime();
        try (ImageApiEmulator emu = ImageApiEmulator.builder().latency(Duration.ofMillis(150)).start()) {
            for (int run = 0; run < runs; run++) {
                emu.reset();
                Path dir = Files.createDirectories(root.resolve("run" + run));
                Files.writeString(dir.resolve("imagegen4j.yaml"), "generators:\n  local: { provider: openai, "
                        + "api-key: sk-kill, base-url: \"" + emu.baseUrl() + "/v1\" }\n");
                StringBuilder jobs = new StringBuilder();
                for (int i = 0; i < JOBS; i++) {
                    jobs.append("{\"id\": \"j").append(i).append("\", \"prompt\": \"run ").append(run).append(" job ")
                            .append(i).append('"').append(i == 3 ? ", \"n\": 2" : "").append("}\n");
                }
                Files.writeString(dir.resolve("jobs.jsonl"), jobs);

                Process p = process(dir, "batch", "jobs.jsonl", "--out", "out", "--concurrency", "3").start();
                Thread.sleep(300 + random.nextInt(1700));
                p.destroyForcibly(); // SIGKILL on Linux
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                Path out = dir.resolve("out");
                Set<String> doneAtKill = ManifestLines.okIds(out.resolve("manifest.jsonl"));
                finishedBeforeKill += doneAtKill.size();
                int postsAtKill = emu.journal().posts().size();

                ByteArrayOutputStream outText = new ByteArrayOutputStream();
                ByteArrayOutputStream errText = new ByteArrayOutputStream();
                int code = ImagegenCli.run(new Context(Map.of(), dir, new PrintStream(outText, true),
                        new PrintStream(errText, true), false), "batch", "jobs.jsonl", "--out", "out");
                assertThat(code).as("run %d: %s", run, errText).isZero();

                Map<String, Integer> posts = new HashMap<>();
                for (RecordedRequest r : emu.journal().posts()) {
                    String prompt = r.param("prompt").orElse("");
                    posts.merge("j" + prompt.substring(prompt.lastIndexOf(' ') + 1), 1, Integer::sum);
                }
                for (String id : doneAtKill) {
                    if (posts.getOrDefault(id, 0) != 1) {
                        duplicatesOfFinished++;
                    }
                }
                inFlightAtKill += (int) posts.values().stream().filter(n -> n > 1).count();
                recovered += countRecovered(out.resolve("manifest.jsonl"));
                assertThat(ManifestLines.okIds(out.resolve("manifest.jsonl"))).as("run %d manifest", run).hasSize(JOBS);
                List<String> names;
                try (Stream<Path> files = Files.list(out)) {
                    names = files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
                }
                tempFilesLeft += (int) names.stream().filter(n -> n.endsWith(".part")).count();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < JOBS; i++) {
                    expected.add("j" + i + ".png");
                }
                expected.add("j3-1.png");
                expected.add("manifest.jsonl");
                assertThat(names).as("run %d files (%d POSTs at kill)", run, postsAtKill)
                        .containsExactlyInAnyOrderElementsOf(expected);
                for (String name : expected) {
                    if (name.endsWith(".png")) {
                        assertThat(ImageIO.read(out.resolve(name).toFile())).as("run %d %s", run, name).isNotNull();
                    }
                }
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        System.out.printf("kill-runs | runs %d | jobs %d | finished before kill %d | recovered from files %d | "
                + "re-requested (in flight at kill) %d | finished ids requested twice %d | temp files left %d | "
                + "seed %d | %d s%n", runs, runs * JOBS, finishedBeforeKill, recovered, inFlightAtKill,
                duplicatesOfFinished, tempFilesLeft, seed, seconds);
        assertThat(duplicatesOfFinished).as("finished ids requested twice").isZero();
        assertThat(tempFilesLeft).as("temporary files left").isZero();
    }

    private static ProcessBuilder process(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("imagegen.jar", "target/imagegen.jar")).toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed-run.log").toFile());
        pb.environment().remove("OPENAI_API_KEY");
        pb.environment().remove("IMAGEGEN4J_CONFIG");
        return pb;
    }

    private static int countRecovered(Path manifest) throws IOException {
        int n = 0;
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            if (line.contains("\"recovered\":true")) {
                n++;
            }
        }
        return n;
    }
}
