package dev.imagegen4j.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.Quality;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResolutionTier;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.Usage;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link GoogleImageGenerator} over real HTTP against the emulator's Gemini dialect. */
class GoogleGeneratorTest {

    static final String KEY = "AIzaSyEmulatorKey0123456789abcdefghij";

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create(b -> b.apiKey(KEY));

    @TempDir
    Path dir;

    private GoogleImageGenerator generator;

    private GoogleImageGenerator gemini() {
        generator = GoogleImageGenerator.builder().apiKey(KEY).baseUrl(emulator().baseUrl(Dialect.GEMINI)).build();
        return generator;
    }

    private static ImageApiEmulator emulator() {
        return emu.emulator();
    }

    @AfterEach
    void close() {
        if (generator != null) {
            generator.close();
        }
    }

    private static ImageRequest.Builder fox() {
        return ImageRequest.builder().prompt("a fox in the snow").model(ModelId.of("gemini-3-pro-image"));
    }

    private static BufferedImage decode(byte[] bytes) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    private static JsonNode body(RecordedRequest r) {
        return r.json().orElseThrow();
    }

    @Test
    void should_generate_an_image_of_the_aspect_ratio_and_tier_when_asked_for_16_9_at_2k() throws Exception {
        ImageResult r = gemini().generate(fox().aspectRatio("16:9").resolution(ResolutionTier.TWO_K).seed(42L).build());

        BufferedImage image = decode(r.image().bytes());
        assertThat(image.getWidth()).isEqualTo(2752);
        assertThat(image.getHeight()).isEqualTo(1536);
        RecordedRequest wire = emulator().journal().last();
        assertThat(wire.path()).isEqualTo("/gemini/v1beta/models/gemini-3-pro-image:generateContent");
        assertThat(wire.header("x-goog-api-key")).contains(KEY);
        assertThat(wire.headers()).doesNotContainKey("authorization");
        JsonNode config = body(wire).get("generationConfig");
        assertThat(config.get("responseModalities").toString()).isEqualTo("[\"IMAGE\"]");
        assertThat(config.get("imageConfig").get("aspectRatio").asText()).isEqualTo("16:9");
        assertThat(config.get("imageConfig").get("imageSize").asText()).isEqualTo("2K");
        assertThat(config.get("seed").asLong()).isEqualTo(42);
        assertThat(body(wire).at("/contents/0/parts/0/text").asText()).isEqualTo("a fox in the snow");
        assertThat(r.providerId()).isEqualTo("google");
        assertThat(r.requestId()).contains(wire.requestId());
        assertThat(r.providerMetadata()).containsEntry("model-version", "gemini-3-pro-image");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void should_report_usage_by_modality_and_estimate_the_cost_from_the_catalog_prices() {
        ImageResult r = gemini().generate(fox().build());

        Usage u = r.usage().orElseThrow();
        assertThat(u.inputTextTokens()).isEqualTo(5); // ceil(17 / 4)
        assertThat(u.outputImageTokens()).isEqualTo(1120);
        assertThat(u.outputTokens()).isEqualTo(1120);
        assertThat(u.totalTokens()).isEqualTo(1125);
        // gemini-3-pro-image: text in $2, image out $120 per 1M tokens
        assertThat(r.cost().orElseThrow().amount()).isEqualByComparingTo("0.13441");
        assertThat(r.cost().orElseThrow().isEstimated()).isTrue();
    }

    @Test
    void should_send_a_size_as_the_nearest_aspect_ratio_and_tier_with_a_warning() throws Exception {
        ImageResult r = gemini().generate(fox().size("1536x1024").quality(Quality.HIGH)
                .background(dev.imagegen4j.Background.TRANSPARENT).outputCompression(50).user("u-1").build());

        JsonNode imageConfig = body(emulator().journal().last()).at("/generationConfig/imageConfig");
        assertThat(imageConfig.get("aspectRatio").asText()).isEqualTo("3:2");
        assertThat(imageConfig.get("imageSize").asText()).isEqualTo("1K");
        assertThat(decode(r.image().bytes()).getWidth()).isEqualTo(1264);
        assertThat(r.warnings()).anyMatch(w -> w.contains("size 1536x1024 sent as aspect ratio 3:2 at 1K"))
                .anyMatch(w -> w.contains("quality high ignored"))
                .anyMatch(w -> w.contains("background transparent ignored"))
                .anyMatch(w -> w.contains("output compression 50 ignored"))
                .anyMatch(w -> w.contains("user ignored"));
        assertThat(body(emulator().journal().last()).toString()).doesNotContain("quality").doesNotContain("background")
                .doesNotContain("compression").doesNotContain("u-1");
    }

    @Test
    void should_refuse_a_mask_and_an_aspect_ratio_the_model_does_not_take_before_sending() {
        byte[] png = png(64, 64);
        assertThatThrownBy(() -> gemini().generate(fox().image(ImageInput.of(png, "a.png"))
                .mask(ImageInput.of(png(64, 64), "m.png")).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("does not support masked edits");
        assertThatThrownBy(() -> gemini().generate(fox().aspectRatio("7:3").build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("aspect ratio '7:3'");
        assertThatThrownBy(() -> gemini().generate(fox().model(ModelId.of("gemini-9-image-x"))
                .image(ImageInput.ofUrl(java.net.URI.create("https://example.com/cat.png"))).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("image references");
        assertThatThrownBy(() -> gemini().generate(fox().model(ModelId.of("gemini-3-pro-image-preview")).build()))
                .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("shut down by google on 2026-06-25");
        assertThat(emulator().journal().posts()).isEmpty();
    }

    @Test
    void should_stream_reference_images_from_files_as_inline_base64_parts() throws Exception {
        Path first = dir.resolve("first.png");
        Files.write(first, png(320, 200));
        byte[] second = jpeg(100, 100);

        ImageResult r = gemini().generate(fox().prompt("put the hat on the fox").image(first)
                .image(ImageInput.of(second, "hat.jpg")).aspectRatio("1:1").build());

        JsonNode parts = body(emulator().journal().last()).at("/contents/0/parts");
        assertThat(parts).hasSize(3);
        assertThat(parts.get(1).at("/inlineData/mimeType").asText()).isEqualTo("image/png");
        assertThat(Base64.getDecoder().decode(parts.get(1).at("/inlineData/data").asText()))
                .isEqualTo(Files.readAllBytes(first));
        assertThat(parts.get(2).at("/inlineData/mimeType").asText()).isEqualTo("image/jpeg");
        assertThat(Base64.getDecoder().decode(parts.get(2).at("/inlineData/data").asText())).isEqualTo(second);
        assertThat(r.usage().orElseThrow().inputImageTokens()).isEqualTo(258 + 258);
        assertThat(decode(r.image().bytes()).getWidth()).isEqualTo(1024);
    }

    @Test
    void should_make_one_call_per_image_in_parallel_and_merge_them_when_n_is_3() {
        ImageResult r = gemini().generate(fox().n(3).build());

        assertThat(r.images()).hasSize(3).extracting(i -> i.index()).containsExactly(0, 1, 2);
        assertThat(emulator().journal().posts()).hasSize(3);
        assertThat(r.usage().orElseThrow().outputImageTokens()).isEqualTo(3 * 1120);
        assertThat(r.cost().orElseThrow().amount()).isEqualByComparingTo("0.40323");
        assertThat(r.warnings()).anyMatch(w -> w.contains("3 calls were made in parallel and merged"));
    }

    @Test
    void should_return_what_arrived_and_never_retry_a_paid_part_when_one_of_the_parallel_calls_fails() {
        emulator().enqueue(Fault.none(), Fault.status(504), Fault.none());

        ImageResult r = gemini().generate(fox().n(3).build());

        assertThat(r.images()).hasSize(2);
        assertThat(r.failures()).singleElement().isInstanceOf(ResultUnknownException.class);
        assertThat(r.warnings()).anyMatch(w -> w.contains("it was not retried (it may have been generated and paid"));
        assertThat(emulator().journal().posts()).hasSize(3);
    }

    @Test
    void should_throw_a_non_retryable_content_policy_exception_naming_the_reason_when_there_is_no_image() {
        assertThatThrownBy(() -> gemini().generate(fox().prompt("a fox [block-prompt]").build()))
                .isInstanceOfSatisfying(ContentPolicyException.class, e -> {
                    assertThat(e.getMessage()).contains("blockReason PROHIBITED_CONTENT");
                    assertThat(e.stage()).isEqualTo(ContentPolicyException.Stage.INPUT);
                    assertThat(e.categories()).containsExactly("HARM_CATEGORY_DANGEROUS_CONTENT");
                    assertThat(e.httpStatus()).hasValue(200);
                });
        assertThatThrownBy(() -> gemini().generate(fox().prompt("a fox [image-safety]").build()))
                .isInstanceOfSatisfying(ContentPolicyException.class, e -> {
                    assertThat(e.getMessage()).contains("finishReason IMAGE_SAFETY");
                    assertThat(e.stage()).isEqualTo(ContentPolicyException.Stage.OUTPUT);
                    assertThat(e.providerCode()).contains("IMAGE_SAFETY");
                });
        assertThatThrownBy(() -> gemini().generate(fox().prompt("a fox [text-only]").build()))
                .isInstanceOf(ContentPolicyException.class)
                .hasMessageContaining("finishReason STOP").hasMessageContaining("it said: I can't create that image");
        assertThat(emulator().journal().posts()).hasSize(3);
    }

    @Test
    void should_keep_text_parts_in_the_metadata_when_text_is_asked_for() {
        ImageResult r = gemini().generate(fox().providerOption("google", "include_text", true).build());

        assertThat(body(emulator().journal().last()).at("/generationConfig/responseModalities").toString())
                .isEqualTo("[\"TEXT\",\"IMAGE\"]");
        assertThat(body(emulator().journal().last()).toString()).doesNotContain("include_text");
        assertThat(r.providerMetadata().get("text")).isEqualTo("Here is a placeholder image of: a fox in the snow");
        assertThat(r.usage().orElseThrow().outputTextTokens()).isEqualTo(13);
    }

    @Test
    void should_map_resource_exhausted_to_a_rate_limit_with_the_retry_info_delay() {
        emulator().enqueue(Fault.rateLimited(Duration.ofMillis(1500)).withoutHeader("retry-after")
                .withoutHeader("retry-after-ms"));

        assertThatThrownBy(() -> gemini().generate(fox().build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
                    assertThat(e.providerCode()).contains("RESOURCE_EXHAUSTED");
                });
    }

    @Test
    void should_map_a_wrong_key_an_overload_and_a_daily_quota() {
        GoogleImageGenerator wrong = GoogleImageGenerator.builder().apiKey("AIzaWrongKey")
                .baseUrl(emulator().baseUrl(Dialect.GEMINI)).build();
        assertThatThrownBy(() -> wrong.generate(fox().build())).isInstanceOf(dev.imagegen4j.AuthenticationException.class)
                .hasMessageContaining("API key not valid").hasMessageNotContaining("AIzaWrongKey");
        wrong.close();
        emulator().enqueue(Fault.status(503));
        assertThatThrownBy(() -> gemini().generate(fox().build())).isInstanceOf(RetryableException.class);
        emulator().enqueue(Fault.quotaExhausted());
        assertThatThrownBy(() -> gemini().generate(fox().build()))
                .isInstanceOf(dev.imagegen4j.QuotaExceededException.class);
    }

    @Test
    void should_call_vertex_ai_with_a_cached_bearer_token_and_project_path() {
        AtomicInteger asked = new AtomicInteger();
        GoogleImageGenerator vertex = GoogleImageGenerator.builder().vertex("my-project", "us-central1")
                .tokenSupplier(() -> {
                    asked.incrementAndGet();
                    return GoogleAccessToken.of(KEY, Instant.now().plusSeconds(3600));
                })
                .baseUrl(emulator().baseUrl(Dialect.GEMINI)).build();
        try {
            vertex.generate(fox().build());
            vertex.generate(fox().build());
        } finally {
            vertex.close();
        }

        RecordedRequest wire = emulator().journal().last();
        assertThat(wire.path()).isEqualTo(
                "/gemini/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-3-pro-image"
                        + ":generateContent");
        assertThat(wire.header("authorization")).contains("Bearer " + KEY);
        assertThat(asked).hasValue(1);
    }

    @Test
    void should_fail_with_an_authentication_error_that_hides_the_token_when_the_supplier_fails() {
        String token = "ya29.a0AfB_secretTokenValue123";
        GoogleImageGenerator vertex = GoogleImageGenerator.builder().vertex("p", "global")
                .tokenSupplier(() -> {
                    throw new java.io.IOException("refresh failed for " + token);
                })
                .baseUrl(emulator().baseUrl(Dialect.GEMINI)).build();
        try {
            assertThatThrownBy(() -> vertex.generate(fox().build()))
                    .isInstanceOf(dev.imagegen4j.AuthenticationException.class)
                    .hasMessageContaining("the Google access token supplier failed").hasMessageNotContaining(token)
                    .hasMessageContaining("cause omitted");
        } finally {
            vertex.close();
        }
        assertThat(emulator().journal().posts()).isEmpty();
    }

    @Test
    void should_call_vertex_express_mode_with_an_api_key() {
        GoogleImageGenerator express = GoogleImageGenerator.builder().urlStyle(GoogleUrlStyle.VERTEX).apiKey(KEY)
                .baseUrl(emulator().baseUrl(Dialect.GEMINI)).build();
        try {
            express.generate(fox().build());
        } finally {
            express.close();
        }
        assertThat(emulator().journal().last().path())
                .isEqualTo("/gemini/v1/publishers/google/models/gemini-3-pro-image:generateContent");
    }

    @Test
    void should_refuse_a_gpt_image_model_without_a_mapping_and_serve_it_with_one() {
        assertThatThrownBy(() -> gemini().generate(ImageRequest.builder().prompt("x").model(ModelId.GPT_IMAGE_2)
                .build())).isInstanceOf(ModelNotFoundException.class).hasMessageContaining("map it to one");
        assertThat(emulator().journal().posts()).isEmpty();

        GoogleImageGenerator mapped = GoogleImageGenerator.builder().apiKey(KEY)
                .baseUrl(emulator().baseUrl(Dialect.GEMINI)).model(ModelId.GPT_IMAGE_2, ModelId.of("gemini-3-pro-image"))
                .build();
        try {
            ImageResult r = mapped.generate(ImageRequest.builder().prompt("x").model(ModelId.GPT_IMAGE_2)
                    .size("1024x1024").build());
            assertThat(r.model()).isEqualTo(ModelId.GPT_IMAGE_2);
            assertThat(r.wireModel()).isEqualTo("gemini-3-pro-image");
            assertThat(r.warnings()).anyMatch(w -> w.contains("gpt-image-2 is served by google as gemini-3-pro-image"));
            assertThat(r.cost()).isPresent();
            assertThat(mapped.capabilities(ModelId.GPT_IMAGE_2).supportsMask()).isFalse();
        } finally {
            mapped.close();
        }
    }

    @Test
    void should_stream_a_large_image_into_a_sink_without_holding_it() throws Exception {
        emulator().synthetic(8L << 20);
        Path out = dir.resolve("fox.png");

        ImageResult r = gemini().generate(fox().sink(ImageSink.toFile(out)).build());

        assertThat(Files.size(out)).isEqualTo(8L << 20);
        assertThat(r.image().file()).contains(out);
    }

    static byte[] png(int w, int h) {
        return encode(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png");
    }

    static byte[] jpeg(int w, int h) {
        return encode(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> secrets() {
        return List.of(KEY);
    }
}
