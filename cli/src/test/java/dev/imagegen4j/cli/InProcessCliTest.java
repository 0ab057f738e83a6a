package dev.imagegen4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that run {@code imagegen} in this JVM: a fresh working directory per test, stdout and stderr
 * captured, no terminal. Tests that need a separate JVM (exit codes of the process, signals) use {@link CliProcess}.
 */
abstract class InProcessCliTest {

    @TempDir
    Path dir;
    ByteArrayOutputStream out;
    ByteArrayOutputStream err;

    @BeforeEach
    void captureStreams() {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
    }

    /** Runs {@code imagegen args} with {@code env} as its environment, in {@link #dir}; returns the exit code. */
    int run(Map<String, String> env, String... args) {
        Context ctx = new Context(env, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return ImagegenCli.run(ctx, args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
