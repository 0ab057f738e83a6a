package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many machines, one batch and one vendor quota: {@code imagegen batch --coordinator redis://...} (the packaged
 * jar) as three worker processes on one Redis and one emulator. The emulator's journal file (one JSON line per
 * request) is what a vendor would bill.
 */
class DistributedBatchIT {

    private static final int JOBS = 30;

    @TempDir
    Path dir;

    private String redis;

    private Path setUp(ImageApiEmulator emu, String quota, int imagesPerMinute) throws Exception {
        redis = TestRedis.url();
        Files.writeString(dir.resolve("imagegen4j.yaml"), """
                quotas:
                  %s:
                    store: %s
                    images-per-minute: %d
                    burst: 1s
                generators:
                  vendor: { provider: openai, api-key: sk-distributed-test, base-url: "%s/v1", quota: %s }
                """.formatted(quota, redis, imagesPerMinute, emu.baseUrl(), quota));
        StringBuilder jobs = new StringBuilder();
        String run = UUID.randomUUID().toString().substring(0, 8); // a batch of its own on a shared Redis
        for (int i = 0; i < JOBS; i++) {
            jobs.append("{\"id\": \"job").append(i).append("\", \"prompt\": \"run ").append(run).append(" job ")
                    .append(i).append("\", \"size\": \"1024x1024\", \"quality\": \"low\"}\n");
        }
        Path file = dir.resolve("jobs.jsonl");
        Files.writeString(file, jobs);
        return file;
    }

    private Process worker(String name, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("batch", "jobs.jsonl", "--out", "out-" + name, "--coordinator",
                redis, "--worker", name, "--concurrency", "2"));
        args.addAll(List.of(extra));
        return CliProcess.start(CliProcess.imagegen(dir, args.toArray(String[]::new)), dir.resolve(name + ".log"));
    }

    private String log(String name) throws Exception {
        return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
    }

    private JsonNode status() throws Exception {
        String out = CliProcess.run(CliProcess.imagegen(dir, "batch", "status", "jobs.jsonl", "--coordinator", redis,
                "--json"), 0);
        return ResultPrinter.JSON.readTree(out.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    }

    /** POSTs per job, from the prompts the emulator received. */
    private static Map<String, Integer> postsPerJob(ImageApiEmulator emu) {
        Map<String, Integer> n = new HashMap<>();
        for (RecordedRequest r : emu.journal().posts()) {
            String prompt = r.param("prompt").orElse("?");
            n.merge(prompt.substring(prompt.lastIndexOf(' ') + 1), 1, Integer::sum);
        }
        return n;
    }

    /** The POSTs of the emulator's journal file: request id to the time the request arrived. */
    private static Map<String, Instant> journalPosts(Path journal) throws Exception {
        Map<String, Instant> posts = new HashMap<>();
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            JsonNode j = ResultPrinter.JSON.readTree(line);
            if (j.path("method").asText().equals("POST")) {
                assertThat(j.path("status").asInt()).as(line).isEqualTo(200);
                posts.put(j.path("request_id").asText(), Instant.parse(j.path("time").asText()));
            }
        }
        return posts;
    }

    /** Request ids each worker's manifest recorded. */
    private Map<String, String> workerOfRequest(List<String> workers) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (String w : workers) {
            for (String line : Files.readAllLines(dir.resolve("out-" + w).resolve(Manifest.FILE))) {
                JsonNode j = line.isBlank() ? null : ResultPrinter.JSON.readTree(line);
                if (j != null && j.path("status").asText().equals("ok")) {
                    out.put(j.path("requestId").asText(), w);
                }
            }
        }
        return out;
    }

    /** POSTs per minute between the first and the last of {@code times}: (n - 1) intervals over the span. */
    private static double perMinute(List<Instant> times) {
        List<Instant> t = new ArrayList<>(times);
        t.sort(Comparator.naturalOrder());
        double span = Duration.between(t.get(0), t.get(t.size() - 1)).toNanos() / 1e9;
        return (t.size() - 1) / span * 60;
    }

    /**
     * POSTs per minute as the least-squares slope of arrival time against arrival order: one request delayed on
     * its way (a busy CPU, a GC pause) moves it by a fraction of a percent, where it moves the first-to-last figure
     * by its whole delay over the span.
     */
    private static double fittedPerMinute(List<Instant> times) {
        List<Instant> t = new ArrayList<>(times);
        t.sort(Comparator.naturalOrder());
        int n = t.size();
        double meanX = (n - 1) / 2.0;
        double meanY = 0;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Duration.between(t.get(0), t.get(i)).toNanos() / 1e9;
            meanY += y[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - meanX) * (y[i] - meanY);
            sxx += (i - meanX) * (i - meanX);
        }
        return 60 / (sxy / sxx);
    }

    /**
     * The figure, at its own scale (so this test takes about 35 s): 60 images/min shared by three
     * processes through Redis. Each alone would be allowed 60/min; sharing is what keeps the three together at 60.
     */
    @Test
    void should_do_30_jobs_once_across_three_workers_within_a_shared_60_images_per_minute() throws Exception {
        Path journal = dir.resolve("journal.jsonl");
        try (ImageApiEmulator emu = ImageApiEmulator.builder().latency(Duration.ofMillis(100)).journalFile(journal)
                .start()) {
            emu.rateLimit(60); // the vendor's own limit: a 429 would show in the journal
            setUp(emu, "org-" + UUID.randomUUID().toString().substring(0, 8), 60);
            long start = System.nanoTime();
            List<Process> workers = List.of(worker("w1"), worker("w2"), worker("w3"));
            for (Process p : workers) {
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            for (String w : List.of("w1", "w2", "w3")) {
                assertThat(workers.get(Integer.parseInt(w.substring(1)) - 1).exitValue()).as(log(w)).isZero();
            }

            Map<String, Instant> posts = journalPosts(journal);
            assertThat(posts).hasSize(JOBS); // every one a 200: no 429, nothing paid twice
            Map<String, Integer> perJob = postsPerJob(emu);
            assertThat(perJob).hasSize(JOBS).allSatisfy((job, n) -> assertThat(n).as(job).isEqualTo(1));
            // Each worker's first request also pays for its JVM's HTTP client start-up, so it reaches the vendor later
            // than its slot; the whole run's figure (which a late first request inflates) is printed, the steady
            // rate (without each worker's first request, fitted over the other 27) is asserted.
            double wholeRun = perMinute(new ArrayList<>(posts.values()));
            Map<String, String> byWorker = workerOfRequest(List.of("w1", "w2", "w3"));
            assertThat(byWorker.keySet()).containsExactlyInAnyOrderElementsOf(posts.keySet());
            Map<String, Instant> firstOfWorker = new HashMap<>();
            posts.forEach((request, at) -> firstOfWorker.merge(byWorker.get(request), at,
                    (a, b) -> a.isBefore(b) ? a : b));
            List<Instant> steady = new ArrayList<>(posts.values());
            steady.removeAll(firstOfWorker.values());
            assertThat(steady).hasSize(JOBS - 3);
            double perMinute = fittedPerMinute(steady);
            assertThat(perMinute).as("observed rate").isLessThanOrEqualTo(60 * 1.02);
            double firstToLast = perMinute(steady);
            // and at no time more than the bucket lets through: one at once, then one per second (+ 2 % and one
            // late arrival)
            List<Instant> all = new ArrayList<>(posts.values());
            all.sort(Comparator.naturalOrder());
            for (int i = 0; i < all.size(); i++) {
                for (int j = i + 1; j < all.size(); j++) {
                    double seconds = Duration.between(all.get(i), all.get(j)).toNanos() / 1e9;
                    assertThat((double) (j - i + 1)).as("POSTs %d..%d in %.2f s", i, j, seconds)
                            .isLessThanOrEqualTo(2 + seconds * 1.02);
                }
            }

            JsonNode s = status();
            assertThat(s.path("done").asInt()).isEqualTo(JOBS);
            assertThat(s.path("failed").asInt() + s.path("unknown").asInt() + s.path("pending").asInt()
                    + s.path("running").asInt()).isZero();
            Map<String, Integer> doneBy = new HashMap<>();
            s.path("workers").forEach(w -> doneBy.put(w.path("worker").asText(), w.path("done").asInt()));
            assertThat(doneBy).containsOnlyKeys("w1", "w2", "w3");
            assertThat(doneBy.values()).allSatisfy(n -> assertThat(n).isPositive());
            int images = 0;
            for (String w : List.of("w1", "w2", "w3")) {
                try (var files = Files.list(dir.resolve("out-" + w))) {
                    images += (int) files.filter(f -> f.toString().endsWith(".png")).count();
                }
            }
            assertThat(images).isEqualTo(JOBS);

            // a re-run on another machine finds everything done: nothing is sent
            CliProcess.run(CliProcess.imagegen(dir, "batch", "jobs.jsonl", "--out", "out-w4", "--coordinator", redis,
                    "--worker", "w4"), 0);
            assertThat(emu.journal().posts()).hasSize(JOBS);

            System.out.printf("distributed-batch | 3 workers | %d jobs | %d POSTs | 0 duplicates | %.1f images/min "
                    + "observed (limit 60; fitted slope; first-to-last %.1f; whole run incl. each JVM's first request "
                    + "%.1f) | done per worker %s | %.1f s%n", JOBS, posts.size(), perMinute, firstToLast, wholeRun,
                    doneBy.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(" ")), wall);
        }
    }

    @Test
    void should_finish_without_sending_any_job_twice_when_a_worker_is_killed() throws Exception {
        try (ImageApiEmulator emu = ImageApiEmulator.builder().latency(Duration.ofMillis(400)).start()) {
            setUp(emu, "org-" + UUID.randomUUID().toString().substring(0, 8), 600);
            Process victim = worker("w1", "--lease", "2s");
            Process w2 = worker("w2", "--lease", "2s");
            Process w3 = worker("w3", "--lease", "2s");
            Path victimManifest = dir.resolve("out-w1").resolve(Manifest.FILE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // kill it while it has a request in flight (its intent recorded, its outcome not yet)
            while (System.nanoTime() < deadline && !inFlight(victimManifest)) {
                Thread.sleep(5);
            }
            assertThat(inFlight(victimManifest)).as("w1 sent a request").isTrue();
            victim.destroyForcibly(); // SIGKILL
            victim.waitFor();
            assertThat(w2.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(w3.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(w2.exitValue()).as(log("w2")).isIn(0, ExitCodes.BATCH_UNKNOWN);
            assertThat(w3.exitValue()).as(log("w3")).isIn(0, ExitCodes.BATCH_UNKNOWN);

            Map<String, Integer> perJob = postsPerJob(emu);
            assertThat(perJob.values()).allSatisfy(n -> assertThat(n).isEqualTo(1)); // no job sent twice
            JsonNode s = status();
            int unknown = s.path("unknown").asInt();
            assertThat(s.path("done").asInt() + unknown).isEqualTo(JOBS);
            assertThat(unknown).as("at most the killed worker's requests in flight").isBetween(1, 2);
            s.path("unknownIds").forEach(u -> assertThat(u.path("worker").asText()).isEqualTo("w1"));
            int postsAfterKill = emu.journal().posts().size();
            assertThat(postsAfterKill).isBetween(JOBS - unknown, JOBS);

            // the killed worker started again on its machine: its unknown jobs are reported, not sent
            String again = CliProcess.run(CliProcess.imagegen(dir, "batch", "jobs.jsonl", "--out", "out-w1",
                    "--coordinator", redis, "--worker", "w1"), ExitCodes.BATCH_UNKNOWN);
            assertThat(again).contains("outcome unknown");
            assertThat(emu.journal().posts()).hasSize(postsAfterKill);

            // only the explicit opt-in sends them again, each once
            CliProcess.run(CliProcess.imagegen(dir, "batch", "jobs.jsonl", "--out", "out-w2", "--coordinator", redis,
                    "--worker", "w2", "--retry-unknown"), 0);
            assertThat(emu.journal().posts()).hasSize(postsAfterKill + unknown);
            assertThat(status().path("done").asInt()).isEqualTo(JOBS);
            System.out.printf("distributed-kill | 3 workers, w1 killed with SIGKILL | %d jobs | %d POSTs before "
                    + "--retry-unknown | %d unknown (reported, not re-sent) | 0 sent twice without the flag%n", JOBS,
                    postsAfterKill, unknown);
        }
    }

    /** Whether the manifest has a {@code sending} line whose job has no outcome line yet. */
    private static boolean inFlight(Path manifest) throws Exception {
        if (!Files.exists(manifest)) {
            return false;
        }
        Map<String, String> last = new HashMap<>();
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode j = ResultPrinter.JSON.readTree(line);
                last.put(j.path("id").asText(), j.path("status").asText());
            } catch (java.io.IOException torn) {
                return false;
            }
        }
        long done = last.values().stream().filter("ok"::equals).count();
        return done >= 2 && last.containsValue("sending");
    }
}
