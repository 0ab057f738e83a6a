package dev.imagegen4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Quality;
import dev.imagegen4j.internal.ImageHeaders;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.RecordedRequest;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.model.image.ImageModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ImageGeneratorImageModelTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create();

    private ImageGenerator openai;

    @BeforeEach
    void setUp() {
        openai = OpenAiImageGenerator.builder().apiKey("sk-test").baseUrl(emu.emulator().baseUrl() + "/v1").build();
    }

    @AfterEach
    void tearDown() {
        openai.close();
    }

    private ImageModel model() {
        return ImageGeneratorImageModel.builder(openai).model(ModelId.GPT_IMAGE_2).size("1024x1024")
                .quality(Quality.MEDIUM).build();
    }

    /** The emulator's documented usage formula for a 1024x1024 medium-quality result. */
    private static TokenUsage expectedUsage(String prompt, int n, int referenceTiles) {
        int text = (prompt.codePointCount(0, prompt.length()) + 3) / 4;
        int image = referenceTiles == 0 ? 0 : 65 + 129 * referenceTiles;
        int output = n * 1056;
        return new TokenUsage(text + image, output, text + image + output);
    }

    private static byte[] decode(Image image) {
        return Base64.getDecoder().decode(image.base64Data());
    }

    @Test
    void should_return_a_png_with_usage_and_metadata_when_generating() {
        // when
        Response<Image> response = model().generate("a lighthouse at dusk");

        // then
        Image image = response.content();
        assertThat(image.mimeType()).isEqualTo("image/png");
        assertThat(ImageHeaders.read(decode(image))).hasValueSatisfying(h -> {
            assertThat(h.mimeType()).isEqualTo("image/png");
            assertThat(h.width()).isEqualTo(1024);
        });
        assertThat(response.tokenUsage()).isEqualTo(expectedUsage("a lighthouse at dusk", 1, 0));
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        RecordedRequest sent = emu.emulator().journal().last();
        assertThat(sent.path()).isEqualTo("/v1/images/generations");
        assertThat(sent.param("quality")).contains("medium");
        assertThat(response.metadata())
                .containsEntry(ImageGeneratorImageModel.METADATA_PROVIDER, "openai")
                .containsEntry(ImageGeneratorImageModel.METADATA_MODEL, "gpt-image-2")
                .containsEntry(ImageGeneratorImageModel.METADATA_WIRE_MODEL, "gpt-image-2")
                .containsEntry(ImageGeneratorImageModel.METADATA_REQUEST_ID, sent.requestId())
                .containsEntry(ImageGeneratorImageModel.METADATA_SIZE, "1024x1024");
    }

    @Test
    void should_return_two_images_in_one_request_when_n_is_2() {
        // when
        Response<List<Image>> response = model().generate("two lighthouses", 2);

        // then
        assertThat(response.content()).hasSize(2).allSatisfy(i -> assertThat(decode(i)).isNotEmpty());
        assertThat(response.tokenUsage()).isEqualTo(expectedUsage("two lighthouses", 2, 0));
        assertThat(emu.emulator().journal().posts()).hasSize(1);
        assertThat(emu.emulator().journal().last().param("n")).contains("2");
    }

    @Test
    void should_send_image_and_mask_when_editing_with_a_mask() {
        // given
        byte[] png = TestImages.png(1024, 1024);
        byte[] mask = TestImages.mask(1024, 1024);
        Image image = Image.builder().base64Data(Base64.getEncoder().encodeToString(png)).mimeType("image/png").build();
        Image maskImage = Image.builder().base64Data(Base64.getEncoder().encodeToString(mask)).build();

        // when
        Response<Image> response = model().edit(image, maskImage, "replace the sky with stars");

        // then
        RecordedRequest sent = emu.emulator().journal().last();
        assertThat(sent.path()).isEqualTo("/v1/images/edits");
        assertThat(sent.parts("image[]")).singleElement().satisfies(p -> assertThat(p.content()).isEqualTo(png));
        assertThat(sent.part("mask")).hasValueSatisfying(p -> assertThat(p.content()).isEqualTo(mask));
        assertThat(response.tokenUsage()).isEqualTo(expectedUsage("replace the sky with stars", 1, 4));
        assertThat(ImageHeaders.read(decode(response.content()))).isPresent();
    }

    @Test
    void should_download_the_image_when_editing_an_image_given_by_url() throws Exception {
        // given
        byte[] png = TestImages.png(1024, 1024);
        ImageModel model = ImageGeneratorImageModel.builder(openai).model("gpt-image-2").size("1024x1024")
                .quality(Quality.MEDIUM).allowLoopbackDownloads(true).build();
        try (TestImages.ImageServer server = new TestImages.ImageServer(png)) {
            // when
            model.edit(Image.builder().url(server.url()).build(), "make the sky darker");
        }

        // then
        assertThat(emu.emulator().journal().last().parts("image[]")).singleElement()
                .satisfies(p -> assertThat(p.content()).isEqualTo(png));
    }

    @Test
    void should_refuse_a_loopback_url_when_loopback_downloads_are_not_allowed() throws Exception {
        try (TestImages.ImageServer server = new TestImages.ImageServer(TestImages.png(64, 64))) {
            Image image = Image.builder().url(server.url()).build();

            assertThatThrownBy(() -> model().edit(image, "make the sky darker"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("image URL refused")
                    .hasMessageContaining("loopback");
        }
        assertThat(emu.emulator().journal().posts()).isEmpty();
    }

    @Test
    void should_accept_a_data_url_when_editing() {
        byte[] png = TestImages.png(1024, 1024);
        Image image = Image.builder()
                .url("data:image/png;base64," + Base64.getEncoder().encodeToString(png)).build();

        model().edit(image, "make the sky darker");

        assertThat(emu.emulator().journal().last().parts("image[]").get(0).content()).isEqualTo(png);
    }

    @Test
    void should_name_the_problem_when_the_input_image_is_unusable() {
        assertThatThrownBy(() -> model().edit(Image.builder().base64Data("not base64!").build(), "x"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("image base64 data is not valid");
        assertThatThrownBy(() -> model().edit(Image.builder().url("file:///etc/passwd").build(), "x"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("image URL scheme 'file' is not supported");
        assertThat(emu.emulator().journal().posts()).isEmpty();
    }

    @Test
    void should_throw_imagegen4j_exceptions_when_the_vendor_refuses() {
        emu.emulator().enqueue(Fault.contentPolicy());

        assertThatThrownBy(() -> model().generate("something refused")).isInstanceOf(ContentPolicyException.class);
    }

    @Test
    void should_check_the_options_when_building() {
        assertThatThrownBy(() -> ImageGeneratorImageModel.builder(openai).size("big"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size 'big'");
        assertThatThrownBy(() -> ImageGeneratorImageModel.builder(openai).outputCompression(101).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("output compression 101");
    }
}
