package dev.imagegen4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.Background;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.ImageSize;
import dev.imagegen4j.InputFidelity;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.PartialImage;
import dev.imagegen4j.Quality;
import dev.imagegen4j.ResponseFormat;
import dev.imagegen4j.Style;
import dev.imagegen4j.spi.ProviderSettings;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedPart;
import dev.imagegen4j.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiGeneratorTest {

    private static final String KEY = "sk-test-0123456789abcdef";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.create(b -> b.apiKey(KEY));

    private ImageApiEmulator emu;
    private OpenAiImageGenerator openai;

    @BeforeEach
    void setUp() {
        emu = EMULATOR.emulator();
        openai = OpenAiImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl() + "/v1")
                .organization("org-1").project("proj-1").build();
    }

    @AfterEach
    void tearDown() {
        openai.close();
    }

    private static ImageRequest.Builder prompt(String p) {
        return ImageRequest.builder().prompt(p);
    }

    @Test
    void should_generate_an_image_and_send_exactly_the_documented_request() {
        ImageResult result = openai.generate(prompt("a lighthouse at dusk").model(ModelId.GPT_IMAGE_2)
                .size("1024x1024").quality(Quality.LOW).user("user-42").build());

        GeneratedImage image = result.image();
        Images.Decoded decoded = Images.decode(image.bytes());
        assertThat(decoded.format()).isEqualTo("png");
        assertThat(decoded.image().getWidth()).isEqualTo(1024);
        assertThat(decoded.image().getHeight()).isEqualTo(1024);
        assertThat(image.width()).isEqualTo(1024);
        assertThat(image.mimeType()).isEqualTo("image/png");
        assertThat(result.providerId()).isEqualTo("openai");
        assertThat(result.wireModel()).isEqualTo("gpt-image-2");
        assertThat(result.requestId()).hasValueSatisfying(id -> assertThat(id).isNotBlank());
        assertThat(result.size()).contains(ImageSize.SQUARE_1024);
        assertThat(result.quality()).contains(Quality.LOW);
        assertThat(result.usage()).hasValueSatisfying(u -> {
            assertThat(u.inputTextTokens()).isEqualTo((long) Math.ceil("a lighthouse at dusk".length() / 4.0));
            assertThat(u.outputImageTokens()).isEqualTo(272);
            assertThat(u.totalTokens()).isEqualTo(u.inputTokens() + u.outputTokens());
        });
        assertThat(result.warnings()).isEmpty();

        RecordedRequest wire = emu.journal().last();
        assertThat(wire.method()).isEqualTo("POST");
        assertThat(wire.path()).isEqualTo("/v1/images/generations");
        assertThat(wire.header("authorization")).contains("Bearer " + KEY);
        assertThat(wire.header("openai-organization")).contains("org-1");
        assertThat(wire.header("openai-project")).contains("proj-1");
        assertThat(wire.header("content-type")).contains("application/json");
        JsonNode body = wire.json().orElseThrow();
        assertThat(body.toString()).isEqualTo("{\"model\":\"gpt-image-2\",\"prompt\":\"a lighthouse at dusk\","
                + "\"size\":\"1024x1024\",\"quality\":\"low\",\"user\":\"user-42\"}");
    }

    @Test
    void should_never_send_response_format_or_style_to_gpt_image_models_and_warn_instead() {
        ImageResult result = openai.generate(prompt("x").model(ModelId.GPT_IMAGE_2)
                .responseFormat(ResponseFormat.URL).style(Style.NATURAL).build());

        JsonNode body = emu.journal().last().json().orElseThrow();
        assertThat(body.has("response_format")).isFalse();
        assertThat(body.has("style")).isFalse();
        assertThat(body.get("model").asText()).isEqualTo("gpt-image-2");
        assertThat(result.warnings()).containsExactly(
                "style natural ignored: style is a dall-e-3 option and is never sent to gpt-image-2",
                "response format url ignored: gpt-image-2 always returns base64 and does not take response_format");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "gpt-image-2, 1536x864, jpeg",
        "gpt-image-2, 2880x2880, webp",
        "gpt-image-2, 1024x640, png",
        "gpt-image-1-mini, 1536x1024, webp",
    })
    void should_decode_each_format_at_the_requested_size(String model, String size, String format) {
        ImageResult result = openai.generate(prompt("a cat").model(model).size(size)
                .outputFormat(OutputFormat.of(format)).outputCompression(format.equals("png") ? null : 80).build());

        ImageSize expected = ImageSize.parse(size);
        Images.Decoded decoded = Images.decode(result.image().bytes());
        assertThat(decoded.format()).isEqualTo(format.equals("jpeg") ? "jpeg" : format);
        assertThat(decoded.image().getWidth()).isEqualTo(expected.width());
        assertThat(decoded.image().getHeight()).isEqualTo(expected.height());
        assertThat(result.image().format()).isEqualTo(OutputFormat.of(format));
        assertThat(result.outputFormat()).contains(OutputFormat.of(format));
        JsonNode body = emu.journal().last().json().orElseThrow();
        assertThat(body.path("output_compression").isMissingNode()).isEqualTo(format.equals("png"));
    }

    @Test
    void should_generate_a_transparent_png_with_an_alpha_channel() {
        ImageResult result = openai.generate(prompt("a sticker").model(ModelId.GPT_IMAGE_2)
                .background(Background.TRANSPARENT).outputFormat(OutputFormat.PNG).size("1024x1024").build());

        Images.Decoded decoded = Images.decode(result.image().bytes());
        assertThat(decoded.image().getColorModel().hasAlpha()).isTrue();
        assertThat(result.background()).contains(Background.TRANSPARENT);
        assertThat(emu.journal().last().json().orElseThrow().get("background").asText()).isEqualTo("transparent");
    }

    @Test
    void should_return_n_images() {
        ImageResult result = openai.generate(prompt("three cats").model(ModelId.GPT_IMAGE_1_MINI).n(3)
                .size("1024x1024").build());

        assertThat(result.images()).hasSize(3);
        assertThat(result.images()).extracting(GeneratedImage::index).containsExactly(0, 1, 2);
        result.images().forEach(i -> assertThat(Images.decode(i.bytes()).image().getWidth()).isEqualTo(1024));
        assertThat(emu.journal().posts()).hasSize(1);
        assertThat(emu.journal().last().json().orElseThrow().get("n").asInt()).isEqualTo(3);
    }

    @Test
    void should_edit_with_two_reference_images_and_a_mask_as_multipart(@TempDir Path dir) throws Exception {
        Path cat = dir.resolve("cat.png");
        Files.write(cat, Images.png(512, 512));
        byte[] hat = Images.png(256, 256);
        Path mask = dir.resolve("mask.png");
        Files.write(mask, Images.png(512, 512));

        ImageResult result = openai.generate(prompt("put the hat on the cat").model(ModelId.GPT_IMAGE_1_5)
                .image(cat).image(ImageInput.of(hat, "hat.png")).mask(mask)
                .inputFidelity(InputFidelity.HIGH).size("1024x1024").quality(Quality.MEDIUM).build());

        assertThat(Images.decode(result.image().bytes()).image().getWidth()).isEqualTo(1024);
        RecordedRequest wire = emu.journal().last();
        assertThat(wire.path()).isEqualTo("/v1/images/edits");
        assertThat(wire.header("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("multipart/form-data; boundary="));
        List<RecordedPart> images = wire.parts("image[]");
        assertThat(images).extracting(p -> p.filename().orElse(null)).containsExactly("cat.png", "hat.png");
        assertThat(images).extracting(p -> p.contentType().orElse(null)).containsExactly("image/png", "image/png");
        assertThat(images.get(0).content()).isEqualTo(Files.readAllBytes(cat));
        assertThat(images.get(1).content()).isEqualTo(hat);
        RecordedPart maskPart = wire.part("mask").orElseThrow();
        assertThat(maskPart.filename()).contains("mask.png");
        assertThat(maskPart.contentType()).contains("image/png");
        assertThat(wire.param("model")).contains("gpt-image-1.5");
        assertThat(wire.param("prompt")).contains("put the hat on the cat");
        assertThat(wire.param("input_fidelity")).contains("high");
        assertThat(wire.param("quality")).contains("medium");
        assertThat(wire.param("size")).contains("1024x1024");
        assertThat(wire.header("content-length")).isPresent();
    }

    @Test
    void should_stream_three_partial_images_then_the_final_one() {
        List<PartialImage> partials = new CopyOnWriteArrayList<>();
        List<ImageListener.Phase> phases = new CopyOnWriteArrayList<>();
        ImageListener listener = new ImageListener() {
            @Override
            public void onPartialImage(PartialImage partial) {
                partials.add(partial);
            }

            @Override
            public void onPhase(Phase phase) {
                phases.add(phase);
            }
        };

        ImageResult result = openai.generate(prompt("a fox").model(ModelId.GPT_IMAGE_2).size("1024x1024")
                .partialImages(3).build(), listener);

        assertThat(partials).extracting(PartialImage::partialIndex).containsExactly(0, 1, 2);
        partials.forEach(p -> assertThat(Images.decode(p.bytes()).image().getWidth()).isPositive());
        assertThat(Images.decode(result.image().bytes()).image().getWidth()).isEqualTo(1024);
        assertThat(result.usage()).isPresent();
        assertThat(phases).containsSubsequence(ImageListener.Phase.CONNECTING, ImageListener.Phase.RECEIVING,
                ImageListener.Phase.DONE);
        RecordedRequest wire = emu.journal().last();
        assertThat(wire.header("accept")).contains("text/event-stream");
        assertThat(wire.json().orElseThrow().get("stream").asBoolean()).isTrue();
        assertThat(wire.json().orElseThrow().get("partial_images").asInt()).isEqualTo(3);
    }

    @Test
    void should_tolerate_a_done_marker_at_the_end_of_a_stream() {
        emu.enqueue(dev.imagegen4j.testkit.Fault.streamDoneMarker());

        ImageResult result = openai.generate(prompt("a fox").model(ModelId.GPT_IMAGE_2).partialImages(1).build());

        assertThat(result.images()).hasSize(1);
    }

    @Test
    void should_stream_an_edit() throws Exception {
        ImageResult result = openai.generate(prompt("make it blue").model(ModelId.GPT_IMAGE_2)
                .image(ImageInput.of(Images.png(64, 64), "a.png")).partialImages(2).size("1024x1024").build());

        assertThat(Images.decode(result.image().bytes()).image().getWidth()).isEqualTo(1024);
        assertThat(emu.journal().last().param("stream")).contains("true");
    }

    @Test
    void should_stream_a_result_into_a_file_sink(@TempDir Path dir) throws Exception {
        ImageResult result = openai.generate(prompt("a corgi").model(ModelId.GPT_IMAGE_2).size("1536x1024")
                .outputFormat(OutputFormat.WEBP).sink(ImageSink.toDirectory(dir, "corgi")).build());

        Path file = result.image().file().orElseThrow();
        assertThat(file).isEqualTo(dir.resolve("corgi.webp").toAbsolutePath());
        assertThat(result.image().inMemory()).isFalse();
        assertThat(result.image().width()).isEqualTo(1536);
        assertThat(Images.decode(Files.readAllBytes(file)).image().getHeight()).isEqualTo(1024);
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void should_validate_before_sending() {
        assertThatThrownBy(() -> openai.generate(prompt("x").model(ModelId.GPT_IMAGE_2).size("1000x1000").build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("size 1000x1000 for gpt-image-2: both edges must be multiples of 16 (1000 is not)");
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_apply_generator_defaults() {
        try (OpenAiImageGenerator g = OpenAiImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl() + "/v1")
                .defaults(ImageRequest.template().model(ModelId.GPT_IMAGE_1_MINI).quality(Quality.HIGH).build()).build()) {
            ImageResult r = g.generate(prompt("x").build());

            assertThat(r.model()).isEqualTo(ModelId.GPT_IMAGE_1_MINI);
            JsonNode body = emu.journal().last().json().orElseThrow();
            assertThat(body.get("model").asText()).isEqualTo("gpt-image-1-mini");
            assertThat(body.get("quality").asText()).isEqualTo("high");
        }
    }

    @Test
    void should_generate_asynchronously() throws Exception {
        ImageResult r = openai.generateAsync(prompt("async").model(ModelId.GPT_IMAGE_2).build())
                .get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(r.images()).hasSize(1);
    }

    /** A generator whose clock is before DALL·E's shutdown on OpenAI (2026-05-12), as a user had in April 2026. */
    private OpenAiImageGenerator inApril2026() {
        return OpenAiImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl() + "/v1")
                .clock(Clock.fixed(Instant.parse("2026-04-01T12:00:00Z"), ZoneOffset.UTC)).build();
    }

    @Test
    void should_make_dall_e_2_variations() {
        ImageResult r;
        try (OpenAiImageGenerator april = inApril2026()) {
            r = april.generate(ImageRequest.builder().model(ModelId.DALL_E_2).variation(true)
                    .image(ImageInput.of(Images.png(256, 256), "v.png")).size("256x256").n(2).build());
        }

        assertThat(r.images()).hasSize(2);
        assertThat(emu.journal().last().path()).isEqualTo("/v1/images/variations");
        assertThat(emu.journal().last().param("response_format")).contains("b64_json");
        assertThat(r.warnings()).contains("dall-e-2 will be shut down by openai on 2026-05-12; use gpt-image-2.5-flare "
                + "instead");
    }

    @Test
    void should_fail_fast_naming_the_successor_for_a_model_openai_shut_down_and_send_nothing() {
        for (ModelId shutDown : new ModelId[] {ModelId.GPT_IMAGE_1, ModelId.DALL_E_3, ModelId.DALL_E_2}) {
            assertThatThrownBy(() -> openai.generate(prompt("a fox").model(shutDown).build()))
                    .isInstanceOf(dev.imagegen4j.ModelNotFoundException.class)
                    .hasMessageContaining(shutDown + " was shut down by openai on ")
                    .hasMessageContaining("use gpt-image-2.5-flare instead (nothing was sent");
        }
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_download_url_results_of_dall_e_3() {
        ImageResult r;
        try (OpenAiImageGenerator april = inApril2026()) {
            r = april.generate(prompt("a painting").model(ModelId.DALL_E_3)
                    .responseFormat(ResponseFormat.URL).style(Style.VIVID).build());
        }

        assertThat(r.image().url()).isPresent();
        assertThat(Images.decode(r.image().bytes()).image().getWidth()).isEqualTo(1024);
        assertThat(r.image().revisedPrompt()).isPresent();
        assertThat(emu.journal().posts().get(emu.journal().posts().size() - 1).json().orElseThrow()
                .get("style").asText()).isEqualTo("vivid");
    }

    @Test
    void should_be_found_through_service_loader() {
        ImageGenerator g = ImageGenerators.create("openai", ProviderSettings.builder()
                .put("api-key", KEY).put("base-url", emu.baseUrl() + "/v1").put("quality", "low").build());

        ImageResult r = g.generate(prompt("x").build());

        assertThat(g.providerId()).isEqualTo("openai");
        assertThat(r.quality()).contains(Quality.LOW);
        g.close();
    }

    @Test
    void should_read_the_api_key_from_the_environment_only_when_passed_in() {
        ProviderSettings noKey = ProviderSettings.builder().put("base-url", emu.baseUrl() + "/v1").build();

        assertThatThrownBy(() -> ImageGenerators.create("openai", noKey))
                .hasMessageContaining("setting 'api-key' is required for provider openai");
        ImageGenerator g = ImageGenerators.create("openai", noKey.toBuilder()
                .environment(Map.of("OPENAI_API_KEY", KEY)).build());
        assertThat(g.generate(prompt("x").build()).images()).hasSize(1);
    }

    @Test
    void should_require_https_except_for_loopback() {
        assertThatThrownBy(() -> OpenAiImageGenerator.builder().apiKey(KEY).baseUrl("http://api.example.com/v1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("base URL http://api.example.com: https is required except for loopback hosts "
                        + "(allow insecure http to override)");
    }

    @Test
    void should_never_show_the_key() {
        assertThat(openai.toString()).doesNotContain(KEY);
        assertThat(emu.journal().toString()).doesNotContain(KEY);
    }
}
