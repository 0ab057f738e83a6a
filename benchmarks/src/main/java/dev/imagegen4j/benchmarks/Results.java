package dev.imagegen4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The raw results of one run, as {@link Runner} wrote them into a directory: {@code machine.txt},
 * {@code server.txt} (BODY lines), {@code jmh.jsonl}, {@code heap.csv}, {@code concurrency.csv},
 * {@code upload.csv}. Any of them may be missing (a run that skipped that part); every figure the report
 * shows comes from here.
 */
final class Results {

    /** One JMH fork: its round and the medians of its measured iterations. */
    static final class Fork {
        final int round;
        final boolean ok;
        final double ms;
        final double allocBytes;
        final String cause;

        Fork(int round, boolean ok, double ms, double allocBytes, String cause) {
            this.round = round;
            this.ok = ok;
            this.ms = ms;
            this.allocBytes = allocBytes;
            this.cause = cause;
        }
    }

    /** One heap search: the interval {@code (failKiB, passKiB]} or why there is none. */
    static final class Heap {
        final long decoded;
        final long passKiB;
        final long failKiB;
        final String status;
        final String search;
        final String cause;

        Heap(long decoded, long passKiB, long failKiB, String status, String search, String cause) {
            this.decoded = decoded;
            this.passKiB = passKiB;
            this.failKiB = failKiB;
            this.status = status;
            this.search = search;
            this.cause = cause;
        }

        boolean ok() {
            return status.equals("ok") && passKiB > 0;
        }
    }

    final String machine;
    /** workload -> {body bytes, decoded bytes, images} */
    final Map<String, long[]> bodies = new LinkedHashMap<>();
    /** client|workload -> forks in file order */
    final Map<String, List<Fork>> forks = new LinkedHashMap<>();
    /** client:workload -> heap search */
    final Map<String, Heap> heap = new LinkedHashMap<>();
    /** concurrency.csv rows: client -> RESULT fields (plus n) */
    final Map<String, Map<String, String>> concurrency = new LinkedHashMap<>();
    final List<Map<String, String>> uploads = new ArrayList<>();

    Results(String machine) {
        this.machine = machine;
    }

    static Results load(Path dir) throws IOException {
        Path m = dir.resolve("machine.txt");
        Results r = new Results(Files.exists(m) ? Files.readString(m, StandardCharsets.UTF_8).strip() : "(no machine.txt)");
        Path server = dir.resolve("server.txt");
        if (Files.exists(server)) {
            for (String line : Files.readAllLines(server, StandardCharsets.UTF_8)) {
                if (line.startsWith("BODY ")) {
                    String[] f = line.strip().split(" ");
                    long images = f.length > 4 ? Long.parseLong(f[4].split(":")[0]) : 1;
                    r.bodies.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3]), images});
                }
            }
        }
        for (Map.Entry<String, List<Map<String, Object>>> e : JmhRounds.read(dir.resolve("jmh.jsonl")).entrySet()) {
            for (Map<String, Object> f : e.getValue()) {
                r.addFork(e.getKey(), f);
            }
        }
        Path heap = dir.resolve("heap.csv");
        if (Files.exists(heap)) {
            for (Map<String, String> row : Csv.read(heap)) {
                r.heap.put(row.get("client") + ":" + row.get("workload"), new Heap(
                        Long.parseLong(row.get("decoded_bytes")), longOr(row.get("min_xmx_kib"), -1),
                        longOr(row.get("max_fail_kib"), 0), row.get("status"), row.getOrDefault("search", "bisect"),
                        row.getOrDefault("cause", "")));
            }
        }
        Path conc = dir.resolve("concurrency.csv");
        if (Files.exists(conc)) {
            for (Map<String, String> row : Csv.read(conc)) {
                Map<String, String> fields = new LinkedHashMap<>(Runner.parse(row.get("result").replace("'", "\"")));
                fields.put("n", row.get("n"));
                fields.put("latency_ms", row.get("latency_ms"));
                r.concurrency.put(row.get("client"), fields);
            }
        }
        Path up = dir.resolve("upload.csv");
        if (Files.exists(up)) {
            r.uploads.addAll(Csv.read(up));
        }
        return r;
    }

    private static long longOr(String s, long fallback) {
        return s == null || s.isBlank() ? fallback : Long.parseLong(s.strip());
    }

    void addFork(String key, Map<String, Object> f) {
        boolean ok = "ok".equals(f.get("status"));
        double ms = ok ? median(f.get("ms")) : Double.NaN;
        double alloc = ok ? median(f.get("alloc")) : Double.NaN;
        Object round = f.get("round");
        forks.computeIfAbsent(key, k -> new ArrayList<>()).add(new Fork(round instanceof Number
                ? ((Number) round).intValue() : Integer.parseInt(String.valueOf(round)), ok, ms, alloc,
                String.valueOf(f.getOrDefault("cause", ""))));
    }

    private static double median(Object values) {
        List<Double> d = new ArrayList<>();
        if (values instanceof List) {
            for (Object o : (List<?>) values) {
                d.add(o instanceof Number ? ((Number) o).doubleValue() : Double.parseDouble(String.valueOf(o)));
            }
        }
        Judge.Spread s = Judge.Spread.of(d);
        return s == null ? Double.NaN : s.median;
    }

    /** Decoded bytes of {@code workload} (all its images), or -1 if unknown. */
    long decoded(String workload) {
        long[] b = bodies.get(workload);
        return b == null ? -1 : b[1];
    }

    int images(String workload) {
        long[] b = bodies.get(workload);
        return b == null ? 1 : (int) b[2];
    }

    /** The workloads with JMH forks, smallest decoded size first. */
    List<String> jmhWorkloads() {
        List<String> w = new ArrayList<>();
        for (String key : forks.keySet()) {
            String workload = key.substring(key.indexOf('|') + 1);
            if (!w.contains(workload)) {
                w.add(workload);
            }
        }
        w.sort((a, b) -> Long.compare(decoded(a), decoded(b)));
        return w;
    }

    /** The successful forks of {@code client} at {@code workload}. */
    List<Fork> ok(String client, String workload) {
        List<Fork> ok = new ArrayList<>();
        for (Fork f : forks.getOrDefault(client + "|" + workload, Collections.emptyList())) {
            if (f.ok) {
                ok.add(f);
            }
        }
        return ok;
    }

    /** The failure of {@code client} at {@code workload} (JMH or heap), or null. */
    String failure(String client, String workload) {
        for (Fork f : forks.getOrDefault(client + "|" + workload, Collections.emptyList())) {
            if (!f.ok) {
                return f.cause;
            }
        }
        Heap h = heap.get(client + ":" + workload);
        return h != null && h.status.equals("failed") ? h.cause : null;
    }

    /** Per-fork times of a client at a workload. */
    Judge.Spread time(String client, String workload) {
        List<Double> d = new ArrayList<>();
        ok(client, workload).forEach(f -> d.add(f.ms));
        return Judge.Spread.of(d);
    }

    /** Per-fork allocation of a client at a workload, bytes per operation. */
    Judge.Spread alloc(String client, String workload) {
        List<Double> d = new ArrayList<>();
        ok(client, workload).forEach(f -> d.add(f.allocBytes));
        return Judge.Spread.of(d);
    }

    /** What a fork measures: its time, or its allocation. */
    interface Metric {
        double of(Fork f);
    }

    /**
     * Per-round ratios {@code client / min(others)} of a metric at a workload: in each round where
     * {@code client} and at least one of {@code others} completed, the client's figure over the best
     * (lowest) of the others' figures in that round.
     */
    Judge.Spread pairedRatio(String client, List<String> others, String workload, Metric metric) {
        Map<Integer, Double> mine = new TreeMap<>();
        for (Fork f : ok(client, workload)) {
            mine.put(f.round, metric.of(f));
        }
        List<Double> ratios = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : mine.entrySet()) {
            double best = Double.NaN;
            for (String o : others) {
                for (Fork f : ok(o, workload)) {
                    double v = metric.of(f);
                    if (f.round == e.getKey() && !Double.isNaN(v) && !(v >= best)) {
                        best = v;
                    }
                }
            }
            if (!Double.isNaN(best) && best > 0 && !Double.isNaN(e.getValue())) {
                ratios.add(e.getValue() / best);
            }
        }
        return Judge.Spread.of(ratios);
    }

    /** A heap row's figure above its client's baseline, as an interval in KiB; null if either is missing. */
    Judge.Spread heapNetKiB(String client, String workload) {
        Heap w = heap.get(client + ":" + workload);
        Heap t = heap.get(Targets.baselineOf(client) + ":tiny");
        if (w == null || t == null || !w.ok() || !t.ok()) {
            return null;
        }
        // a workload needs at least its client's baseline: nothing below 0 is a figure
        double point = Math.max(0, w.passKiB - t.passKiB);
        double low = Math.max(0, w.failKiB - t.passKiB);
        double high = Math.max(0, w.passKiB - t.failKiB);
        return Judge.Spread.interval(Math.min(low, point), point, high);
    }
}
