package dev.imagegen4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.imagegen4j.Complexity;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.Quality;
import dev.imagegen4j.Style;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The 2026 request fields and response fields on the wire: JSON edits by reference, markup, new fields. */
class OpenAi2026FeaturesTest {

    private static final String KEY = "sk-openai-2026-features-0000";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.create(b -> b.apiKey(KEY)
            .shipModel("gpt-image-3-preview", "gpt-image-2.6-flare", "ultra"));

    private ImageApiEmulator emu;
    private OpenAiImageGenerator openai;

    @BeforeEach
    void setUp() {
        emu = EMULATOR.emulator();
        openai = OpenAiImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl() + "/v1").build();
    }

    @AfterEach
    void tearDown() {
        openai.close();
    }

    @Test
    void should_send_an_edit_that_references_images_as_json_with_image_url_and_file_id_objects() throws Exception {
        HttpServer images = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] png = Images.png(256, 256);
        images.createContext("/cat.png", ex -> {
            ex.getResponseHeaders().add("Content-Type", "image/png");
            ex.sendResponseHeaders(200, png.length);
            ex.getResponseBody().write(png);
            ex.close();
        });
        images.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + images.getAddress().getPort() + "/cat.png");
            ImageResult r = openai.generate(ImageRequest.builder().prompt("put a hat on the cat")
                    .model(ModelId.GPT_IMAGE_2_5_FLARE).image(ImageInput.ofUrl(url))
                    .image(ImageInput.ofFileId("file-abc123")).image(ImageInput.of(png, "local.png")).build());

            assertThat(r.images()).hasSize(1);
            RecordedRequest wire = emu.journal().last();
            assertThat(wire.path()).isEqualTo("/v1/images/edits");
            assertThat(wire.header("content-type")).hasValueSatisfying(c -> assertThat(c).startsWith("application/json"));
            JsonNode body = wire.json().orElseThrow();
            assertThat(body.get("images").get(0).get("image_url").asText()).isEqualTo(url.toString());
            assertThat(body.get("images").get(1).get("file_id").asText()).isEqualTo("file-abc123");
            assertThat(body.get("images").get(2).get("image_url").asText()).startsWith("data:image/png;base64,");
        } finally {
            images.stop(0);
        }
    }

    @Test
    void should_send_a_markup_overlay_as_its_own_part_next_to_the_mask() {
        byte[] png = Images.png(256, 256);
        openai.generate(ImageRequest.builder().prompt("follow the arrows").model(ModelId.GPT_IMAGE_2_6_SUNBURST)
                .image(ImageInput.of(png, "room.png")).mask(ImageInput.of(png, "mask.png"))
                .markup(ImageInput.of(png, "arrows.png")).build());

        RecordedRequest wire = emu.journal().last();
        assertThat(wire.part("markup")).hasValueSatisfying(p -> assertThat(p.filename()).contains("arrows.png"));
        assertThat(wire.part("mask")).isPresent();
        assertThat(wire.parts("image[]")).hasSize(1);
    }

    @Test
    void should_send_complexity_and_safety_identifier_and_surface_generation_id_and_svg_usage() {
        ImageResult svg = openai.generate(ImageRequest.builder().prompt("a logo").model(ModelId.GPT_IMAGE_2_6_FLARE)
                .outputFormat(OutputFormat.SVG).complexity(Complexity.MEDIUM).safetyIdentifier("user-7f3a")
                .param("svg", Map.of("model", "svg-author-1")).build());

        JsonNode body = emu.journal().last().json().orElseThrow();
        assertThat(body.get("complexity").asText()).isEqualTo("medium");
        assertThat(body.get("safety_identifier").asText()).isEqualTo("user-7f3a");
        assertThat(body.get("svg").get("model").asText()).isEqualTo("svg-author-1");
        assertThat(svg.image().generationId()).hasValueSatisfying(id -> assertThat(id).startsWith("gen_"));
        assertThat(svg.providerMetadata()).containsKey("svg_usage");
        assertThat(svg.image().format()).isEqualTo(OutputFormat.SVG);
    }

    @Test
    void should_send_every_option_as_asked_for_a_model_whose_rules_are_inferred() {
        ImageResult r = openai.generate(ImageRequest.builder().prompt("a fox").model("gpt-image-3-preview")
                .quality(Quality.of("ultra")).complexity(Complexity.LOW).build());

        JsonNode body = emu.journal().last().json().orElseThrow();
        assertThat(body.get("quality").asText()).isEqualTo("ultra");
        assertThat(body.get("complexity").asText()).isEqualTo("low");
        assertThat(r.warnings()).anyMatch(w -> w.contains("is not in the model catalog"));
    }

    @Test
    void should_never_send_an_option_a_known_model_does_not_have() {
        ImageResult r = openai.generate(ImageRequest.builder().prompt("a fox").model(ModelId.GPT_IMAGE_2)
                .complexity(Complexity.LOW).style(Style.VIVID).build());

        JsonNode body = emu.journal().last().json().orElseThrow();
        assertThat(body.has("complexity")).isFalse();
        assertThat(body.has("style")).isFalse();
        assertThat(r.warnings()).contains("complexity low ignored: gpt-image-2 has no complexity option");
    }

    @Test
    void should_refuse_what_the_catalog_knows_before_sending() {
        assertThatThrownBy(() -> openai.generate(ImageRequest.builder().prompt("a fox").model(ModelId.GPT_IMAGE_2_6_FLARE)
                .outputFormat(OutputFormat.GIF).param("frame_count", 40).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("frame_count '40' (must be a whole number from 2 to 16)");
        assertThat(emu.journal().posts()).isEmpty();
    }
}
