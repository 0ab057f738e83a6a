package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged CLI jar as a separate process, as a user runs it (optionally under a given umask). */
final class CliProcess {

    private CliProcess() {
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("imagegen.jar", "target/imagegen.jar")).toAbsolutePath();
        assertThat(jar).as("the shaded CLI jar (built by mvn package)").exists();
        return jar;
    }

    /** {@code java -jar imagegen.jar ARGS} in {@code dir}, without the caller's vendor settings. */
    static ProcessBuilder imagegen(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return clean(new ProcessBuilder(cmd).directory(dir.toFile()));
    }

    /** The same under {@code umask} (via {@code sh -c 'umask U; exec java ...'}). */
    static ProcessBuilder imagegenWithUmask(Path dir, String umask, String... args) {
        StringBuilder sh = new StringBuilder("umask " + umask + "; exec \"$0\" -jar \"$1\"");
        for (int i = 0; i < args.length; i++) {
            sh.append(" \"$").append(i + 2).append('"');
        }
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", sh.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), jar().toString()));
        cmd.addAll(List.of(args));
        return clean(new ProcessBuilder(cmd).directory(dir.toFile()));
    }

    private static ProcessBuilder clean(ProcessBuilder pb) {
        pb.environment().remove("OPENAI_API_KEY");
        pb.environment().remove("IMAGEGEN4J_CONFIG");
        return pb;
    }

    /** Starts {@code pb} with stdout and stderr going to {@code log}. */
    static Process start(ProcessBuilder pb, Path log) throws IOException {
        return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Runs {@code pb} to the end; its exit code must be {@code expectedExit}; returns stdout and stderr. */
    static String run(ProcessBuilder pb, int expectedExit) throws Exception {
        Path log = Files.createTempFile("imagegen", ".log");
        try {
            Process p = start(pb, log);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished within 120 s").isTrue();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isEqualTo(expectedExit);
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Sends SIGINT (what Ctrl-C sends) to {@code p}. */
    static void interrupt(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    /** A config file in {@code dir} with generator {@code local} at {@code baseUrl} (an emulator). */
    static void config(Path dir, String baseUrl) throws IOException {
        Files.writeString(dir.resolve("imagegen4j.yaml"), "generators:\n  local: { provider: openai, api-key: "
                + "sk-process-test, base-url: \"" + baseUrl + "/v1\" }\n");
    }
}
