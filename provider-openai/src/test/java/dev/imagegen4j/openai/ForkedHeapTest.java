package dev.imagegen4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.testkit.EmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Memory bounds that need a JVM of their own, with a small heap. */
class ForkedHeapTest {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.create();

    @Test
    void should_stream_a_64_mib_image_to_a_file_under_xmx64m(@TempDir Path dir) throws Exception {
        long size = 64L << 20;
        EMULATOR.emulator().synthetic(size);
        Path out = dir.resolve("big.bin");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), StreamToFileMain.class.getName(),
                EMULATOR.emulator().baseUrl() + "/v1", out.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();

        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("forked JVM finished").isTrue();
        String log = Files.readString(dir.resolve("log.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("bytes=" + size);
        assertThat(Files.size(out)).isEqualTo(size);
        try (var in = Files.newInputStream(out)) {
            OpenAiFaultTest.assertSynthetic(in, size, 0);
        }
    }

    @Test
    void should_not_allocate_from_a_lying_content_length_under_xmx48m(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx48m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), HugeLengthMain.class.getName()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();

        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("forked JVM finished").isTrue();
        String log = Files.readString(dir.resolve("log.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("outcome=ResultUnknownException").contains("truncated").doesNotContain("OutOfMemory");
    }
}
