package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.testkit.ImageApiEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Friction of the first hour (issue "Distribution and the first hour"), one test per item, in-process. */
class FirstHourCliTest {

    private static final String KEY = "sk-first-hour-000000000";
    private static ImageApiEmulator emu;

    @TempDir
    Path dir;
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    @BeforeAll
    static void start() {
        emu = ImageApiEmulator.start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.reset();
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
    }

    private int run(Map<String, String> env, String... args) {
        Context ctx = new Context(env, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return ImagegenCli.run(ctx, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void should_not_let_an_unset_variable_of_an_unused_generator_break_other_commands() throws Exception {
        Files.writeString(dir.resolve("imagegen4j.yaml"), """
                default: local
                generators:
                  local: { provider: openai, api-key: "%s", base-url: "%s/v1" }
                  azure:
                    provider: azure
                    endpoint: https://contoso.openai.azure.com
                    api-key: ${AZURE_OPENAI_API_KEY}
                    deployments: { gpt-image-2: img2-prod }
                """.formatted(KEY, emu.baseUrl()));

        assertThat(run(Map.of(), "providers")).as(err()).isZero();
        assertThat(out()).contains("generator local  provider openai")
                .contains("generator azure  provider azure  (cannot open yet: ").contains("imagegen4j.yaml line 7 "
                        + "(generators.azure.api-key): environment variable AZURE_OPENAI_API_KEY is not set)");
        assertThat(run(Map.of(), "generate", "a fox", "-o", "fox.png")).as(err()).isZero();
        assertThat(emu.journal().posts()).hasSize(1);

        err.reset();
        assertThat(run(Map.of(), "generate", "a fox", "--generator", "azure")).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains("environment variable AZURE_OPENAI_API_KEY is not set");
        assertThat(emu.journal().posts()).hasSize(1);
    }
}
