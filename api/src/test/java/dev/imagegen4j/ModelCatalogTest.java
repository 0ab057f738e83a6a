package dev.imagegen4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

    private final ModelCatalog catalog = ModelCatalog.builtIn();

    @Test
    void should_read_the_built_in_catalog_from_its_data_file() {
        assertThat(ModelCatalog.class.getResource(ModelCatalog.RESOURCE)).isNotNull();
        assertThat(catalog.version()).isEqualTo("2026-12-01");
        assertThat(catalog.defaultModel()).isEqualTo(ModelId.GPT_IMAGE_2_5_FLARE);
        assertThat(catalog.families()).containsKeys("gpt-image", "dall-e");
    }

    @Test
    void should_know_every_model_constant() {
        for (ModelId id : new ModelId[] {ModelId.GPT_IMAGE_2_6_FLARE, ModelId.GPT_IMAGE_2_6_SUNBURST,
                ModelId.GPT_IMAGE_2_5_FLARE, ModelId.GPT_IMAGE_2_5_SUNBURST, ModelId.GPT_IMAGE_2,
                ModelId.GPT_IMAGE_2_2026_04_21, ModelId.GPT_IMAGE_1_5, ModelId.GPT_IMAGE_1, ModelId.GPT_IMAGE_1_MINI,
                ModelId.CHATGPT_IMAGE_LATEST, ModelId.DALL_E_3, ModelId.DALL_E_2}) {
            assertThat(catalog.find(id)).as(id.value()).isPresent();
        }
    }

    @Test
    void should_give_2_5_and_later_the_new_qualities_and_2_6_svg_gif_and_complexity() {
        assertThat(catalog.find(ModelId.GPT_IMAGE_2_5_FLARE).orElseThrow().qualities())
                .contains(Quality.XHIGH, Quality.MAX);
        assertThat(catalog.find(ModelId.GPT_IMAGE_2).orElseThrow().qualities())
                .doesNotContain(Quality.XHIGH, Quality.MAX);
        ModelCapabilities sunburst = catalog.find(ModelId.GPT_IMAGE_2_6_SUNBURST).orElseThrow();
        assertThat(sunburst.outputFormats()).contains(OutputFormat.SVG, OutputFormat.GIF);
        assertThat(sunburst.complexities()).containsExactly(Complexity.LOW, Complexity.MEDIUM, Complexity.HIGH);
        assertThat(sunburst.supportsMarkup()).isTrue();
        assertThat(sunburst.option("frame_count").orElseThrow().describe())
                .isEqualTo("2..16 (default 9) (only with output_format gif)");
        assertThat(sunburst.formatRule(OutputFormat.SVG).orElseThrow().maxN()).isEqualTo(1);
    }

    @Test
    void should_resolve_a_dated_snapshot_to_its_entry_without_warning() {
        ModelCatalog.Resolution listed = catalog.resolve(ModelId.of("gpt-image-2.5-flare-2026-09-08"));
        ModelCatalog.Resolution unlisted = catalog.resolve(ModelId.of("gpt-image-2-2026-12-24"));

        assertThat(listed.kind()).isEqualTo(ModelCatalog.Resolution.Kind.SNAPSHOT);
        assertThat(listed.matched()).isEqualTo(ModelId.GPT_IMAGE_2_5_FLARE);
        assertThat(listed.warningText()).isEmpty();
        assertThat(unlisted.matched()).isEqualTo(ModelId.GPT_IMAGE_2);
        assertThat(unlisted.isInferred()).isFalse();
        assertThat(unlisted.capabilities().sizeRule().allows(ImageSize.of(2880, 2880))).isTrue();
    }

    @Test
    void should_infer_an_unknown_version_of_a_family_from_its_newest_model_of_the_same_variant() {
        ModelCatalog.Resolution r = catalog.resolve(ModelId.of("gpt-image-2.7-sunburst"));

        assertThat(r.kind()).isEqualTo(ModelCatalog.Resolution.Kind.INFERRED);
        assertThat(r.matched()).isEqualTo(ModelId.GPT_IMAGE_2_6_SUNBURST);
        assertThat(r.warning()).startsWith("gpt-image-2.7-sunburst is not in the model catalog (did you mean "
                + "gpt-image-2.6-sunburst?); its rules are inferred from gpt-image-2.6-sunburst (it is a gpt-image model "
                + "and gpt-image-2.6-sunburst is the newest one the catalog knows)");
    }

    @Test
    void should_infer_a_new_family_member_without_a_known_variant_from_the_newest_model() {
        ModelCatalog.Resolution r = catalog.resolve(ModelId.of("gpt-image-3-preview"));

        assertThat(r.isInferred()).isTrue();
        assertThat(r.matched().value()).startsWith("gpt-image-2.6-");
    }

    @Test
    void should_infer_an_id_that_extends_a_known_one_from_that_one() {
        ModelCatalog.Resolution r = catalog.resolve(ModelId.of("gpt-image-1-mini-eu"));

        assertThat(r.matched()).isEqualTo(ModelId.GPT_IMAGE_1_MINI);
        assertThat(r.isInferred()).isTrue();
        assertThat(r.warning()).contains("(it extends gpt-image-1-mini)");
    }

    @Test
    void should_give_no_rules_to_an_unknown_family() {
        ModelCatalog.Resolution r = catalog.resolve(ModelId.of("acme-draw-2"));

        assertThat(r.kind()).isEqualTo(ModelCatalog.Resolution.Kind.UNKNOWN);
        assertThat(r.matched()).isNull();
        assertThat(r.warning()).contains("acme-draw-2 is not in the model catalog and belongs to no known family");
        ImageRequest odd = ImageRequest.builder().prompt("x").size("1000x777").quality(Quality.of("ultra")).build();
        assertThat(catalog.validate(odd, r, r.capabilities())).containsExactly(r.warning());
    }

    @Test
    void should_let_code_add_and_override_entries() {
        ModelCatalog custom = catalog.toBuilder()
                .like(ModelId.of("gpt-image-3"), ModelId.GPT_IMAGE_2)
                .put(ModelId.GPT_IMAGE_1, catalog.find(ModelId.GPT_IMAGE_1).orElseThrow().toBuilder()
                        .outputFormats(OutputFormat.PNG, OutputFormat.JPEG).build())
                .build();

        assertThat(custom.resolve(ModelId.of("gpt-image-3")).kind()).isEqualTo(ModelCatalog.Resolution.Kind.EXACT);
        assertThat(custom.find(ModelId.GPT_IMAGE_1).orElseThrow().outputFormats())
                .containsExactlyInAnyOrder(OutputFormat.PNG, OutputFormat.JPEG);
        assertThat(catalog.find(ModelId.GPT_IMAGE_1).orElseThrow().outputFormats()).contains(OutputFormat.WEBP);
        assertThat(custom.find(ModelId.of("gpt-image-3")).orElseThrow().lifecycle().isEmpty()).isTrue();
    }

    @Test
    void should_name_known_models_when_like_refers_to_an_unknown_one() {
        assertThatThrownBy(() -> catalog.toBuilder().like(ModelId.of("x"), ModelId.of("gpt-image-9")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model x is declared like gpt-image-9, which is not in the catalog (known: "
                        + "gpt-image-1, gpt-image-1-mini,");
    }

    @Test
    void should_validate_a_model_added_as_a_full_entry_by_its_own_rules() {
        ModelCatalog custom = catalog.toBuilder().read("extra.yaml", String.join("\n",
                "models:",
                "  acme-image-1:",
                "    operations: [generate]",
                "    max-n: 2",
                "    sizes: [512x512, 768x768]",
                "    options:",
                "      quality: [draft, final]",
                "      seed: { min: 0, max: 1000 }",
                "    lifecycle: { released: 2026-11-30 }",
                "    prices: { image-output: 12 }"), false).build();
        ModelCatalog.Resolution r = custom.resolve(ModelId.of("acme-image-1"));

        assertThat(r.kind()).isEqualTo(ModelCatalog.Resolution.Kind.EXACT);
        ImageRequest ok = ImageRequest.builder().prompt("x").size("768x768").quality(Quality.of("final"))
                .seed(7L).n(2).build();
        assertThat(custom.validate(ok, r, r.capabilities())).isEmpty();
        assertThatThrownBy(() -> custom.validate(ok.toBuilder().quality(Quality.HIGH).build(), r, r.capabilities()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("acme-image-1 does not take quality 'high' (takes draft, final)");
        assertThatThrownBy(() -> custom.validate(ok.toBuilder().size("1024x1024").build(), r, r.capabilities()))
                .hasMessageContaining("size 1024x1024 for acme-image-1: not one of the sizes this model takes "
                        + "(512x512, 768x768)");
        assertThatThrownBy(() -> custom.validate(ok.toBuilder().seed(5000L).build(), r, r.capabilities()))
                .hasMessageStartingWith("acme-image-1 does not take seed '5000' (must be a whole number from 0 to 1000)");
        assertThatThrownBy(() -> custom.validate(ok.toBuilder().n(3).build(), r, r.capabilities()))
                .hasMessage("n 3: acme-image-1 takes 1 to 2");
        assertThat(custom.prices().prices(ModelId.of("acme-image-1")).orElseThrow().imageOutput())
                .isEqualByComparingTo("12");
    }

    @Test
    void should_extend_a_built_in_entry_in_place_with_like_itself() {
        ModelCatalog custom = catalog.toBuilder().read("extra.yaml", String.join("\n",
                "models:",
                "  gpt-image-2:",
                "    like: gpt-image-2",
                "    options:",
                "      quality: [low, medium, high, auto, xhigh]"), false).build();

        assertThat(custom.find(ModelId.GPT_IMAGE_2).orElseThrow().qualities()).contains(Quality.XHIGH);
        assertThat(custom.find(ModelId.GPT_IMAGE_2).orElseThrow().sizeRule().allows(ImageSize.of(2880, 2880)))
                .isTrue();
    }

    @Test
    void should_name_the_file_line_and_key_of_a_bad_entry(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("models.yaml");
        Files.writeString(file, String.join("\n",
                "models:",
                "  acme-image-1:",
                "    like: gpt-image-2",
                "    options:",
                "      quality: high"));

        assertThatThrownBy(() -> ModelCatalog.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + " line 5 (models.acme-image-1.options.quality): an option must be a list of values "
                        + "such as [low, high], 'any', or a mapping such as { min: 2, max: 16 } (got 'high')");
    }

    @Test
    void should_suggest_the_key_meant_by_a_typo() {
        assertThatThrownBy(() -> catalog.toBuilder().read("x.yaml", "models:\n  m:\n    like: gpt-image-2\n"
                + "    max_n: 4\n", false))
                .hasMessageContaining("x.yaml line 4 (models.m.max_n): unknown key 'max_n'; did you mean 'max-n'?");
    }

    @Test
    void should_record_lifecycle_per_provider() {
        Lifecycle gptImage1 = catalog.find(ModelId.GPT_IMAGE_1).orElseThrow().lifecycle();
        Lifecycle dallE3 = catalog.find(ModelId.DALL_E_3).orElseThrow().lifecycle();

        assertThat(gptImage1.shutdownOn("openai")).hasValue(LocalDate.of(2026, 10, 23));
        assertThat(gptImage1.successor()).hasValue(ModelId.GPT_IMAGE_2_5_FLARE);
        assertThat(dallE3.shutdownOn("azure")).hasValue(LocalDate.of(2026, 3, 4));
        assertThat(catalog.find(ModelId.GPT_IMAGE_2).orElseThrow().lifecycle().released())
                .hasValue(LocalDate.of(2026, 4, 21));
    }

    @Test
    void should_fail_fast_on_the_provider_that_shut_a_model_down_and_warn_elsewhere() {
        Lifecycle l = catalog.find(ModelId.GPT_IMAGE_1).orElseThrow().lifecycle();
        LocalDate after = LocalDate.of(2026, 12, 1);

        assertThatThrownBy(() -> l.check(ModelId.GPT_IMAGE_1, "openai", after))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("gpt-image-1 was shut down by openai on 2026-10-23; use gpt-image-2.5-flare "
                        + "instead (nothing was sent");
        assertThat(l.check(ModelId.GPT_IMAGE_1, "azure", after)).hasValue("gpt-image-1 was shut down by openai on "
                + "2026-10-23; use gpt-image-2.5-flare instead; azure may still serve it");
        assertThat(l.check(ModelId.GPT_IMAGE_1, "openai", LocalDate.of(2026, 10, 1))).hasValue(
                "gpt-image-1 will be shut down by openai on 2026-10-23; use gpt-image-2.5-flare instead");
    }

    @Test
    void should_only_warn_about_a_shutdown_that_a_third_party_reported() {
        Lifecycle l = catalog.find(ModelId.GPT_IMAGE_1_5).orElseThrow().lifecycle();

        assertThat(l.source()).hasValue("third-party report");
        assertThat(l.check(ModelId.GPT_IMAGE_1_5, "openai", LocalDate.of(2026, 12, 2)))
                .hasValueSatisfying(w -> assertThat(w).contains("(third-party report; sent anyway)"));
    }

    @Test
    void should_take_list_prices_from_the_data_file() {
        PriceTable.Prices p = PriceTable.builtIn().prices(ModelId.GPT_IMAGE_2_5_FLARE).orElseThrow();

        assertThat(p.textInput()).isEqualByComparingTo(BigDecimal.valueOf(5));
        assertThat(p.imageOutput()).isEqualByComparingTo(BigDecimal.valueOf(30));
        assertThat(PriceTable.builtIn().prices(ModelId.of("gpt-image-2.5-flare-2026-09-08"))).hasValue(p);
    }

    @Test
    void should_keep_model_ids_open() {
        assertThat(ModelId.of("gpt-image-2")).isEqualTo(ModelId.GPT_IMAGE_2);
        assertThat(ModelId.of("anything/else").value()).isEqualTo("anything/else");
        assertThatThrownBy(() -> ModelId.of(" ")).hasMessage("model id must not be blank");
    }
}
