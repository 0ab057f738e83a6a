package dev.imagegen4j.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Forks JVMs against one {@link BenchServer} (itself a separate JVM) and writes raw results into a
 * results directory, which {@link Report} reads. Every command takes {@code --server REPLAY,EMULATOR} to
 * use a server the script started (otherwise it starts its own, for the workloads it needs).
 *
 * <pre>
 * Runner jmh DIR --workloads A,B --clients X,Y [--rounds R] [--first-round K] [--warmup N:TIME]
 *            [--measure N:TIME] [--xmx 2g]                      time and allocation, see {@link JmhRounds}
 * Runner heap DIR SCRATCH [--coarse] CLIENT:WORKLOAD ...    smallest -Xmx per client and workload
 * Runner concurrency DIR N LATENCY_MS DEADLINE_S CLIENT ... N generations in flight at once
 * Runner upload DIR SCRATCH COUNT MB REPEAT CLIENT ...      time of one edit uploading COUNT x MB files
 * </pre>
 *
 * <p>A heap workload is a generation workload (see {@link Workloads}), {@code concurrent<N>} (N
 * generations of 1024x1024 in flight with a 2 s server latency, every image kept until all are done) or
 * {@code upload<C>x<M>MB} for the edit clients. Each trial is a fresh JVM: {@code -XX:+UseSerialGC -Xmn2m
 * -Xmx<N>k -XX:+ExitOnOutOfMemoryError}. The young generation is fixed at 2 MiB so that the old
 * generation, where a large array must fit whole, is {@code -Xmx} minus 2 MiB whatever {@code -Xmx} is
 * (with the default NewRatio a 64 MiB array would need a 96 MiB heap and the figure would measure the
 * collector, not the client). Each client's baseline ({@code tiny} with the same client, see {@link
 * Targets#baselineOf}) is measured first when {@code heap.csv} does not have it; the search is aimed at
 * the target's bound where one applies ({@link Targets#heapBoundKiB}, {@link HeapSearch}). Rows are
 * appended to {@code heap.csv}: {@code client, workload, decoded_bytes, min_xmx_kib} (the smallest heap
 * that passed), {@code max_fail_kib} (the largest that failed), {@code status, trials, search, cause}.
 */
public final class Runner {

    private static final String[] JVM_COMMON = {"-XX:+UseSerialGC", "-Xmn2m", "-XX:+ExitOnOutOfMemoryError",
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Djava.awt.headless=true", "-Ddriver.timeoutSeconds=240",
        "-Dslf4j.internal.verbosity=ERROR"};
    static final String HEAP_HEADER = "client,workload,decoded_bytes,min_xmx_kib,max_fail_kib,status,trials,search,cause";
    private static final long RESOLUTION_KIB = 64;
    private static final double RESOLUTION_FRACTION = 0.02;
    /** Server latency of the concurrency workloads, ms. */
    static final int CONCURRENT_LATENCY_MS = 2000;

    private Runner() {
    }

    /**
     * Entry point.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        String server = option(a, "--server", null);
        switch (a.get(0)) {
            case "jmh":
                jmh(Path.of(a.get(1)), server, a.subList(2, a.size()));
                break;
            case "heap":
                boolean coarse = a.remove("--coarse");
                heap(Path.of(a.get(1)), Path.of(a.get(2)), server, coarse, a.subList(3, a.size()));
                break;
            case "concurrency":
                concurrency(Path.of(a.get(1)), server, Integer.parseInt(a.get(2)), Integer.parseInt(a.get(3)),
                        Integer.parseInt(a.get(4)), a.subList(5, a.size()));
                break;
            case "upload":
                upload(Path.of(a.get(1)), Path.of(a.get(2)), server, Integer.parseInt(a.get(3)),
                        Integer.parseInt(a.get(4)), Integer.parseInt(a.get(5)), a.subList(6, a.size()));
                break;
            default:
                throw new IllegalArgumentException("unknown command " + a.get(0) + "; one of jmh, heap, concurrency, "
                        + "upload");
        }
    }

    /** Removes {@code name VALUE} from {@code args}; returns VALUE or {@code fallback}. */
    static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String v = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return v;
    }

    private static List<String> csvList(String s) {
        List<String> l = new ArrayList<>();
        for (String x : s.split(",")) {
            if (!x.isBlank()) {
                l.add(x.strip());
            }
        }
        return l;
    }

    // ---- JMH ---------------------------------------------------------------------------------------

    private static void jmh(Path dir, String server, List<String> args) throws Exception {
        List<String> a = new ArrayList<>(args);
        List<String> workloads = csvList(option(a, "--workloads", "1024x1024"));
        List<String> clients = csvList(option(a, "--clients", String.join(",", Clients.GENERATE)));
        int rounds = Integer.parseInt(option(a, "--rounds", "1"));
        int first = Integer.parseInt(option(a, "--first-round", "1"));
        String warmup = option(a, "--warmup", "3:1s");
        String measure = option(a, "--measure", "4:500ms");
        String xmx = option(a, "--xmx", "2g");
        if (!a.isEmpty()) {
            throw new IllegalArgumentException("unknown jmh arguments " + a);
        }
        for (String c : clients) {
            if (!Clients.GENERATE.contains(c)) {
                throw new IllegalArgumentException("unknown client " + c + "; one of " + Clients.GENERATE);
            }
        }
        workloads.forEach(Workloads::spec); // rejects an unknown name before anything runs
        Files.createDirectories(dir);
        List<String> served = new ArrayList<>(workloads);
        try (ServerProcess s = ServerProcess.startOrAttach(server, served, serverXmx(workloads))) {
            recordBodies(dir, s);
            new JmhRounds(dir, s.replay, warmup, measure, xmx).run(workloads, clients, first, rounds);
        }
    }

    /** A heap for the server that holds every body (and briefly a second copy while producing one). */
    static String serverXmx(List<String> workloads) {
        long mib = 512;
        for (String w : workloads) {
            try {
                Workloads.Spec spec = Workloads.spec(w);
                mib += Math.max(0, spec.syntheticBytes) * spec.n * 4 / (1024 * 1024);
            } catch (IllegalArgumentException e) {
                // not a generation workload
            }
        }
        return Math.max(1024, mib) + "m";
    }

    /** Merges the server's BODY facts into {@code DIR/server.txt} (what the report sizes workloads by). */
    static synchronized void recordBodies(Path dir, ServerProcess s) throws IOException {
        Path p = dir.resolve("server.txt");
        Map<String, String> lines = new LinkedHashMap<>();
        if (Files.exists(p)) {
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                if (line.startsWith("BODY ")) {
                    lines.put(line.split(" ")[1], line);
                }
            }
        }
        for (Map.Entry<String, long[]> e : s.bodies.entrySet()) {
            lines.put(e.getKey(), "BODY " + e.getKey() + " " + e.getValue()[0] + " " + e.getValue()[1] + " "
                    + s.digests.get(e.getKey()));
        }
        Files.write(p, lines.values(), StandardCharsets.UTF_8);
    }

    // ---- peak heap ---------------------------------------------------------------------------------

    private static void heap(Path dir, Path scratch, String server, boolean coarse, List<String> combos)
            throws Exception {
        Files.createDirectories(dir);
        Path out = dir.resolve("heap.csv");
        Map<String, HeapSearch.Result> known = readHeap(out);
        List<String> todo = new ArrayList<>();
        for (String combo : combos) {
            String client = combo.substring(0, combo.indexOf(':'));
            String baseline = Targets.baselineOf(client) + ":tiny";
            String workload = combo.substring(combo.indexOf(':') + 1);
            if (!workload.equals("tiny") && !known.containsKey(baseline) && !todo.contains(baseline)) {
                todo.add(baseline);
            }
            if (!todo.contains(combo)) {
                todo.add(combo);
            }
        }
        List<String> served = new ArrayList<>();
        for (String combo : todo) {
            String w = combo.substring(combo.indexOf(':') + 1);
            String g = Workloads.concurrency(w) > 0 ? "1024x1024" : w;
            if (!w.startsWith("upload") && !served.contains(g)) {
                served.add(g);
            }
        }
        if (!served.contains("tiny")) {
            served.add("tiny");
        }
        boolean writeHeader = !Files.exists(out);
        try (ServerProcess s = ServerProcess.startOrAttach(server, served, combos.stream().anyMatch(c -> c.contains(
                ":upload")) ? "4g" : serverXmx(served));
                PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            recordBodies(dir, s);
            if (writeHeader) {
                csv.println(HEAP_HEADER);
            }
            for (String combo : todo) {
                String client = combo.substring(0, combo.indexOf(':'));
                String workload = combo.substring(combo.indexOf(':') + 1);
                List<String> args = new ArrayList<>();
                long decoded;
                long hiKiB;
                int concurrent = Workloads.concurrency(workload);
                if (workload.startsWith("upload")) {
                    int[] cm = uploadShape(workload);
                    Path files = uploadFiles(scratch, cm[0], cm[1]);
                    args.addAll(List.of("edit", client, s.emulator, files.toString(), "1"));
                    decoded = (long) cm[0] * cm[1] * 1_000_000L; // bytes uploaded
                    hiKiB = Math.min(4L << 20, (decoded * 4 >> 10) + (256 << 10));
                } else if (concurrent > 0) {
                    String base = s.replay + "/lat/" + CONCURRENT_LATENCY_MS + "/w/1024x1024/v1";
                    args.addAll(List.of("concurrent", client, base, String.valueOf(concurrent), "120"));
                    decoded = concurrent * s.bodies.get("1024x1024")[1];
                    hiKiB = Math.min(3L << 20, (decoded * 16 >> 10) + (512 << 10));
                } else {
                    args.addAll(List.of("generate", client, workload, s.replay, scratch.resolve("out").toString(),
                            "1", s.digests.get(workload)));
                    decoded = s.bodies.get(workload)[1];
                    hiKiB = Math.min(3L << 20, (decoded * 16 >> 10) + (512 << 10));
                }
                HeapSearch.Result base = known.get(Targets.baselineOf(client) + ":tiny");
                long bound = Targets.heapBoundKiB(client, workload, decoded);
                long lower = base == null || workload.equals("tiny") ? 0 : base.failKiB;
                long boundXmx = bound < 0 || base == null || base.passKiB < 0 ? -1 : base.failKiB + bound;
                long missAbove = boundXmx < 0 ? -1 : base.passKiB + bound;
                // a baseline enters every net figure: bisect it to the absolute resolution
                double fraction = workload.equals("tiny") ? 0 : RESOLUTION_FRACTION;
                HeapSearch.Result r = new HeapSearch(x -> trial(args, x), RESOLUTION_KIB, fraction)
                        .search(hiKiB, boundXmx, missAbove, lower, coarse);
                known.put(combo, r);
                String search = (coarse ? "coarse" : "bisect") + (boundXmx > 0 ? "@" + boundXmx : "");
                csv.printf("%s,%s,%d,%s,%d,%s,%d,%s,%s%n", client, workload, decoded, r.passKiB < 0 ? "" : r.passKiB,
                        r.failKiB, r.status, r.trials, search, Driver.quote(r.cause));
                csv.flush();
                System.out.printf("heap %-18s %-14s min -Xmx %s KiB (failed at %d; %s, %d trials, %s) %s%n", client,
                        workload, r.passKiB, r.failKiB, r.status, r.trials, search, r.cause);
            }
        }
    }

    /** The rows of an existing {@code heap.csv}, keyed {@code client:workload}. */
    static Map<String, HeapSearch.Result> readHeap(Path csv) throws IOException {
        Map<String, HeapSearch.Result> rows = new LinkedHashMap<>();
        if (!Files.exists(csv)) {
            return rows;
        }
        for (Map<String, String> row : Csv.read(csv)) {
            HeapSearch.Result r = new HeapSearch.Result();
            r.passKiB = row.get("min_xmx_kib").isEmpty() ? -1 : Long.parseLong(row.get("min_xmx_kib"));
            r.failKiB = row.getOrDefault("max_fail_kib", "").isEmpty() ? 0 : Long.parseLong(row.get("max_fail_kib"));
            r.status = row.get("status");
            r.cause = row.getOrDefault("cause", "");
            rows.put(row.get("client") + ":" + row.get("workload"), r);
        }
        return rows;
    }

    static int[] uploadShape(String workload) {
        // upload16x8MB -> {16, 8}
        String s = workload.substring("upload".length(), workload.length() - 2);
        String[] f = s.split("x");
        return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])};
    }

    private static final class Trial {
        int exit;
        String result = "";
        String cause = "";
    }

    private static HeapSearch.Outcome trial(List<String> driverArgs, long xmxKiB) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServerProcess.javaExecutable());
        cmd.add("-Xmx" + xmxKiB + "k");
        cmd.addAll(List.of(JVM_COMMON));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Driver.class.getName());
        cmd.addAll(driverArgs);
        Trial t = run(cmd, 300);
        return new HeapSearch.Outcome(t.exit, t.cause);
    }

    private static Trial run(List<String> cmd, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Trial t = new Trial();
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    t.result = line.substring(7);
                } else if (all.length() < 4000) {
                    all.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
        t.exit = p.exitValue();
        int c = t.result.indexOf("cause=");
        t.cause = c >= 0 ? t.result.substring(c + 6).replaceAll("^\"|\"$", "")
                : t.exit == 0 ? "" : ("exit " + t.exit + ": " + all.toString().strip()).replace('\n', ' ');
        if (t.cause.length() > 600) {
            t.cause = t.cause.substring(0, 600) + "...";
        }
        return t;
    }

    // ---- concurrency -------------------------------------------------------------------------------

    private static void concurrency(Path dir, String server, int n, int latencyMs, int deadlineS,
            List<String> clients) throws Exception {
        Files.createDirectories(dir);
        try (ServerProcess s = ServerProcess.startOrAttach(server, List.of("1024x1024"), "1g");
                PrintWriter csv = csv(dir.resolve("concurrency.csv"), "client,n,latency_ms,xmx,result")) {
            recordBodies(dir, s);
            String base = s.replay + "/lat/" + latencyMs + "/w/1024x1024/v1";
            for (String client : clients) {
                List<String> cmd = new ArrayList<>();
                cmd.add(ServerProcess.javaExecutable());
                cmd.add("-Xmx512m");
                cmd.add("-XX:+UseSerialGC");
                cmd.add("-XX:+ExitOnOutOfMemoryError");
                cmd.add("-Ddriver.timeoutSeconds=" + (deadlineS + 60));
                cmd.add("-cp");
                cmd.add(System.getProperty("java.class.path"));
                cmd.add(Driver.class.getName());
                cmd.addAll(List.of("concurrent", client, base, String.valueOf(n), String.valueOf(deadlineS)));
                Trial t = run(cmd, deadlineS + 120);
                String result = t.result.isEmpty() ? "status=exit" + t.exit + " cause=" + Driver.quote(t.cause) : t.result;
                csv.printf("%s,%d,%d,512m,%s%n", client, n, latencyMs, Driver.quote(result));
                csv.flush();
                System.out.printf("concurrency %-12s %s%n", client, result);
            }
        }
    }

    // ---- upload time -------------------------------------------------------------------------------

    private static void upload(Path results, Path scratch, String serverUrls, int count, int mb, int repeat,
            List<String> clients) throws Exception {
        Path dir = uploadFiles(scratch, count, mb);
        Files.createDirectories(results);
        try (ServerProcess server = ServerProcess.startOrAttach(serverUrls, List.of("tiny"), "4g");
                PrintWriter csv = csv(results.resolve("upload.csv"), "client,count,mb_each,xmx,result")) {
            for (String client : clients) {
                List<String> cmd = new ArrayList<>();
                cmd.add(ServerProcess.javaExecutable());
                cmd.add("-Xmx2g");
                cmd.add("-XX:+UseSerialGC");
                cmd.add("-XX:+ExitOnOutOfMemoryError");
                cmd.add("-cp");
                cmd.add(System.getProperty("java.class.path"));
                cmd.add(Driver.class.getName());
                cmd.addAll(List.of("edit", client, server.emulator, dir.toString(), String.valueOf(repeat)));
                Trial t = run(cmd, 900);
                String result = t.result.isEmpty() ? "status=exit" + t.exit + " cause=" + Driver.quote(t.cause) : t.result;
                csv.printf("%s,%d,%d,2g,%s%n", client, count, mb, Driver.quote(result));
                csv.flush();
                System.out.printf("upload %-18s %s%n", client, result);
            }
        }
    }

    /**
     * {@code count} valid PNG files of about {@code mb} MB each (random RGB pixels in stored, i.e.
     * uncompressed, deflate blocks: real images the emulator accepts, as large as asked, made fast).
     */
    static Path uploadFiles(Path scratch, int count, int mb) throws IOException {
        Path dir = scratch.resolve("upload-" + count + "x" + mb + "MB");
        Files.createDirectories(dir);
        long target = mb * 1_000_000L;
        int width = 2048;
        int row = 1 + width * 3;
        int height = (int) Math.max(1, target / row);
        Random random = new Random(42);
        for (int i = 0; i < count; i++) {
            Path f = dir.resolve(String.format("ref-%02d.png", i));
            if (Files.exists(f) && Math.abs(Files.size(f) - target) < target / 50) {
                continue;
            }
            try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
                o.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
                ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                        .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
                chunk(o, "IHDR", ihdr.array(), 13);
                java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream(1 << 20);
                byte[] line = new byte[row];
                Deflater stored = new Deflater(Deflater.NO_COMPRESSION);
                try (DeflaterOutputStream z = new DeflaterOutputStream(new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        idat.write(b);
                        flushIdat(false);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        idat.write(b, off, len);
                        flushIdat(false);
                    }

                    @Override
                    public void close() throws IOException {
                        flushIdat(true);
                    }

                    private void flushIdat(boolean all) throws IOException {
                        if (idat.size() >= (1 << 20) || (all && idat.size() > 0)) {
                            byte[] data = idat.toByteArray();
                            chunk(o, "IDAT", data, data.length);
                            idat.reset();
                        }
                    }
                }, stored, 1 << 16)) {
                    for (int y = 0; y < height; y++) {
                        random.nextBytes(line);
                        line[0] = 0; // filter: none
                        z.write(line);
                    }
                }
                stored.end();
                chunk(o, "IEND", new byte[0], 0);
            }
        }
        return dir;
    }

    private static void chunk(OutputStream o, String type, byte[] data, int len) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        o.write(ByteBuffer.allocate(4).putInt(len).array());
        o.write(t);
        o.write(data, 0, len);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, len);
        o.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static PrintWriter csv(Path out, String header) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
        w.println(header);
        return w;
    }

    static Map<String, String> parse(String result) {
        Map<String, String> m = new LinkedHashMap<>();
        java.util.regex.Matcher x = java.util.regex.Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S*)").matcher(result);
        while (x.find()) {
            m.put(x.group(1), x.group(2).replaceAll("^\"|\"$", ""));
        }
        return m;
    }
}
