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
 * Forks {@link Driver} JVMs against one {@link BenchServer} (itself a separate JVM) and writes CSV.
 *
 * <pre>
 * Runner heap OUT.csv SCRATCH CLIENT:WORKLOAD ...      smallest -Xmx (bisection) per client and workload
 * Runner concurrency OUT.csv N LATENCY_MS DEADLINE_S CLIENT ...
 * Runner upload OUT.csv SCRATCH COUNT MB REPEAT CLIENT ...   time of one edit uploading COUNT x MB files
 * </pre>
 *
 * <p>A heap workload is a generate workload ({@code tiny}, {@code 1024x1024}, {@code 3840x2160},
 * {@code 16MiB}, {@code 64MiB}) or {@code upload16x8MB} / {@code upload16x50MB} for the edit clients.
 * Each trial is a fresh JVM: {@code -XX:+UseSerialGC -Xmn2m -Xmx<N>k -XX:+ExitOnOutOfMemoryError}. The
 * young generation is fixed at 2 MiB so that the old generation, where a large array must fit whole,
 * is {@code -Xmx} minus 2 MiB whatever {@code -Xmx} is (with the default NewRatio a 64 MiB array would
 * need a 96 MiB heap and the figure would measure the collector, not the client). Search: the highest
 * {@code -Xmx} first (a failure there that is not an OutOfMemoryError is recorded with its cause and
 * ends the search), then doubling from 8 MiB to the first pass, then bisection to 256 KiB or 2%.
 */
public final class Runner {

    private static final String[] JVM_COMMON = {"-XX:+UseSerialGC", "-Xmn2m", "-XX:+ExitOnOutOfMemoryError",
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Djava.awt.headless=true"};

    private Runner() {
    }

    /**
     * Entry point.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "heap":
                heap(Path.of(args[1]), Path.of(args[2]), List.of(args).subList(3, args.length));
                break;
            case "concurrency":
                concurrency(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]), List.of(args).subList(5, args.length));
                break;
            case "upload":
                upload(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                        Integer.parseInt(args[5]), List.of(args).subList(6, args.length));
                break;
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    // ---- peak heap ---------------------------------------------------------------------------------

    private static void heap(Path out, Path scratch, List<String> combos) throws Exception {
        List<String> workloads = new ArrayList<>();
        boolean uploads = false;
        for (String c : combos) {
            String w = c.substring(c.indexOf(':') + 1);
            if (w.startsWith("upload")) {
                uploads = true;
            } else if (!workloads.contains(w)) {
                workloads.add(w);
            }
        }
        if (!workloads.contains("tiny")) {
            workloads.add("tiny");
        }
        try (ServerProcess server = ServerProcess.start(String.join(",", workloads), uploads ? "4g" : "1g");
                PrintWriter csv = csv(out, "client,workload,decoded_bytes,min_xmx_kib,status,trials,cause")) {
            for (String combo : combos) {
                String client = combo.substring(0, combo.indexOf(':'));
                String workload = combo.substring(combo.indexOf(':') + 1);
                List<String> args = new ArrayList<>();
                long decoded;
                long hiKiB;
                if (workload.startsWith("upload")) {
                    int[] cm = uploadShape(workload);
                    Path dir = uploadFiles(scratch, cm[0], cm[1]);
                    args.addAll(List.of("edit", client, server.emulator, dir.toString(), "1"));
                    decoded = (long) cm[0] * cm[1] * 1_000_000L; // bytes uploaded
                    hiKiB = Math.min(4L << 20, ((long) cm[0] * cm[1] * 1_000_000L * 4 >> 10) + (256 << 10));
                } else {
                    args.addAll(List.of("generate", client, workload, server.replay, scratch.resolve("out").toString(),
                            "1"));
                    decoded = server.bodies.get(workload)[1];
                    hiKiB = Math.min(3L << 20, (decoded * 16 >> 10) + (512 << 10));
                }
                Bisection b = bisect(args, hiKiB);
                csv.printf("%s,%s,%d,%s,%s,%d,%s%n", client, workload, decoded, b.minKiB < 0 ? "" : b.minKiB,
                        b.status, b.trials, Driver.quote(b.cause));
                csv.flush();
                System.out.printf("heap %-18s %-12s min -Xmx %s KiB (%s, %d trials) %s%n", client, workload,
                        b.minKiB, b.status, b.trials, b.cause);
            }
        }
    }

    static int[] uploadShape(String workload) {
        // upload16x8MB -> {16, 8}
        String s = workload.substring("upload".length(), workload.length() - 2);
        String[] f = s.split("x");
        return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])};
    }

    private static final class Bisection {
        long minKiB = -1;
        String status;
        String cause = "";
        int trials;
    }

    private static Bisection bisect(List<String> driverArgs, long hiKiB) throws Exception {
        Bisection b = new Bisection();
        Trial top = trial(driverArgs, hiKiB);
        b.trials++;
        if (top.exit != 0) {
            b.status = top.exit == 3 ? "oom-at-max" : top.exit == 5 ? "timeout" : "failed";
            b.cause = top.exit == 3 ? "OutOfMemoryError at -Xmx" + (hiKiB >> 10) + "m" : top.cause;
            return b;
        }
        long pass = hiKiB;
        long fail = 0;
        for (long x = 8 << 10; x < hiKiB; x *= 2) {
            Trial t = trial(driverArgs, x);
            b.trials++;
            if (t.exit == 0) {
                pass = x;
                break;
            }
            fail = x;
        }
        while (pass - fail > Math.max(256, pass / 50)) {
            long mid = (pass + fail) / 2;
            Trial t = trial(driverArgs, mid);
            b.trials++;
            if (t.exit == 0) {
                pass = mid;
            } else {
                fail = mid;
            }
        }
        b.minKiB = pass;
        b.status = "ok";
        return b;
    }

    private static final class Trial {
        int exit;
        String result = "";
        String cause = "";
    }

    private static Trial trial(List<String> driverArgs, long xmxKiB) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ServerProcess.javaExecutable());
        cmd.add("-Xmx" + xmxKiB + "k");
        cmd.addAll(List.of(JVM_COMMON));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Driver.class.getName());
        cmd.addAll(driverArgs);
        return run(cmd, 900);
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

    private static void concurrency(Path out, int n, int latencyMs, int deadlineS, List<String> clients)
            throws Exception {
        try (ServerProcess server = ServerProcess.start("1024x1024", "1g");
                PrintWriter csv = csv(out, "client,n,latency_ms,xmx,result")) {
            String base = server.replay + "/lat/" + latencyMs + "/w/1024x1024/v1";
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

    private static void upload(Path out, Path scratch, int count, int mb, int repeat, List<String> clients)
            throws Exception {
        Path dir = uploadFiles(scratch, count, mb);
        try (ServerProcess server = ServerProcess.start("tiny", "4g");
                PrintWriter csv = csv(out, "client,count,mb_each,xmx,result")) {
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
