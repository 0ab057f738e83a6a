package dev.imagegen4j.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DecodeBenchmark} as interleaved rounds of single forks: in each round, for each workload,
 * one fork per client, the clients' order rotated from round to round. A ratio between two clients is then
 * taken per round, between forks that ran minutes apart at most, so a slow drift of the machine's load
 * moves both; the rounds give the ratio's spread.
 *
 * <p>Appends one JSON object per fork to {@code jmh.jsonl}: {@code round, workload, client, status}, the
 * measured iterations' {@code ms} per operation and {@code alloc} bytes per operation
 * ({@code gc.alloc.rate.norm}), or the {@code cause} of a failure. A client that fails a workload is
 * recorded once and not run again for that workload. JMH's own output goes to {@code jmh.log}.
 */
final class JmhRounds {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a fork waits for another JMH run on the machine to finish. */
    static final long LOCK_WAIT_MINUTES = 60;

    private final Path dir;
    private final String replay;
    private final int warmupIterations;
    private final TimeValue warmupTime;
    private final int iterations;
    private final TimeValue iterationTime;
    private final String xmx;

    JmhRounds(Path dir, String replay, String warmup, String measure, String xmx) {
        this.dir = dir;
        this.replay = replay;
        String[] w = warmup.split(":");
        String[] m = measure.split(":");
        this.warmupIterations = Integer.parseInt(w[0]);
        this.warmupTime = TimeValue.fromString(w[1]);
        this.iterations = Integer.parseInt(m[0]);
        this.iterationTime = TimeValue.fromString(m[1]);
        this.xmx = xmx;
    }

    /** The order of {@code clients} in {@code round} (1-based): rotated by one per round. */
    static List<String> order(List<String> clients, int round) {
        List<String> o = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            o.add(clients.get((i + round - 1) % clients.size()));
        }
        return o;
    }

    void run(List<String> workloads, List<String> clients, int firstRound, int rounds) throws IOException {
        Set<String> failed = new TreeSet<>();
        for (int round = firstRound; round < firstRound + rounds; round++) {
            for (String workload : workloads) {
                for (String client : order(clients, round)) {
                    if (failed.contains(client + "|" + workload)) {
                        continue;
                    }
                    Map<String, Object> fork = fork(round, workload, client);
                    append(fork);
                    if (!"ok".equals(fork.get("status"))) {
                        failed.add(client + "|" + workload);
                    }
                }
            }
        }
    }

    private Map<String, Object> fork(int round, String workload, String client) throws IOException {
        Path log = Files.createTempFile(dir, "jmh-fork", ".log");
        Options opt = new OptionsBuilder()
                .include("^" + Pattern.quote(DecodeBenchmark.class.getName()) + "\\.generate$")
                .param("workload", workload)
                .param("client", client)
                .forks(1)
                .warmupIterations(warmupIterations)
                .warmupTime(warmupTime)
                .measurementIterations(iterations)
                .measurementTime(iterationTime)
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("-Xmx" + xmx, "-Djava.awt.headless=true", "-Dslf4j.internal.verbosity=ERROR",
                        "-Dbench.replay=" + replay)
                .shouldFailOnError(true)
                .timeout(TimeValue.minutes(10))
                .output(log.toString())
                .build();
        Map<String, Object> fork = new LinkedHashMap<>();
        fork.put("round", round);
        fork.put("workload", workload);
        fork.put("client", client);
        long t0 = System.nanoTime();
        try {
            Collection<RunResult> results = runWhenUnlocked(opt);
            List<Double> ms = new ArrayList<>();
            List<Double> alloc = new ArrayList<>();
            for (RunResult rr : results) {
                for (BenchmarkResult br : rr.getBenchmarkResults()) {
                    for (IterationResult ir : br.getIterationResults()) {
                        ms.add(ir.getPrimaryResult().getScore());
                        alloc.add(allocNorm(ir.getSecondaryResults()));
                    }
                }
            }
            if (ms.isEmpty()) {
                fork.put("status", "failed");
                fork.put("cause", cause(log));
            } else {
                fork.put("status", "ok");
                fork.put("ms", ms);
                fork.put("alloc", alloc);
            }
        } catch (IllegalStateException e) {
            throw e; // the harness cannot run, which says nothing about the client
        } catch (RunnerException | RuntimeException e) {
            fork.put("status", "failed");
            String c = cause(log);
            fork.put("cause", c.isEmpty() ? Driver.cause(e) : c);
        } finally {
            Files.writeString(dir.resolve("jmh.log"), Files.readString(log, StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.deleteIfExists(log);
        }
        fork.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        System.out.println(progress(fork));
        return fork;
    }

    /**
     * Runs JMH, waiting while another JMH run on the machine holds JMH's lock: two benchmark runs sharing the
     * cores would spoil each other's figures, and a lock refusal is not the client's failure.
     *
     * @throws IllegalStateException after {@link #LOCK_WAIT_MINUTES} of waiting
     */
    private static Collection<RunResult> runWhenUnlocked(Options opt) throws RunnerException {
        long deadline = System.nanoTime() + LOCK_WAIT_MINUTES * 60_000_000_000L;
        boolean told = false;
        while (true) {
            try {
                return new org.openjdk.jmh.runner.Runner(opt).run();
            } catch (RunnerException e) {
                if (!String.valueOf(e.getMessage()).contains("Unable to acquire the JMH lock")) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("another JMH run held the JMH lock for " + LOCK_WAIT_MINUTES
                            + " minutes; run the benchmarks alone", e);
                }
                if (!told) {
                    System.out.println("waiting: another JMH run on this machine holds the JMH lock");
                    told = true;
                }
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the JMH lock", ie);
                }
            }
        }
    }

    private static double allocNorm(Map<String, Result> secondary) {
        for (Map.Entry<String, Result> e : secondary.entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return e.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    @SuppressWarnings("unchecked")
    private static String progress(Map<String, Object> fork) {
        String head = String.format("jmh round %s %-10s %-18s", fork.get("round"), fork.get("workload"),
                fork.get("client"));
        if (!"ok".equals(fork.get("status"))) {
            return head + " FAILED: " + Judge.shorten(String.valueOf(fork.get("cause")), 200);
        }
        Judge.Spread ms = Judge.Spread.of((List<Double>) fork.get("ms"));
        Judge.Spread alloc = Judge.Spread.of((List<Double>) fork.get("alloc"));
        return head + Judge.f(" %9.3f ms/op (%.3f-%.3f)  %s  [%.0f s]", ms.median, ms.min, ms.max,
                alloc == null ? "alloc n/a" : Judge.f("%.0f KiB/op", alloc.median / 1024), fork.get("seconds"));
    }

    /** The first exception line of a failed fork's JMH output, with its deepest {@code Caused by}. */
    static String cause(Path log) throws IOException {
        String first = null;
        String deepest = null;
        Pattern exception = Pattern.compile("^[\\w.$]+(Exception|Error)(: .*)?$");
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (first == null && exception.matcher(l).matches()) {
                first = l;
            } else if (l.startsWith("Caused by: ")) {
                deepest = l.substring("Caused by: ".length());
            }
        }
        if (first == null) {
            return "";
        }
        return Judge.shorten(deepest == null || deepest.equals(first) ? first : first + " <- " + deepest, 600);
    }

    private void append(Map<String, Object> fork) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("jmh.jsonl"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            w.println(JSON.writeValueAsString(fork));
        }
    }

    /** The forks of a {@code jmh.jsonl}, keyed {@code client|workload}, in file order. */
    static Map<String, List<Map<String, Object>>> read(Path file) throws IOException {
        Map<String, List<Map<String, Object>>> forks = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return forks;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fork = JSON.readValue(line, HashMap.class);
            forks.computeIfAbsent(fork.get("client") + "|" + fork.get("workload"), k -> new ArrayList<>()).add(fork);
        }
        return forks;
    }
}
