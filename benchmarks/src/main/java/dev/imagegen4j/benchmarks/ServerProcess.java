package dev.imagegen4j.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link BenchServer} in a child JVM; closing it ends the child. */
final class ServerProcess implements AutoCloseable {

    final String replay;
    final String emulator;
    /** workload -> {body bytes, decoded bytes} */
    final Map<String, long[]> bodies = new LinkedHashMap<>();
    private final Process process;

    private ServerProcess(Process process, String replay, String emulator) {
        this.process = process;
        this.replay = replay;
        this.emulator = emulator;
    }

    /** Starts a server that serves {@code workloads}; waits until it is ready. */
    static ServerProcess start(String workloads, String xmx) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.add("-Xmx" + xmx);
        cmd.add("-XX:+UseParallelGC");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchServer.class.getName());
        cmd.add("--workloads");
        cmd.add(workloads);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Map<String, long[]> bodies = new LinkedHashMap<>();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("BODY ")) {
                String[] f = line.split(" ");
                bodies.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
            } else if (line.startsWith("READY ")) {
                String[] f = line.split(" ");
                ServerProcess s = new ServerProcess(p, f[1].substring("replay=".length()),
                        f[2].substring("emulator=".length()));
                s.bodies.putAll(bodies);
                return s;
            }
        }
        p.destroyForcibly();
        throw new IOException("bench server exited before it was ready (exit " + waitExit(p) + ")");
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        process.destroy();
        waitExit(process);
    }
}
