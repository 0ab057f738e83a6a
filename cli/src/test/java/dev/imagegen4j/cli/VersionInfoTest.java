package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ImageGenerators;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagegen --version}: the version, the Java runtime that runs it and the installed providers. */
class VersionInfoTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        Context ctx = new Context(Map.of(), dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return ImagegenCli.run(ctx, args);
    }

    private static String expectedVersion() {
        String v = System.getProperty("imagegen.version");
        assertThat(v).as("the project version, passed by the cli pom to the tests").isNotBlank();
        return v;
    }

    @Test
    void should_print_the_version_the_java_runtime_and_the_providers_when_asked_for_the_version() {
        for (String flag : List.of("--version", "-V")) {
            out.reset();

            assertThat(run(flag)).isZero();

            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0)).isEqualTo("imagegen " + expectedVersion());
            assertThat(lines.get(1)).startsWith("Java " + System.getProperty("java.runtime.version") + " (")
                    .contains(System.getProperty("java.vendor"))
                    .endsWith(") at " + System.getProperty("java.home"));
            assertThat(lines.get(2)).startsWith("OS " + System.getProperty("os.name"));
            assertThat(lines.get(3)).isEqualTo("Providers: " + String.join(", ", ImageGenerators.installed().keySet())
                    + "; emulator (built in, offline)").contains(" aimlapi, azure, ").contains(" openai, ");
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void should_print_the_same_version_when_a_subcommand_is_asked_for_it() {
        assertThat(run("--version")).isZero();
        String top = out.toString(StandardCharsets.UTF_8);
        assertThat(top).startsWith("imagegen " + expectedVersion() + "\n");

        for (String[] args : List.of(new String[] {"generate", "--version"}, new String[] {"edit", "-V"},
                new String[] {"batch", "--version"}, new String[] {"batch", "status", "--version"},
                new String[] {"models", "-V"}, new String[] {"providers", "--version"},
                new String[] {"emulator", "--version"}, new String[] {"mcp", "--version"})) {
            out.reset();

            assertThat(run(args)).as(String.join(" ", args)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(String.join(" ", args)).isEqualTo(top);
        }
    }

    @Test
    void should_read_the_version_the_build_wrote_when_running_from_classes() {
        assertThat(VersionInfo.version()).isEqualTo(expectedVersion()).doesNotContain("${");
    }

    @Test
    void should_still_answer_and_say_why_when_the_providers_cannot_be_listed() {
        List<String> lines = VersionInfo.lines(() -> {
            throw new IllegalStateException("two providers have the id openai: a.First and b.Second");
        });

        assertThat(lines.get(0)).isEqualTo("imagegen " + expectedVersion());
        assertThat(lines.get(3)).isEqualTo("Providers: cannot be listed: two providers have the id openai: "
                + "a.First and b.Second; emulator (built in, offline)");
    }

    @Test
    void should_print_a_percent_sign_as_it_is_when_a_runtime_property_holds_one() {
        // picocli formats version lines with String.format: "%d" in a property must neither fail nor be replaced.
        // (This class runs in its own JVM: the cli's surefire forks one per test class.)
        String before = System.getProperty("os.version");
        System.setProperty("os.version", "6.1-100%d%n%s");
        try {
            assertThat(run("--version")).isZero();
        } finally {
            System.setProperty("os.version", before);
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).contains(" 6.1-100%d%n%s ");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
