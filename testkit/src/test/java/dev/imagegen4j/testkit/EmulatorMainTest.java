package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone emulator's options: base URLs, default Azure deployments, journal file, request log, --quiet. */
class EmulatorMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ImageApiEmulator start(String... args) {
        return EmulatorMain.start(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void should_print_every_base_url_serve_the_readme_deployment_and_log_each_request() throws Exception {
        Path journal = dir.resolve("journal.jsonl");
        try (ImageApiEmulator emu = start("--port", "0", "--journal", journal.toString())) {
            String classic = "/openai/deployments/%s/images/generations?api-version=2025-04-01-preview";
            Http.Reply readme = Http.postJson(emu.baseUrl() + String.format(classic, "img2-prod"),
                    "{\"prompt\":\"x\",\"quality\":\"low\"}", "api-key", "k");
            Http.Reply modelNamed = Http.postJson(emu.baseUrl() + String.format(classic, "gpt-image-2.6-flare"),
                    "{\"prompt\":\"x\",\"quality\":\"low\"}", "api-key", "k");
            Http.Reply openai = Http.postJson(emu.baseUrl(Dialect.OPENAI) + "/images/generations",
                    "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"quality\":\"xhigh\"}", Http.bearer("k"));

            assertThat(out()).contains("listening on " + emu.baseUrl())
                    .contains("OpenAI     base URL: " + emu.baseUrl() + "/v1")
                    .contains("Azure      endpoint: " + emu.baseUrl())
                    .contains("AI/ML API  base URL: " + emu.baseUrl() + "/aimlapi/v1")
                    .contains("Gemini     base URL: " + emu.baseUrl() + "/gemini")
                    .contains("img2-prod -> gpt-image-2").contains("journal: " + journal.toAbsolutePath());
            assertThat(readme.status).as(readme.toString()).isEqualTo(200);
            assertThat(modelNamed.status).as(modelNamed.toString()).isEqualTo(200);
            assertThat(openai.status).isEqualTo(400);
            assertThat(err().lines()).hasSize(3);
            assertThat(err().lines().toList().get(0)).matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} azure POST "
                    + "/openai/deployments/img2-prod/images/generations model=gpt-image-2 deployment=img2-prod -> 200 .*"
                    + "\\(\\d+ ms\\) .*");
            assertThat(err().lines().toList().get(2)).contains("model=gpt-image-2 -> 400 invalid_value (quality)");
            assertThat(Files.readAllLines(journal)).hasSize(3);
        }
    }

    @Test
    void should_log_nothing_with_quiet_and_only_configured_deployments_when_given() {
        try (ImageApiEmulator emu = start("--port", "0", "--quiet", "--dialect", "azure", "--azure-deployment",
                "prod=gpt-image-2.5-sunburst", "--enforce-retirements")) {
            String classic = "/openai/deployments/%s/images/generations?api-version=2025-04-01-preview";
            Http.Reply prod = Http.postJson(emu.baseUrl() + String.format(classic, "prod"),
                    "{\"prompt\":\"x\",\"quality\":\"max\",\"size\":\"1024x1024\"}", "api-key", "k");
            Http.Reply readme = Http.postJson(emu.baseUrl() + String.format(classic, "img2-prod"),
                    "{\"prompt\":\"x\"}", "api-key", "k");
            Http.Reply retired = Http.postJson(emu.baseUrl() + "/v1/images/generations",
                    "{\"model\":\"gpt-image-1\",\"prompt\":\"x\"}", Http.bearer("k"));

            assertThat(prod.status).as(prod.toString()).isEqualTo(200);
            assertThat(readme.status).isEqualTo(404);
            assertThat(retired.status).isEqualTo(404);
            assertThat(retired.json().at("/error/message").asText()).contains("2026-10-23");
            assertThat(err()).isEmpty();
            assertThat(out()).contains("deployments: prod -> gpt-image-2.5-sunburst").doesNotContain("OpenAI ");
        }
    }

    @Test
    void should_refuse_bad_options_naming_them() {
        assertThatThrownBy(() -> start("--port", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port expects a number, was x");
        assertThatThrownBy(() -> start("--azure-deployment", "prod")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NAME=MODEL");
        assertThatThrownBy(() -> start("--port", "0", "--azure-deployment", "x=dall-e-2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dall-e-2");
        assertThatThrownBy(() -> start("--journal")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--journal needs a value");
        assertThatThrownBy(() -> start("--verbosity")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option --verbosity");
    }

    @Test
    void should_print_usage_and_start_nothing_for_help() {
        assertThat(start("--help")).isNull();
        assertThat(out()).contains("--journal FILE").contains("--quiet").contains("--enforce-retirements");
    }
}
