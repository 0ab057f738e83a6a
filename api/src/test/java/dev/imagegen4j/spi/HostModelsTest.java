package dev.imagegen4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageSize;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostModelsTest {

    private final HostModels hosts = HostModels.builtIn();

    @ParameterizedTest
    @CsvSource({
        "replicate, gpt-image-2.5-flare, openai/gpt-image-2.5-flare",
        "replicate, gpt-image-2.7-flare, openai/gpt-image-2.7-flare",
        "replicate, flux-1.1-pro, black-forest-labs/flux-1.1-pro",
        "fal, gpt-image-2.5-flare, openai/gpt-image-2.5/flare/text-to-image",
        "fal, gpt-image-2.7-sunburst, openai/gpt-image-2.7/sunburst/text-to-image",
        "fal, flux-dev, fal-ai/flux/dev",
        "openrouter, gpt-image-2.5-sunburst, openai/gpt-image-2.5-sunburst",
        "openrouter, gemini-3.1-flash-image, google/gemini-3.1-flash-image",
        "aimlapi, gpt-image-1.5, openai/gpt-image-1-5",
        "aimlapi, gpt-image-3-preview, openai/gpt-image-3-preview",
        "aimlapi, acme-image-1, acme-image-1"})
    void should_map_a_logical_model_to_each_hosts_id(String host, String model, String id) {
        assertThat(hosts.find(host, ModelId.of(model)).orElseThrow().id()).isEqualTo(id);
    }

    @Test
    void should_carry_the_input_names_of_the_host_when_the_entry_copies_a_template() {
        HostModels.Entry e = hosts.find("replicate", ModelId.of("gpt-image-2.6-flare")).orElseThrow();

        assertThat(e.input("aspect_ratio").orElseThrow().name()).isEqualTo("aspect_ratio");
        assertThat(e.input("images").orElseThrow().name()).isEqualTo("input_images");
        assertThat(e.input("images").orElseThrow().form()).isEqualTo("urls");
        assertThat(e.input("n").orElseThrow().name()).isEqualTo("number_of_images");
        assertThat(e.input("size")).isEmpty();
        assertThat(e.aspectRatios()).containsExactly("1:1", "3:2", "2:3");

        HostModels.Entry flux = hosts.find("replicate", ModelId.of("flux-1.1-pro")).orElseThrow();
        assertThat(flux.input("seed").orElseThrow().name()).isEqualTo("seed");
        assertThat(flux.input("output_format").orElseThrow().value("jpeg")).isEqualTo("jpg");
        HostModels.Entry schnell = hosts.find("replicate", ModelId.of("flux-schnell")).orElseThrow();
        assertThat(schnell.input("n").orElseThrow().name()).isEqualTo("num_outputs");
        assertThat(schnell.input("seed")).isPresent();
        assertThat(schnell.maxN()).hasValue(4);
    }

    @Test
    void should_give_the_edit_app_and_size_forms_when_the_host_is_fal() {
        HostModels.Entry e = hosts.find("fal", ModelId.of("gpt-image-2.5-flare")).orElseThrow();
        assertThat(e.editId()).hasValue("openai/gpt-image-2.5/flare/edit");
        assertThat(e.input("size").orElseThrow().size(ImageSize.parse("1536x1024"))).isEqualTo("1536x1024");
        HostModels.Entry flux = hosts.find("fal", ModelId.of("flux-dev")).orElseThrow();
        assertThat(flux.input("size").orElseThrow().size(ImageSize.parse("1536x1024")))
                .isEqualTo(Map.of("width", 1536, "height", 1024));
        assertThat(flux.fixed()).containsEntry("enable_safety_checker", true);
    }

    @Test
    void should_nest_a_dotted_input_name() {
        HostModels.Input in = hosts.find("openrouter", ModelId.of("gemini-3-pro-image")).orElseThrow()
                .input("aspect_ratio").orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        in.put(body, "16:9");
        assertThat(body).isEqualTo(Map.of("image_config", Map.of("aspect_ratio", "16:9")));
    }

    @Test
    void should_refuse_a_model_when_no_entry_or_pattern_names_it() {
        assertThat(hosts.find("replicate", ModelId.of("dall-e-3"))).isEmpty();
        assertThat(hosts.find("nowhere", ModelId.GPT_IMAGE_2)).isEmpty();
    }

    @Test
    void should_list_the_hosts_of_a_model() {
        assertThat(hosts.hostsOf(ModelId.GPT_IMAGE_2_5_FLARE)).contains("aimlapi", "replicate", "fal", "openrouter");
    }

    @Test
    void should_add_or_replace_entries_when_a_generator_has_models_settings() {
        HostModels mine = hosts.with("replicate", Map.of(
                "gpt-image-2.5-flare", "acme/flare-fork",
                "my-model", Map.of("like", "flux", "id", "me/my-model")));

        assertThat(mine.find("replicate", ModelId.GPT_IMAGE_2_5_FLARE).orElseThrow().id()).isEqualTo("acme/flare-fork");
        HostModels.Entry m = mine.find("replicate", ModelId.of("my-model")).orElseThrow();
        assertThat(m.id()).isEqualTo("me/my-model");
        assertThat(m.input("seed")).isPresent();
        assertThat(hosts.find("replicate", ModelId.GPT_IMAGE_2_5_FLARE).orElseThrow().id())
                .isEqualTo("openai/gpt-image-2.5-flare");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hosts: { h: { models: { m: { id: x, inptus: {} } } } }|m.inptus: unknown key",
        "hosts: { h: { models: { m: { id: x, inputs: { colour: c } } } } }|m.inputs.colour: not a portable option",
        "hosts: { h: { models: { m: { id: x, inputs: { size: { name: s, form: blob } } } } } }|'blob' is not a form",
        "hosts: { h: { models: { m: { like: nope } } } }|m.like: no template or model 'nope'",
        "hosts: { h: { models: { m: { inputs: {} } } } }|m.id: the host's model id is required",
        "hosts: { h: { models: { m: { id: x, max-n: 0 } } } }|m.max-n",
        "hosts: { h: { models: { m: { id: x, aspect-ratios: [wide] } } } }|aspect ratio 'wide'",
        "hosts: { h: { templates: { a: { like: b } , b: { like: a } }, models: { m: { like: a, id: x } } } }|refers back",
        "hosts: { h: { modles: {} } }|hosts.h.modles: unknown key"})
    void should_name_the_host_model_and_key_when_the_data_are_wrong(String yaml, String message) {
        assertThatThrownBy(() -> HostModels.parse("my-hosts.yaml", yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("my-hosts.yaml")
                .hasMessageContaining(message);
    }

    @Test
    void should_only_name_models_the_catalog_resolves() {
        ModelCatalog catalog = ModelCatalog.builtIn();
        for (String host : List.of("replicate", "fal", "openrouter", "aimlapi")) {
            hosts.ids(host).keySet().forEach(m -> assertThat(catalog.resolve(m).isInferred())
                    .as("%s on %s", m, host).isFalse());
        }
    }
}
