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

/**
 * A {@link BenchServer} in a child JVM (closing it ends the child), or one already running that the
 * scripts started ({@link #attach}; closing it does nothing).
 */
final class ServerProcess implements AutoCloseable {

    final String replay;
    final String emulator;
    /** workload -> {body bytes, decoded bytes} */
    final Map<String, long[]> bodies = new LinkedHashMap<>();
    /** workload -> digest of its decoded images ({@link Workloads.Digest#toString()}) */
    final Map<String, String> digests = new LinkedHashMap<>();
    private final Process process;

    private ServerProcess(Process process, String replay, String emulator) {
        this.process = process;
        this.replay = replay;
        this.emulator = emulator;
    }

    /**
     * A server started elsewhere, at {@code replay} and {@code emulator}: asks it for the facts about
     * each workload (producing a body it does not have yet).
     */
    static ServerProcess attach(String replay, String emulator, List<String> workloads) throws IOException {
        ServerProcess s = new ServerProcess(null, replay, emulator);
        for (String w : workloads) {
            String[] meta = Clients.meta(replay, w);
            s.bodies.put(w, new long[] {Long.parseLong(meta[0]), Long.parseLong(meta[1])});
            s.digests.put(w, meta[2]);
        }
        return s;
    }

    /** Starts a server or attaches to {@code replayAndEmulator} ({@code REPLAY_URL,EMULATOR_URL}) if given. */
    static ServerProcess startOrAttach(String replayAndEmulator, List<String> workloads, String xmx)
            throws IOException {
        if (replayAndEmulator != null) {
            String[] u = replayAndEmulator.split(",");
            return attach(u[0], u[1], workloads);
        }
        return start(String.join(",", workloads), xmx);
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
        Map<String, String> digests = new LinkedHashMap<>();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("BODY ")) {
                String[] f = line.split(" ");
                bodies.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                digests.put(f[1], f[4]);
            } else if (line.startsWith("READY ")) {
                String[] f = line.split(" ");
                ServerProcess s = new ServerProcess(p, f[1].substring("replay=".length()),
                        f[2].substring("emulator=".length()));
                s.bodies.putAll(bodies);
                s.digests.putAll(digests);
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
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        process.destroy();
        waitExit(process);
    }
}
