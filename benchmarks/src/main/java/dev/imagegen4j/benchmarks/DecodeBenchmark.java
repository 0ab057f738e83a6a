package dev.imagegen4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time and allocation per operation: one image generation answered by the same pre-built response, for
 * each client and workload. Run with {@code -prof gc} for {@code gc.alloc.rate.norm}. {@link Runner}'s
 * {@code jmh} command runs it one fork at a time, interleaving clients in rounds.
 *
 * <p>Before anything is measured the trial's set-up makes one call and checks the decoded images against
 * the server's digest of the response: a client that decodes wrongly fails the fork instead of producing a
 * figure.
 *
 * <p>The server ({@link BenchServer}) is never in the measured JVM: it is the one named by
 * {@code -Dbench.replay=http://127.0.0.1:PORT} (what the scripts do, one server for the whole run), or
 * else a child process this state starts per fork. So time and allocation per operation are the
 * client's alone (the server's CPU use, one {@code write} of a pre-built array, still shares the
 * machine's cores).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Djava.awt.headless=true"})
@State(Scope.Benchmark)
public class DecodeBenchmark {

    @Param({"1024x1024", "3840x2160", "12MiB", "64MiB", "n4x4MiB", "n10x1MiB"})
    public String workload;

    @Param({"imagegen4j-buffer", "imagegen4j-bytes", "imagegen4j-file", "openai-java", "openai-java-file",
        "langchain4j", "langchain4j-file", "floor-base64", "floor-transfer", "floor-loopback", "floor-jdk-http"})
    public String client;

    private ServerProcess server;
    private Path scratch;
    private Clients.Client c;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String replay = System.getProperty("bench.replay");
        if (replay == null) {
            server = ServerProcess.start(workload, "1g");
            replay = server.replay;
        }
        scratch = Files.createTempDirectory("imagegen4j-bench");
        c = Clients.create(client, Clients.generationsBase(replay, workload), workload, scratch);
        Clients.verify(client, c, Clients.meta(replay, workload)[2]);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        c.close();
        try (var s = Files.list(scratch)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(scratch);
        if (server != null) {
            server.close();
        }
    }

    @Benchmark
    public long generate() throws Exception {
        return c.run();
    }
}
