package dev.imagegen4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationTest {

    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();

    private static List<String> validate(ImageRequest request) {
        ModelId model = request.model().orElseThrow();
        return CATALOG.resolve(model).capabilities().validate(request, model);
    }

    private static ImageRequest.Builder gptImage2() {
        return ImageRequest.builder().prompt("a cat").model(ModelId.GPT_IMAGE_2);
    }

    @Test
    void should_reject_transparent_background_with_jpeg() {
        ImageRequest request = gptImage2().background(Background.TRANSPARENT).outputFormat(OutputFormat.JPEG).build();

        assertThatThrownBy(() -> validate(request))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("background transparent needs output format png or webp (got jpeg)");
    }

    @Test
    void should_accept_transparent_background_with_png_and_note_the_preview_on_gpt_image_2() {
        ImageRequest request = gptImage2().background(Background.TRANSPARENT).outputFormat(OutputFormat.PNG).build();

        assertThat(validate(request)).containsExactly("transparent backgrounds are in preview on gpt-image-2");
    }

    @Test
    void should_reject_17_reference_images_when_building() {
        ImageInput img = ImageInput.of(TestImages.png(64, 64), "a.png");
        ImageRequest.Builder b = gptImage2();
        for (int i = 0; i < 17; i++) {
            b.image(img);
        }

        assertThatThrownBy(b::build)
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("17 reference images: at most 16 are allowed");
    }

    @Test
    void should_accept_16_reference_images() {
        ImageInput img = ImageInput.of(TestImages.png(64, 64), "a.png");
        ImageRequest.Builder b = gptImage2();
        for (int i = 0; i < 16; i++) {
            b.image(img);
        }
        ImageRequest request = b.build();

        assertThat(request.operation()).isEqualTo(ImageOperation.EDIT);
        assertThat(validate(request)).isEmpty();
    }

    @Test
    void should_reject_a_mask_on_a_model_without_mask_support() {
        ModelCapabilities noMask = CATALOG.resolve(ModelId.GPT_IMAGE_1).capabilities().toBuilder().mask(false).build();
        ImageRequest request = gptImage2().model("no-mask-model")
                .image(ImageInput.of(TestImages.png(64, 64), "a.png"))
                .mask(ImageInput.of(TestImages.png(64, 64), "mask.png"))
                .build();

        assertThatThrownBy(() -> noMask.validate(request, ModelId.of("no-mask-model")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("mask: no-mask-model does not support masked edits");
    }

    @Test
    void should_reject_an_edit_on_dall_e_3() {
        ImageRequest request = ImageRequest.builder().prompt("x").model(ModelId.DALL_E_3)
                .image(ImageInput.of(TestImages.png(64, 64), "a.png")).build();

        assertThatThrownBy(() -> validate(request))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("edit: dall-e-3 does not support edits (it takes: generate)");
    }

    @Test
    void should_reject_a_mask_whose_dimensions_differ_from_the_first_image() {
        ImageRequest request = gptImage2()
                .image(ImageInput.of(TestImages.png(64, 64), "cat.png"))
                .mask(ImageInput.of(TestImages.png(32, 64), "mask.png"))
                .build();

        assertThatThrownBy(() -> validate(request))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("mask 'mask.png' is 32x64 but image 'cat.png' is 64x64: the mask must have the same "
                        + "dimensions as the first image");
    }

    @Test
    void should_reject_a_jpeg_mask() {
        ImageRequest request = gptImage2()
                .image(ImageInput.of(TestImages.png(64, 64), "cat.png"))
                .mask(ImageInput.of(TestImages.jpeg(64, 64), "mask.jpg"))
                .build();

        assertThatThrownBy(() -> validate(request))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("mask 'mask.jpg' is image/jpeg: gpt-image-2 takes image/png for mask");
    }

    @Test
    void should_reject_a_reference_file_that_is_not_an_image(@TempDir Path dir) throws Exception {
        Path notes = dir.resolve("notes.png");
        Files.writeString(notes, "hello", StandardCharsets.UTF_8);
        ImageRequest request = gptImage2().image(notes).build();

        assertThatThrownBy(() -> validate(request))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("image 'notes.png' is not a PNG, JPEG or WebP image");
    }

    @Test
    void should_reject_a_missing_reference_file_naming_it(@TempDir Path dir) {
        Path missing = dir.resolve("missing.png");

        assertThatThrownBy(() -> gptImage2().image(missing))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("image file '" + missing + "' does not exist");
    }

    @Test
    void should_reject_a_reference_image_over_the_size_limit() {
        ImageInput huge = ImageInput.of(() -> new java.io.ByteArrayInputStream(TestImages.png(8, 8)),
                ModelCapabilities.MB_50 + 1, "huge.png", "image/png");
        ImageRequest request = gptImage2().image(huge).build();

        assertThatThrownBy(() -> validate(request))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("image 'huge.png' is 52,428,801 bytes: gpt-image-2 takes at most 52,428,800");
    }

    @Test
    void should_warn_about_response_format_and_style_on_gpt_image_models() {
        ImageRequest request = gptImage2().responseFormat(ResponseFormat.URL).style(Style.VIVID).build();

        assertThat(validate(request)).containsExactly(
                "style vivid ignored: style is a dall-e-3 option and is never sent to gpt-image-2",
                "response format url ignored: gpt-image-2 always returns base64 and does not take response_format");
    }

    @Test
    void should_reject_response_format_on_gpt_image_models_in_strict_mode() {
        ImageRequest request = gptImage2().responseFormat(ResponseFormat.B64_JSON).strict(true).build();

        assertThatThrownBy(() -> validate(request))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("strict mode: response format b64_json is not allowed: gpt-image-2 always returns base64 "
                        + "and does not take response_format");
    }

    @Test
    void should_accept_style_and_response_format_on_dall_e_3() {
        ImageRequest request = ImageRequest.builder().prompt("x").model(ModelId.DALL_E_3)
                .style(Style.NATURAL).responseFormat(ResponseFormat.B64_JSON).quality(Quality.HD).build();

        assertThat(validate(request)).isEmpty();
    }

    @Test
    void should_reject_n_over_the_model_maximum() {
        assertThatThrownBy(() -> validate(gptImage2().n(11).build()))
                .hasMessage("n 11: gpt-image-2 takes 1 to 10");
        assertThatThrownBy(() -> validate(ImageRequest.builder().prompt("x").model(ModelId.DALL_E_3).n(2).build()))
                .hasMessage("n 2: dall-e-3 takes only 1 image per request");
    }

    @Test
    void should_reject_a_prompt_over_the_model_limit() {
        String prompt = "a".repeat(32_001);

        assertThatThrownBy(() -> validate(gptImage2().prompt(prompt).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("prompt of 32,001 characters: gpt-image-2 takes at most 32,000");
    }

    @Test
    void should_reject_a_quality_the_model_does_not_take() {
        assertThatThrownBy(() -> validate(gptImage2().quality(Quality.HD).build()))
                .hasMessageStartingWith("gpt-image-2 does not take quality 'hd' (takes auto, low, medium, high)");
    }

    @Test
    void should_warn_when_compression_is_set_for_png() {
        assertThat(validate(gptImage2().outputCompression(80).build()))
                .containsExactly("output compression 80 ignored: it applies to jpeg and webp output only (format is png)");
        assertThat(validate(gptImage2().outputCompression(80).outputFormat(OutputFormat.WEBP).build())).isEmpty();
    }

    @Test
    void should_warn_about_input_fidelity_on_a_generation_and_on_gpt_image_1_mini() {
        assertThat(validate(gptImage2().inputFidelity(InputFidelity.HIGH).build()))
                .containsExactly("input fidelity high ignored: it applies to edits only");
        ImageRequest miniEdit = ImageRequest.builder().prompt("x").model(ModelId.GPT_IMAGE_1_MINI)
                .image(ImageInput.of(TestImages.png(64, 64), "a.png")).inputFidelity(InputFidelity.HIGH).build();
        assertThat(validate(miniEdit))
                .containsExactly("input fidelity high ignored: gpt-image-1-mini has no input fidelity option");
    }

    @Test
    void should_reject_a_non_square_image_for_dall_e_2_edits() {
        ImageRequest request = ImageRequest.builder().prompt("x").model(ModelId.DALL_E_2)
                .image(ImageInput.of(TestImages.png(64, 32), "wide.png")).build();

        assertThatThrownBy(() -> validate(request)).hasMessage("image 'wide.png' is 64x32: dall-e-2 takes square images only");
    }

    @Test
    void should_check_model_independent_rules_when_building() {
        List<String> messages = new ArrayList<>();
        for (Runnable r : List.<Runnable>of(
                () -> ImageRequest.builder().build(),
                () -> ImageRequest.builder().prompt("  ").build(),
                () -> ImageRequest.builder().prompt("x").n(0).build(),
                () -> ImageRequest.builder().prompt("x").outputCompression(101).build(),
                () -> ImageRequest.builder().prompt("x").partialImages(4).build(),
                () -> ImageRequest.builder().prompt("x").mask(ImageInput.of(TestImages.png(8, 8), "m.png")).build(),
                () -> ImageRequest.builder().variation(true).build())) {
            try {
                r.run();
            } catch (InvalidRequestException e) {
                messages.add(e.getMessage());
            }
        }

        assertThat(messages).containsExactly(
                "prompt is required",
                "prompt must not be blank",
                "n 0: must be at least 1",
                "output compression 101: must be between 0 and 100",
                "partial images 4: must be between 0 and 3",
                "a mask needs a reference image to apply to",
                "a variation needs exactly one reference image (got 0)");
    }

    @Test
    void should_fill_unset_options_from_defaults_and_keep_set_ones() {
        ImageRequest defaults = ImageRequest.template().model(ModelId.GPT_IMAGE_2).quality(Quality.LOW)
                .outputFormat(OutputFormat.WEBP).providerOption("azure", "a", 1).build();
        ImageRequest request = ImageRequest.builder().prompt("x").quality(Quality.HIGH)
                .providerOption("azure", "b", 2).build();

        ImageRequest merged = request.withDefaults(defaults);

        assertThat(merged.model()).contains(ModelId.GPT_IMAGE_2);
        assertThat(merged.quality()).contains(Quality.HIGH);
        assertThat(merged.outputFormat()).contains(OutputFormat.WEBP);
        assertThat(merged.prompt()).contains("x");
        assertThat(merged.providerOptions("azure")).containsEntry("a", 1).containsEntry("b", 2);
    }
}
