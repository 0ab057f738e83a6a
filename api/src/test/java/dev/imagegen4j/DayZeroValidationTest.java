package dev.imagegen4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validation policy of issue "Day-zero models": known models checked exactly, unknown ones sent with warnings. */
class DayZeroValidationTest {

    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();

    private static List<String> check(ImageRequest request) {
        ModelCatalog.Resolution r = CATALOG.resolve(request.model().orElseThrow());
        return CATALOG.validate(request, r, r.capabilities());
    }

    private static ImageRequest.Builder on(String model) {
        return ImageRequest.builder().prompt("a fox").model(model);
    }

    @Test
    void should_refuse_xhigh_on_gpt_image_2_naming_the_models_that_take_it_and_how_to_extend_the_catalog() {
        assertThatThrownBy(() -> check(on("gpt-image-2").quality(Quality.XHIGH).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("gpt-image-2 does not take quality 'xhigh' (takes auto, low, medium, high); 'xhigh' is "
                        + "taken by gpt-image-2.5-flare, gpt-image-2.5-sunburst, gpt-image-2.6-flare, "
                        + "gpt-image-2.6-sunburst. If gpt-image-2 takes it now, extend the catalog, e.g. in the config "
                        + "file: models: { gpt-image-2: { like: gpt-image-2, options: { quality: [auto, low, medium, "
                        + "high, xhigh] } } }")
                .extracting(e -> ((InvalidRequestException) e).param().orElseThrow()).isEqualTo("quality");
    }

    @Test
    void should_take_xhigh_and_max_on_gpt_image_2_5_and_its_dated_snapshot() {
        assertThat(check(on("gpt-image-2.5-flare").quality(Quality.XHIGH).build())).isEmpty();
        assertThat(check(on("gpt-image-2.5-sunburst-2026-09-08").quality(Quality.MAX).build())).isEmpty();
    }

    @Test
    void should_send_an_unknown_model_with_an_unknown_quality_as_asked_with_warnings() {
        List<String> warnings = check(on("gpt-image-3-preview").quality(Quality.of("ultra")).build());

        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).startsWith("gpt-image-3-preview is not in the model catalog; its rules are "
                + "inferred from gpt-image-2.6-");
        assertThat(warnings.get(1)).startsWith("gpt-image-3-preview does not take quality 'ultra'")
                .endsWith("(rules inferred from " + CATALOG.resolve(ModelId.of("gpt-image-3-preview")).matched()
                        + "; sent as asked)");
    }

    @Test
    void should_suggest_an_extension_that_copies_the_entry_the_rules_were_inferred_from_and_works_as_given() {
        ModelId from = CATALOG.resolve(ModelId.of("gpt-image-3-preview")).matched();
        List<String> warnings = check(on("gpt-image-3-preview").quality(Quality.of("ultra")).build());
        String snippet = warnings.get(1).replaceAll("(?s).*in the config file: (models: \\{.*\\} \\} \\}).*", "$1");

        assertThat(snippet).startsWith("models: { gpt-image-3-preview: { like: " + from + ", options: { quality: [")
                .endsWith("ultra] } } }");
        // the snippet, pasted into a catalog file, makes the model known with the value taken
        ModelCatalog extended = CATALOG.toBuilder().read("pasted.yaml", snippet, false).build();
        ModelCatalog.Resolution r = extended.resolve(ModelId.of("gpt-image-3-preview"));
        assertThat(r.kind()).isEqualTo(ModelCatalog.Resolution.Kind.EXACT);
        assertThat(extended.validate(on("gpt-image-3-preview").quality(Quality.of("ultra")).build(), r,
                r.capabilities())).isEmpty();
    }

    @Test
    void should_refuse_an_unknown_model_in_strict_mode() {
        assertThatThrownBy(() -> check(on("gpt-image-3-preview").strict(true).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("strict mode: gpt-image-3-preview is not in the model catalog, so its rules "
                        + "cannot be checked (they would be inferred from gpt-image-2.6-");
    }

    @Test
    void should_take_svg_for_a_single_generation_on_2_6_only() {
        assertThat(check(on("gpt-image-2.6-sunburst").outputFormat(OutputFormat.SVG).build())).isEmpty();
        assertThatThrownBy(() -> check(on("gpt-image-2.6-sunburst").outputFormat(OutputFormat.SVG).n(2).build()))
                .hasMessage("n 2: output format svg for gpt-image-2.6-sunburst takes only 1 image per request");
        ImageInput img = ImageInput.of(TestImages.png(64, 64), "a.png");
        assertThatThrownBy(() -> check(on("gpt-image-2.6-sunburst").outputFormat(OutputFormat.SVG).image(img).build()))
                .hasMessage("output format svg for gpt-image-2.6-sunburst takes generations only (this is an edit)");
        assertThatThrownBy(() -> check(on("gpt-image-2.5-flare").outputFormat(OutputFormat.SVG).build()))
                .hasMessageStartingWith("gpt-image-2.5-flare does not take output format 'svg' (takes png, jpeg, "
                        + "webp); 'svg' is taken by gpt-image-2.6-flare, gpt-image-2.6-sunburst");
    }

    @Test
    void should_check_gif_frames_by_the_catalog_rules() {
        ImageRequest gif4 = on("gpt-image-2.6-sunburst").outputFormat(OutputFormat.GIF).param("frame_count", 4).build();
        assertThat(check(gif4)).isEmpty();
        assertThatThrownBy(() -> check(gif4.toBuilder().param("frame_count", 17).build()))
                .hasMessageStartingWith("gpt-image-2.6-sunburst does not take frame_count '17' (must be a whole "
                        + "number from 2 to 16)");
        assertThatThrownBy(() -> check(gif4.toBuilder().param("frame_duration_ms", 10).build()))
                .hasMessageStartingWith("gpt-image-2.6-sunburst does not take frame_duration_ms '10' (must be a whole "
                        + "number from 20 to 655350)");
        assertThatThrownBy(() -> check(on("gpt-image-2.6-flare").param("frame_count", 4).build()))
                .hasMessage("frame_count applies only with output_format gif (output_format is png)");
        assertThatThrownBy(() -> check(on("gpt-image-2").param("frame_count", 4).build()))
                .hasMessage("gpt-image-2 does not take frame_count (the catalog knows it on gpt-image-2.6-flare, "
                        + "gpt-image-2.6-sunburst)");
    }

    @Test
    void should_apply_the_gif_format_rules() {
        ImageInput img = ImageInput.of(TestImages.png(64, 64), "a.png");
        ImageInput mask = ImageInput.of(TestImages.png(64, 64), "m.png");
        assertThatThrownBy(() -> check(on("gpt-image-2.6-flare").outputFormat(OutputFormat.GIF).image(img).mask(mask)
                .build())).hasMessage("mask: output format gif for gpt-image-2.6-flare takes no mask");
        assertThat(check(on("gpt-image-2.6-flare").outputFormat(OutputFormat.GIF).outputCompression(50)
                .partialImages(2).build())).containsExactly(
                "output compression 50 ignored: it applies to jpeg and webp output only (format is gif)",
                "partial images 2 ignored: gif output does not stream");
    }

    @Test
    void should_check_complexity_on_2_6_and_ignore_it_elsewhere() {
        assertThat(check(on("gpt-image-2.6-flare").complexity(Complexity.LOW).build())).isEmpty();
        assertThatThrownBy(() -> check(on("gpt-image-2.6-flare").complexity(Complexity.of("extreme")).build()))
                .hasMessageStartingWith("gpt-image-2.6-flare does not take complexity 'extreme' (takes low, medium, "
                        + "high)");
        assertThat(check(on("gpt-image-2").complexity(Complexity.LOW).build()))
                .containsExactly("complexity low ignored: gpt-image-2 has no complexity option");
    }

    @Test
    void should_warn_about_an_output_format_only_when_a_png_only_model_would_not_give_it() {
        assertThat(check(on("gemini-3-pro-image").outputFormat(OutputFormat.PNG).build())).isEmpty();
        assertThat(check(on("gemini-3-pro-image").outputFormat(OutputFormat.JPEG).build()))
                .containsExactly("output format jpeg ignored: gemini-3-pro-image always returns png");
    }

    @Test
    void should_refuse_params_that_would_override_a_validated_field() {
        for (String reserved : List.of("n", "size", "model", "prompt", "image", "images", "mask", "quality")) {
            assertThatThrownBy(() -> on("gpt-image-2").param(reserved, "x").build())
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("param '" + reserved + "' names a field imagegen4j validates; set it with");
        }
    }

    @Test
    void should_send_a_param_the_catalog_does_not_know_unchecked() {
        assertThat(check(on("gpt-image-2").param("guidance", 7.5).param("style_preset", "noir").build())).isEmpty();
        assertThatThrownBy(() -> on("gpt-image-2").param("x", new Object()))
                .hasMessageContaining("cannot be sent; use a String, Number, Boolean, List or Map");
    }

    @Test
    void should_take_a_markup_overlay_on_2_6_only_at_the_first_image_size() {
        ImageInput img = ImageInput.of(TestImages.png(64, 64), "a.png");
        assertThat(check(on("gpt-image-2.6-flare").image(img)
                .markup(ImageInput.of(TestImages.png(64, 64), "markup.png")).build())).isEmpty();
        assertThatThrownBy(() -> check(on("gpt-image-2.6-flare").image(img)
                .markup(ImageInput.of(TestImages.png(32, 32), "markup.png")).build()))
                .hasMessage("markup 'markup.png' is 32x32 but image 'a.png' is 64x64: the markup must have the same "
                        + "dimensions as the first image");
        assertThatThrownBy(() -> check(on("gpt-image-2.5-flare").image(img)
                .markup(ImageInput.of(TestImages.png(64, 64), "markup.png")).build()))
                .hasMessage("markup: gpt-image-2.5-flare does not support markup-guided edits");
        assertThatThrownBy(() -> on("gpt-image-2.6-flare").markup(ImageInput.of(TestImages.png(8, 8), "m.png")).build())
                .hasMessage("a markup overlay needs a reference image to apply to");
    }

    @Test
    void should_refuse_a_mask_without_an_alpha_channel() {
        ImageInput img = ImageInput.of(TestImages.png(64, 64), "a.png");
        assertThatThrownBy(() -> check(on("gpt-image-2").image(img)
                .mask(ImageInput.of(TestImages.rgbPng(64, 64), "rgb-mask.png")).build()))
                .hasMessageStartingWith("mask 'rgb-mask.png' has no alpha channel");
    }

    @Test
    void should_take_image_references_where_the_model_does_and_blame_a_vendor_that_does_not() {
        ImageRequest byUrl = on("gpt-image-2.5-flare").image(ImageInput.ofUrl(URI.create("https://example.com/cat.png")))
                .image(ImageInput.ofFileId("file-abc123")).build();
        assertThat(check(byUrl)).isEmpty();
        ModelCatalog.Resolution r = CATALOG.resolve(ModelId.GPT_IMAGE_2_5_FLARE);
        ModelCapabilities azure = r.capabilities().toBuilder().narrowedBy("Azure OpenAI").imageReferences(false).build();
        assertThatThrownBy(() -> CATALOG.validate(byUrl, r, azure))
                .hasMessage("image references (URLs, file ids): gpt-image-2.5-flare on Azure OpenAI takes uploaded "
                        + "image files only");
    }

    @Test
    void should_blame_the_vendor_not_the_model_for_a_vendor_limit() {
        ModelCatalog.Resolution r = CATALOG.resolve(ModelId.GPT_IMAGE_2);
        ModelCapabilities aiml = r.capabilities().toBuilder().narrowedBy("AI/ML API").streaming(false)
                .qualities(Quality.LOW, Quality.MEDIUM, Quality.HIGH).build();

        assertThat(CATALOG.validate(on("gpt-image-2").partialImages(2).build(), r, aiml))
                .containsExactly("partial images 2 ignored: gpt-image-2 on AI/ML API does not stream");
        assertThatThrownBy(() -> CATALOG.validate(on("gpt-image-2").quality(Quality.AUTO).build(), r, aiml))
                .hasMessageStartingWith("gpt-image-2 on AI/ML API does not take quality 'auto' (takes low, medium, "
                        + "high)");
    }

    @Test
    void should_refuse_invalid_image_references_before_anything_is_sent() {
        assertThatThrownBy(() -> ImageInput.ofUrl(URI.create("ftp://example.com/a.png")))
                .hasMessage("image URL 'ftp://...' must be https (or a data: URL)");
        assertThatThrownBy(() -> ImageInput.ofUrl(URI.create("https://user:pw@example.com/a.png")))
                .hasMessage("image URL must not carry credentials");
        assertThatThrownBy(() -> ImageInput.ofFileId("file id")).hasMessageContaining("without white space");
        assertThat(ImageInput.ofUrl(URI.create("data:image/png;base64,iVBORw0KGgo=")).mimeType()).isEqualTo("image/png");
    }

    @Test
    void should_map_an_aspect_ratio_and_tier_to_the_nearest_size_a_model_with_sizes_takes() {
        ModelCapabilities gptImage2 = CATALOG.find(ModelId.GPT_IMAGE_2).orElseThrow();
        List<String> notes = new java.util.ArrayList<>();
        ImageRequest adapted = gptImage2.adaptShape(on("gpt-image-2").aspectRatio("16:9")
                .resolution(ResolutionTier.TWO_K).build(), notes::add);

        assertThat(adapted.size()).hasValue(ImageSize.of(2736, 1536));
        assertThat(adapted.aspectRatio()).isEmpty();
        assertThat(notes).containsExactly("aspect ratio 16:9 at 2K sent as size 2736x1536 (the nearest size this model "
                + "takes)");
        ModelCapabilities presets = CATALOG.find(ModelId.GPT_IMAGE_1_MINI).orElseThrow();
        assertThat(presets.adaptShape(on("gpt-image-1-mini").aspectRatio("16:9").build(), n -> { }).size())
                .hasValue(ImageSize.LANDSCAPE_1536);
        assertThat(check(adapted)).isEmpty();
    }

    @Test
    void should_map_a_size_to_the_nearest_aspect_ratio_and_tier_of_a_model_without_sizes() {
        ModelCapabilities gemini = CATALOG.find(ModelId.of("gemini-3-pro-image")).orElseThrow();
        List<String> notes = new java.util.ArrayList<>();
        ImageRequest adapted = gemini.adaptShape(on("gemini-3-pro-image").size("1536x864").build(), notes::add);

        assertThat(adapted.size()).isEmpty();
        assertThat(adapted.aspectRatio()).hasValue(AspectRatio.WIDESCREEN);
        assertThat(adapted.resolution()).hasValue(ResolutionTier.ONE_K);
        assertThat(notes).containsExactly("size 1536x864 sent as aspect ratio 16:9 at 1K (the nearest shape this model "
                + "takes; it has no sizes)");
    }

    @Test
    void should_check_gemini_options_and_warn_about_what_it_lacks() {
        assertThat(check(on("gemini-3-pro-image").aspectRatio("21:9").resolution(ResolutionTier.FOUR_K).seed(7L)
                .build())).isEmpty();
        assertThatThrownBy(() -> check(on("gemini-3-pro-image").aspectRatio("7:3").build()))
                .hasMessageStartingWith("gemini-3-pro-image does not take aspect ratio '7:3' (takes 1:1, 2:3, 3:2, "
                        + "3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9)");
        assertThat(check(on("gemini-3-pro-image").quality(Quality.HIGH).background(Background.OPAQUE).build()))
                .containsExactly("quality high ignored: gemini-3-pro-image has no quality option",
                        "background opaque ignored: gemini-3-pro-image has no background option");
        ImageInput img = ImageInput.of(TestImages.png(64, 64), "a.png");
        assertThatThrownBy(() -> check(on("gemini-3-pro-image").image(img)
                .mask(ImageInput.of(TestImages.png(64, 64), "m.png")).build()))
                .hasMessage("mask: gemini-3-pro-image does not support masked edits");
        assertThat(check(on("gpt-image-2").seed(3L).build()))
                .containsExactly("seed 3 ignored: gpt-image-2 has no seed option");
    }

    @Test
    void should_refuse_a_size_together_with_an_aspect_ratio() {
        assertThatThrownBy(() -> on("gpt-image-2").size("1024x1024").aspectRatio("16:9").build())
                .hasMessage("size 1024x1024 and aspect ratio 16:9 are alternatives: set a size, or an aspect ratio "
                        + "and/or a resolution tier");
    }

    @Test
    void should_merge_params_from_defaults_with_the_request_winning() {
        ImageRequest defaults = ImageRequest.template().param("frame_count", 9).param("guidance", 1).build();
        ImageRequest merged = on("gpt-image-2.6-flare").param("frame_count", 4).build().withDefaults(defaults);

        assertThat(merged.params()).isEqualTo(Map.of("frame_count", 4, "guidance", 1));
    }
}
