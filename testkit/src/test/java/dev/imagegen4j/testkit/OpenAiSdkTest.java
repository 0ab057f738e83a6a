package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.MultipartField;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenStreamEvent;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImageModel;
import com.openai.models.images.ImagesResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The official openai-java SDK, pointed at the emulator, proves the emulator speaks the real protocol. */
class OpenAiSdkTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create();

    private static OpenAIClient client;

    @BeforeAll
    static void client() {
        client = OpenAIOkHttpClient.builder().baseUrl(emu.emulator().baseUrl(Dialect.OPENAI)).apiKey("sk-sdk-test-key")
                .maxRetries(0).build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void should_generate_image_parsed_by_sdk_as_sent() {
        ImagesResponse response = client.images().generate(ImageGenerateParams.builder().model("gpt-image-2")
                .prompt("a lighthouse at dusk").size("1536x1024").quality(ImageGenerateParams.Quality.MEDIUM)
                .outputFormat(ImageGenerateParams.OutputFormat.WEBP).build());

        RecordedRequest rec = emu.emulator().journal().last();
        assertThat(rec.header("authorization")).contains("Bearer sk-sdk-test-key");
        assertThat(rec.json().orElseThrow().get("size").asText()).isEqualTo("1536x1024");
        String b64 = response.data().orElseThrow().get(0).b64Json().orElseThrow();
        assertThat(Http.magic(Base64.getDecoder().decode(b64))).isEqualTo("webp");
        assertThat(Http.decodeB64(b64).getWidth()).isEqualTo(1536);
        assertThat(response.size().orElseThrow().asString()).isEqualTo("1536x1024");
        assertThat(response.outputFormat().orElseThrow().asString()).isEqualTo("webp");
        assertThat(response.quality().orElseThrow().asString()).isEqualTo("medium");
        assertThat(response.background().orElseThrow().asString()).isEqualTo("opaque");
        ImagesResponse.Usage usage = response.usage().orElseThrow();
        assertThat(usage.outputTokens()).isEqualTo(1584);
        assertThat(usage.inputTokens()).isEqualTo(5);
        assertThat(usage.totalTokens()).isEqualTo(1589);
        assertThat(usage.inputTokensDetails().textTokens()).isEqualTo(5);
        assertThat(response.created()).isPositive();
    }

    @Test
    void should_edit_with_two_images_and_mask_through_sdk() {
        byte[] cat = Http.png(256, 256, true);
        byte[] hat = Http.png(128, 64, false);
        List<InputStream> images = List.of(new ByteArrayInputStream(cat), new ByteArrayInputStream(hat));

        ImagesResponse response = client.images().edit(ImageEditParams.builder().model("gpt-image-1.5")
                .prompt("put the hat on the cat").image(ImageEditParams.Image.ofInputStreams(images))
                .mask(MultipartField.<InputStream>builder().value(new ByteArrayInputStream(Http.png(256, 256, true)))
                        .filename("mask.png").contentType("image/png").build())
                .n(2).size(ImageEditParams.Size._1024X1536).build());

        RecordedRequest rec = emu.emulator().journal().last();
        assertThat(rec.status()).as(rec.toString()).isEqualTo(200);
        assertThat(rec.parts("image[]")).hasSize(2);
        assertThat(rec.parts("image[]").get(0).content()).isEqualTo(cat);
        assertThat(rec.parts("image[]").get(1).content()).isEqualTo(hat);
        assertThat(rec.part("mask")).isPresent();
        assertThat(rec.param("n")).contains("2");
        assertThat(response.data().orElseThrow()).hasSize(2);
        assertThat(Http.decodeB64(response.data().orElseThrow().get(1).b64Json().orElseThrow()).getHeight())
                .isEqualTo(1536);
        // 256x256 and 128x64 are one tile each: 2 x 194
        assertThat(response.usage().orElseThrow().inputTokensDetails().imageTokens()).isEqualTo(388);
    }

    @Test
    void should_stream_partial_images_through_sdk() {
        List<ImageGenStreamEvent> events;
        try (StreamResponse<ImageGenStreamEvent> stream = client.images().generateStreaming(ImageGenerateParams
                .builder().model("gpt-image-2").prompt("a streamed fox").partialImages(3)
                .size(ImageGenerateParams.Size._1024X1024).quality(ImageGenerateParams.Quality.LOW).build())) {
            events = stream.stream().collect(Collectors.toList());
        }

        assertThat(emu.emulator().journal().last().json().orElseThrow().get("stream").asBoolean()).isTrue();
        assertThat(events).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(events.get(i).isGenerationPartialImage()).isTrue();
            assertThat(events.get(i).asGenerationPartialImage().partialImageIndex()).isEqualTo(i);
            assertThat(Http.decodeB64(events.get(i).asGenerationPartialImage().b64Json()).getWidth()).isEqualTo(1024);
        }
        var completed = events.get(3).asGenerationCompleted();
        assertThat(completed.size().asString()).isEqualTo("1024x1024");
        assertThat(completed.background().asString()).isEqualTo("opaque");
        assertThat(completed.usage().outputTokens()).isEqualTo(272 + 3 * 100);
    }

    @Test
    void should_surface_emulator_error_body_as_sdk_exception() {
        assertThatThrownBy(() -> client.images().generate(ImageGenerateParams.builder().model("gpt-image-2")
                .prompt("x").size("1792x936").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Width and height must both be divisible by 16");
        JsonNode sent = emu.emulator().journal().last().json().orElseThrow();
        assertThat(sent.get("size").asText()).isEqualTo("1792x936");
    }

    @Test
    void should_generate_xhigh_with_safety_identifier_through_sdk_when_model_is_2_5() {
        ImagesResponse response = client.images().generate(ImageGenerateParams.builder()
                .model(ImageModel.GPT_IMAGE_2_5_FLARE).prompt("a fox").size(ImageGenerateParams.Size._1024X1024)
                .quality(ImageGenerateParams.Quality.of("xhigh")).safetyIdentifier("hashed-user-1").build());

        JsonNode sent = emu.emulator().journal().last().json().orElseThrow();
        assertThat(sent.get("quality").asText()).isEqualTo("xhigh");
        assertThat(sent.get("safety_identifier").asText()).isEqualTo("hashed-user-1");
        assertThat(response.quality().orElseThrow()).isEqualTo(ImagesResponse.Quality.XHIGH);
        assertThat(response.safetyIdentifier()).contains("hashed-user-1");
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(6240);
        assertThat(response.data().orElseThrow().get(0)._allProperties().get("generation_id")
                .convert(String.class)).startsWith("gen_");
    }

    @Test
    void should_surface_xhigh_refusal_for_gpt_image_2_as_sdk_exception() {
        assertThatThrownBy(() -> client.images().generate(ImageGenerateParams.builder().model(ImageModel.GPT_IMAGE_2)
                .prompt("x").quality(ImageGenerateParams.Quality.XHIGH).build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("The model 'gpt-image-2' does not support quality 'xhigh'.");
    }

    @Test
    void should_generate_svg_with_svg_usage_parsed_by_sdk_when_model_is_2_6() {
        ImagesResponse response = client.images().generate(ImageGenerateParams.builder()
                .model(ImageModel.GPT_IMAGE_2_6_FLARE).prompt("a minimalist fox logo")
                .outputFormat(ImageGenerateParams.OutputFormat.SVG).complexity(ImageGenerateParams.Complexity.LOW)
                .svg(ImageGenerateParams.Svg.builder().model("gpt-5.2").reasoning(ImageGenerateParams.Svg.Reasoning
                        .builder().effort(ImageGenerateParams.Svg.Reasoning.Effort.MEDIUM).build()).build())
                .build());

        assertThat(response.outputFormat().orElseThrow()).isEqualTo(ImagesResponse.OutputFormat.SVG);
        String svg = new String(Base64.getDecoder().decode(response.data().orElseThrow().get(0).b64Json().orElseThrow()),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(svg).contains("<svg").contains("a minimalist fox logo");
        ImagesResponse.SvgUsage usage = response.svgUsage().orElseThrow();
        assertThat(usage.model()).isEqualTo("gpt-5.2");
        assertThat(usage.reasoningTokens()).isEqualTo(256);
        assertThat(usage.totalTokens()).isEqualTo(usage.inputTokens() + usage.outputTokens());
        JsonNode sent = emu.emulator().journal().last().json().orElseThrow();
        assertThat(sent.get("complexity").asText()).isEqualTo("low");
        assertThat(sent.at("/svg/reasoning/effort").asText()).isEqualTo("medium");
    }

    @Test
    void should_generate_gif_with_frame_settings_through_sdk_when_model_is_2_6() throws Exception {
        ImagesResponse response = client.images().generate(ImageGenerateParams.builder()
                .model(ImageModel.GPT_IMAGE_2_6_SUNBURST).prompt("a blinking star")
                .outputFormat(ImageGenerateParams.OutputFormat.GIF).frameCount(3L).frameDurationMs(80L)
                .size(ImageGenerateParams.Size._1024X1024).quality(ImageGenerateParams.Quality.LOW).build());

        GifSvgOutputTest.Gif gif = GifSvgOutputTest.Gif.read(Base64.getDecoder().decode(
                response.data().orElseThrow().get(0).b64Json().orElseThrow()));
        assertThat(gif.frames).isEqualTo(3);
        assertThat(gif.delays).containsOnly(8);
        assertThat(response.outputFormat().orElseThrow().asString()).isEqualTo("gif");
    }

    @Test
    void should_send_markup_as_multipart_part_through_sdk_when_model_is_2_6() {
        ImagesResponse response = client.images().edit(ImageEditParams.builder()
                .model(ImageModel.GPT_IMAGE_2_6_SUNBURST).prompt("follow the arrows")
                .image(new ByteArrayInputStream(Http.png(1024, 1024, false)))
                .markup(new ByteArrayInputStream(Http.png(1024, 1024, true)))
                .quality(ImageEditParams.Quality.LOW).complexity(ImageEditParams.Complexity.MEDIUM).build());

        RecordedRequest rec = emu.emulator().journal().last();
        assertThat(rec.status()).as(rec.toString()).isEqualTo(200);
        assertThat(rec.part("markup")).isPresent();
        assertThat(response.usage().orElseThrow().inputTokensDetails().imageTokens()).isEqualTo(2 * 581);
    }
}
