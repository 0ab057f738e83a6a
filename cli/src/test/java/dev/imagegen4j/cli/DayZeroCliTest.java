package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue "Day-zero models" through the {@code imagegen} command, against the emulator. */
class DayZeroCliTest extends InProcessCliTest {

    private static final String KEY = "sk-day-zero-cli-1234567";
    private static ImageApiEmulator emu;

    @BeforeAll
    static void start() {
        emu = ImageApiEmulator.builder().shipModel("gpt-image-3-preview", "gpt-image-2.6-flare", "ultra").start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.reset();
    }

    /** {@code imagegen ... --provider openai} with OpenAI's variables pointing at the emulator. */
    private int openai(String... args) {
        Map<String, String> env = Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", emu.baseUrl() + "/v1");
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--provider";
        all[args.length + 1] = "openai";
        return run(env, all);
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void should_generate_with_gpt_image_2_5_flare_at_xhigh() throws Exception {
        int code = openai("generate", "a fox", "--model", "gpt-image-2.5-flare", "--quality", "xhigh", "-o", "fox.png");

        assertThat(code).as(err()).isZero();
        assertThat(ImageIO.read(dir.resolve("fox.png").toFile())).isNotNull();
        assertThat(emu.journal().last().param("quality")).contains("xhigh");
        assertThat(err()).doesNotContain("warning:");
    }

    @Test
    void should_write_svg_and_an_animated_gif_of_the_asked_frames_from_gpt_image_2_6() throws Exception {
        assertThat(openai("generate", "a fox", "--model", "gpt-image-2.6-sunburst", "--format", "svg", "-o", "fox.svg"))
                .as(err()).isZero();
        assertThat(Files.readString(dir.resolve("fox.svg"))).contains("<svg");

        assertThat(openai("generate", "a fox", "--model", "gpt-image-2.6-sunburst", "--format", "gif",
                "--param", "frame_count=4", "-o", "fox.gif", "--json")).as(err()).isZero();
        JsonNode body = emu.journal().last().json().orElseThrow();
        assertThat(body.get("frame_count").isIntegralNumber()).as("--param values are typed").isTrue();
        assertThat(body.get("frame_count").asInt()).isEqualTo(4);
        byte[] gif = Files.readAllBytes(dir.resolve("fox.gif"));
        assertThat(new String(gif, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        assertThat(dev.imagegen4j.internal.ImageHeaders.gifFrames(new java.io.ByteArrayInputStream(gif))).hasValue(4);
    }

    @Test
    void should_send_a_model_the_catalog_does_not_know_with_a_warning() throws Exception {
        int code = openai("generate", "a fox", "--model", "gpt-image-3-preview", "--quality", "ultra", "-o", "fox.png");

        assertThat(code).as(err()).isZero();
        assertThat(emu.journal().posts()).hasSize(1);
        assertThat(emu.journal().last().param("quality")).contains("ultra");
        assertThat(err()).contains("warning: gpt-image-3-preview is not in the model catalog; its rules are inferred "
                + "from gpt-image-2.6-");
    }

    @Test
    void should_refuse_xhigh_on_gpt_image_2_before_sending() throws Exception {
        int code = openai("generate", "a fox", "--model", "gpt-image-2", "--quality", "xhigh");

        assertThat(code).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("gpt-image-2 does not take quality 'xhigh' (takes auto, low, medium, high); 'xhigh' "
                + "is taken by gpt-image-2.5-flare");
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_fail_fast_naming_the_successor_of_a_model_openai_shut_down() throws Exception {
        int code = openai("generate", "a fox", "--model", "gpt-image-1");

        assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err()).contains("gpt-image-1 was shut down by openai on 2026-10-23; use gpt-image-2.5-flare instead")
                .contains("nothing was sent");
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_validate_a_model_added_in_the_config_file_and_send_params_from_the_file_and_batch_lines()
            throws Exception {
        Files.writeString(dir.resolve("imagegen4j.yaml"), """
                generators:
                  openai:
                    provider: openai
                    api-key: %s
                    base-url: %s/v1
                    params: { frame_count: 3 }
                models:
                  gpt-image-3-preview:
                    like: gpt-image-2.6-flare
                    options:
                      quality: [low, ultra]
                """.formatted(KEY, emu.baseUrl()));
        assertThat(run("generate", "x", "--model", "gpt-image-3-preview", "--quality", "high"))
                .isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("gpt-image-3-preview does not take quality 'high' (takes low, ultra)");
        assertThat(emu.journal().posts()).isEmpty();

        Files.writeString(dir.resolve("jobs.jsonl"), String.join("\n",
                "{\"id\": \"a\", \"prompt\": \"a fox\", \"model\": \"gpt-image-3-preview\", \"quality\": \"ultra\", "
                        + "\"format\": \"gif\"}",
                "{\"id\": \"b\", \"prompt\": \"a fox\", \"model\": \"gpt-image-3-preview\", \"quality\": \"ultra\", "
                        + "\"format\": \"gif\", \"params\": {\"frame_count\": 5}}"));
        err.reset();
        assertThat(run("batch", "jobs.jsonl", "--out", "out", "--concurrency", "1")).as(err()).isZero();
        assertThat(emu.journal().posts()).hasSize(2);
        assertThat(emu.journal().posts().get(0).json().orElseThrow().get("frame_count").asInt()).isEqualTo(3);
        assertThat(emu.journal().posts().get(1).json().orElseThrow().get("frame_count").asInt()).isEqualTo(5);
        assertThat(err()).doesNotContain("not in the model catalog");
    }

    @Test
    void should_show_the_catalog_with_lifecycle_as_text_and_json_and_check_a_catalog_file() throws Exception {
        assertThat(run("models")).isZero();
        assertThat(out()).contains("gpt-image-1\n").contains("lifecycle:  released 2025-04-23; shutdown by openai "
                + "2026-10-23; successor gpt-image-2.5-flare")
                .contains("gpt-image-2.6-sunburst").contains("gif output: no streaming; no mask");

        out.reset();
        assertThat(run("models", "--json")).isZero();
        JsonNode catalog = ResultPrinter.JSON.readTree(out());
        assertThat(catalog.get("defaultModel").asText()).isEqualTo("gpt-image-2.5-flare");
        assertThat(catalog.at("/models/gpt-image-1/lifecycle/shutdown/openai").asText()).isEqualTo("2026-10-23");
        assertThat(catalog.at("/models/gpt-image-2.6-flare/options/frame_count/max").asInt()).isEqualTo(16);

        Files.writeString(dir.resolve("mine.yaml"), "models:\n  acme-1:\n    like: gpt-image-2\n    options:\n"
                + "      quality: low\n");
        out.reset();
        assertThat(run("models", "--check", "mine.yaml")).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains("mine.yaml line 5 (models.acme-1.options.quality): an option must be a list");

        Files.writeString(dir.resolve("ok.yaml"), "models:\n  acme-1:\n    like: gpt-image-2\n");
        assertThat(run("models", "--check", "ok.yaml")).isZero();
        assertThat(out()).contains("ok.yaml: ok (").contains("1 not in the built-in catalog");
    }

    @Test
    void should_map_an_aspect_ratio_to_the_nearest_size_and_say_so() throws Exception {
        int code = openai("generate", "a fox", "--model", "gpt-image-2", "--aspect-ratio", "16:9", "--resolution", "2K",
                "-o", "wide.png");

        assertThat(code).as(err()).isZero();
        BufferedImage img = ImageIO.read(dir.resolve("wide.png").toFile());
        assertThat(img.getWidth()).isEqualTo(2736);
        assertThat(img.getHeight()).isEqualTo(1536);
        assertThat(err()).contains("warning: aspect ratio 16:9 at 2K sent as size 2736x1536");
    }

    @Test
    void should_suggest_the_nearest_known_id_for_a_typo_the_vendor_does_not_know() throws Exception {
        int code = openai("generate", "a fox", "--model", "gpt-image-22");

        assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err()).contains("imagegen: model not available: ")
                .contains("gpt-image-22 is not in the model catalog either; did you mean gpt-image-2?");
        // said before sending too, and the vendor's status and request id appear once
        assertThat(err().indexOf("gpt-image-22 is not in the model catalog; did you mean gpt-image-2? Sending it"))
                .isNotNegative().isLessThan(err().indexOf("model not available"));
        assertThat(err().split("HTTP 404", -1)).hasSize(2);
        assertThat(err()).doesNotContain("openai: openai:");
        assertThat(emu.journal().posts()).hasSize(1);
        assertThat(emu.journal().last().status()).isEqualTo(404);
    }
    @Test
    void should_not_promise_to_send_a_likely_typo_that_a_strict_generator_refuses() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("imagegen4j.yaml"), "generators:\n  s: { provider: openai, "
                + "api-key: " + KEY + ", base-url: \"" + emu.baseUrl() + "/v1\", strict: true }\n");

        int code = run("generate", "a fox", "--model", "gpt-image-22");

        assertThat(code).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("strict mode: gpt-image-22 is not in the model catalog")
                .doesNotContain("Sending it as asked");
        assertThat(emu.journal().posts()).isEmpty();
    }
}
