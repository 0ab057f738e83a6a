package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability: {@code imagegen batch} (the packaged jar, a separate JVM) killed with SIGKILL at a random moment
 * of its work (0-1.2 s after its first request was recorded), then run again, and once more with {@code --retry-unknown} if the re-run reported jobs whose outcome is unknown.
 * After the re-run: no id that had finished before the kill was requested again, and no job whose request was in
 * flight at the kill (unknown outcome) was sent again without the flag. After the last run each id has exactly
 * one complete image, no temporary file is left, and the manifest records every id. Runs:
 * {@code -Dreliability.killRuns=N} (default 50).
 */
class BatchKillIT {

    private static final int JOBS = 10;
    private static final Duration LATENCY = Duration.ofMillis(150);
    private static final int KILL_WINDOW_MS = 1200;

    @TempDir
    Path root;

    @Test
    void should_resume_after_sigkill_at_random_moments_without_paying_twice() throws Exception {
        int runs = Integer.getInteger("reliability.killRuns", 50);
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        Random random = new Random(seed);
        int finishedBeforeKill = 0;
        int recovered = 0;
        int unknownAtKill = 0;
        int unknownThatReachedVendor = 0;
        int resentWithoutFlag = 0;
        int duplicatesOfFinished = 0;
        int tempFilesLeft = 0;
        int keptFromCutAttempts = 0;
        long start = System.nanoTime();
        try (ImageApiEmulator emu = ImageApiEmulator.builder().latency(LATENCY).start()) {
            for (int run = 0; run < runs; run++) {
                emu.reset();
                Path dir = Files.createDirectories(root.resolve("run" + run));
                CliProcess.config(dir, emu.baseUrl());
                StringBuilder jobs = new StringBuilder();
                for (int i = 0; i < JOBS; i++) {
                    jobs.append("{\"id\": \"j").append(i).append("\", \"prompt\": \"run ").append(run).append(" job ")
                            .append(i).append('"').append(i == 3 ? ", \"n\": 2" : "").append("}\n");
                }
                Files.writeString(dir.resolve("jobs.jsonl"), jobs);

                Path out = dir.resolve("out");
                Path manifest = out.resolve(Manifest.FILE);
                Process p = CliProcess.start(CliProcess.imagegen(dir, "batch", "jobs.jsonl", "--out", "out",
                        "--concurrency", "3"), dir.resolve("killed-run.log"));
                // a random moment of the batch's work, whatever the JVM's start-up took on this machine
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!firstIntentRecorded(manifest) && p.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Thread.sleep(random.nextInt(KILL_WINDOW_MS));
                p.destroyForcibly(); // SIGKILL on Linux
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(LATENCY.toMillis() + 250); // requests in flight at the kill reach the journal
                Set<String> doneAtKill = ManifestLines.okIds(manifest);
                finishedBeforeKill += doneAtKill.size();
                Map<String, Integer> postsAtKill = postsPerId(emu, Instant.MAX);

                // received before this instant: sent by the killed run (its POSTs may be journaled late, as the
                // emulator journals a request once it has answered it)
                Instant rerunStart = Instant.now();
                JsonNode rerun = batch(dir, run, false);
                Set<String> unknown = new TreeSet<>();
                rerun.get("unknownIds").forEach(n -> unknown.add(n.asText()));
                if (!unknown.isEmpty()) {
                    Thread.sleep(LATENCY.toMillis() + 250); // a re-sent request would be journaled by now
                }
                Map<String, Integer> sentByKilledRun = postsPerId(emu, rerunStart);
                Map<String, Integer> sentByRerun = new HashMap<>(postsPerId(emu, Instant.MAX));
                sentByKilledRun.forEach((id, n) -> sentByRerun.merge(id, -n, Integer::sum));
                unknownAtKill += unknown.size();
                for (String id : unknown) {
                    unknownThatReachedVendor += sentByKilledRun.getOrDefault(id, 0) > 0 ? 1 : 0;
                    if (sentByRerun.getOrDefault(id, 0) != 0) {
                        resentWithoutFlag++;
                    }
                }
                if (!unknown.isEmpty()) {
                    assertThat(batch(dir, run, true).get("exitCode").asInt()).isZero();
                }

                Map<String, Integer> posts = postsPerId(emu, Instant.MAX);
                for (String id : doneAtKill) {
                    if (posts.getOrDefault(id, 0) != 1) {
                        duplicatesOfFinished++;
                    }
                }
                recovered += countRecovered(manifest);
                assertThat(ManifestLines.okIds(manifest)).as("run %d manifest", run).hasSize(JOBS);
                List<String> names;
                try (Stream<Path> files = Files.list(out)) {
                    names = files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
                }
                tempFilesLeft += (int) names.stream().filter(n -> n.endsWith(".part")).count();
                // each id's result: its planned number of complete images, recorded in its last ok line
                Map<String, List<String>> results = ManifestLines.okFiles(manifest);
                List<String> expected = new ArrayList<>(List.of(Manifest.FILE, BatchLock.STATE_DIR));
                for (int i = 0; i < JOBS; i++) {
                    List<String> files = results.get("j" + i);
                    assertThat(files).as("run %d j%d", run, i).hasSize(i == 3 ? 2 : 1);
                    for (String f : files) {
                        assertThat(ImageIO.read(out.resolve(f).toFile())).as("run %d %s", run, f).isNotNull();
                    }
                    expected.addAll(files);
                }
                // any other image is one an attempt cut by the kill saved (recorded for its id), kept, not replaced
                Map<String, String> named = ManifestLines.namedFiles(manifest);
                for (String name : names) {
                    if (!expected.contains(name) && !name.endsWith(".part")) {
                        assertThat(named).as("run %d: %s was written by this batch", run, name).containsKey(name);
                        assertThat(ImageIO.read(out.resolve(name).toFile())).as("run %d %s", run, name).isNotNull();
                        keptFromCutAttempts++;
                    }
                }
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        System.out.printf("kill-runs | runs %d | jobs %d | finished before kill %d | recovered from files %d | "
                + "unknown after the kill (reported, not re-sent) %d | of which reached the vendor %d | "
                + "re-sent without --retry-unknown %d | images of cut attempts kept beside the retry %d | "
                + "finished ids requested twice %d | temp files left %d | seed %d | %d s%n", runs, runs * JOBS,
                finishedBeforeKill, recovered, unknownAtKill, unknownThatReachedVendor, resentWithoutFlag,
                keptFromCutAttempts, duplicatesOfFinished, tempFilesLeft, seed, seconds);
        assertThat(duplicatesOfFinished).as("finished ids requested twice").isZero();
        assertThat(resentWithoutFlag).as("unknown outcomes sent again without --retry-unknown").isZero();
        assertThat(tempFilesLeft).as("temporary files left").isZero();
    }

    /** Runs the batch in-process; returns the JSON summary. */
    private static JsonNode batch(Path dir, int run, boolean retryUnknown) throws IOException {
        ByteArrayOutputStream outText = new ByteArrayOutputStream();
        ByteArrayOutputStream errText = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("batch", "jobs.jsonl", "--out", "out", "--json"));
        if (retryUnknown) {
            args.add("--retry-unknown");
        }
        int code = ImagegenCli.run(new Context(Map.of(), dir, new PrintStream(outText, true),
                new PrintStream(errText, true), false), args.toArray(new String[0]));
        assertThat(code).as("run %d%s: %s", run, retryUnknown ? " --retry-unknown" : "", errText)
                .isIn(ExitCodes.OK, ExitCodes.BATCH_UNKNOWN);
        JsonNode summary = ResultPrinter.JSON.readTree(outText.toString(StandardCharsets.UTF_8));
        assertThat(summary.get("exitCode").asInt()).isEqualTo(code);
        assertThat(summary.get("failed").asInt()).isZero();
        return summary;
    }

    /** POSTs per job id received before {@code before}. */
    private static Map<String, Integer> postsPerId(ImageApiEmulator emu, Instant before) {
        Map<String, Integer> posts = new HashMap<>();
        for (RecordedRequest r : emu.journal().posts()) {
            if (!r.receivedAt().isBefore(before)) {
                continue;
            }
            String prompt = r.param("prompt").orElse("");
            posts.merge("j" + prompt.substring(prompt.lastIndexOf(' ') + 1), 1, Integer::sum);
        }
        return posts;
    }

    private static boolean firstIntentRecorded(Path manifest) throws IOException {
        try {
            return Files.exists(manifest) && Files.readString(manifest, StandardCharsets.ISO_8859_1)
                    .contains("\"status\":\"sending\"");
        } catch (java.nio.file.NoSuchFileException racing) {
            return false;
        }
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
