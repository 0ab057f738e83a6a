package dev.imagegen4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private final ModelCatalog catalog = ModelCatalog.builtIn();

    @Test
    void should_know_every_model_constant() {
        assertThat(catalog.entries()).containsKeys(ModelId.GPT_IMAGE_2, ModelId.GPT_IMAGE_2_2026_04_21,
                ModelId.GPT_IMAGE_1_5, ModelId.GPT_IMAGE_1, ModelId.GPT_IMAGE_1_MINI, ModelId.CHATGPT_IMAGE_LATEST,
                ModelId.DALL_E_3, ModelId.DALL_E_2);
    }

    @Test
    void should_resolve_a_new_snapshot_by_prefix_without_warning() {
        ModelCatalog.Resolution r = catalog.resolve(ModelId.of("gpt-image-2-2026-09-01"));

        assertThat(r.matched()).isEqualTo(ModelId.GPT_IMAGE_2);
        assertThat(r.warningText()).isEmpty();
        assertThat(r.capabilities().sizeRule().allows(ImageSize.of(2880, 2880))).isTrue();
    }

    @Test
    void should_resolve_an_unknown_gpt_image_model_to_the_newest_rules_with_a_warning() {
        ModelCatalog.Resolution r = catalog.resolve(ModelId.of("gpt-image-3"));

        assertThat(r.matched()).isEqualTo(ModelId.GPT_IMAGE_2);
        assertThat(r.warningText()).contains(
                "gpt-image-3 is not in the model catalog; using the rules of gpt-image-2 (add an entry to override)");
    }

    @Test
    void should_give_permissive_rules_to_an_unknown_family() {
        ModelCatalog.Resolution r = catalog.resolve(ModelId.of("flux-2-pro"));

        assertThat(r.matched()).isNull();
        assertThat(r.warningText()).hasValueSatisfying(w -> assertThat(w).contains("flux-2-pro is not in the model catalog"));
        ImageRequest odd = ImageRequest.builder().prompt("x").size("1000x777").build();
        assertThat(r.capabilities().validate(odd, ModelId.of("flux-2-pro"))).isEmpty();
    }

    @Test
    void should_prefer_the_longest_known_prefix() {
        assertThat(catalog.resolve(ModelId.of("gpt-image-1-mini-2026-01-01")).matched())
                .isEqualTo(ModelId.GPT_IMAGE_1_MINI);
    }

    @Test
    void should_let_users_add_and_override_entries() {
        ModelCatalog custom = catalog.toBuilder()
                .like(ModelId.of("gpt-image-3"), ModelId.GPT_IMAGE_2)
                .put(ModelId.GPT_IMAGE_1, catalog.find(ModelId.GPT_IMAGE_1).orElseThrow().toBuilder()
                        .outputFormats(OutputFormat.PNG, OutputFormat.JPEG).build())
                .build();

        assertThat(custom.resolve(ModelId.of("gpt-image-3")).warningText()).isEmpty();
        assertThat(custom.find(ModelId.GPT_IMAGE_1).orElseThrow().outputFormats())
                .containsExactlyInAnyOrder(OutputFormat.PNG, OutputFormat.JPEG);
        assertThat(catalog.find(ModelId.GPT_IMAGE_1).orElseThrow().outputFormats()).contains(OutputFormat.WEBP);
    }

    @Test
    void should_name_known_models_when_like_refers_to_an_unknown_one() {
        assertThatThrownBy(() -> catalog.toBuilder().like(ModelId.of("x"), ModelId.of("gpt-image-9")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model x is declared like gpt-image-9, which is not in the catalog (known: [gpt-image-2,");
    }

    @Test
    void should_mark_dall_e_as_retired_on_openai() {
        assertThat(catalog.find(ModelId.DALL_E_2).orElseThrow().deprecation())
                .hasValueSatisfying(d -> assertThat(d.shutdown()).hasToString("2026-05-12"));
        assertThat(catalog.find(ModelId.GPT_IMAGE_2).orElseThrow().deprecation()).isEmpty();
    }

    @Test
    void should_keep_model_ids_open() {
        assertThat(ModelId.of("gpt-image-2")).isEqualTo(ModelId.GPT_IMAGE_2);
        assertThat(ModelId.of("anything/else").value()).isEqualTo("anything/else");
        assertThatThrownBy(() -> ModelId.of(" ")).hasMessage("model id must not be blank");
    }
}
