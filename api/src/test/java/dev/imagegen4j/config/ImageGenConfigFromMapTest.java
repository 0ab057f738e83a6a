package dev.imagegen4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ModelId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageGenConfigFromMapTest {

    private static final String SOURCE = "application configuration 'imagegen4j'";

    private static ImageGenConfig read(Map<String, ?> tree) {
        return ImageGenConfig.fromMap(tree, SOURCE, Map.of("FAKE_KEY", "sk-from-env-123456"),
                ImageGenConfigFromMapTest.class.getClassLoader());
    }

    @Test
    void should_read_the_same_structure_as_a_file_when_given_a_tree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("default", "main");
        tree.put("generators", Map.of("one", Map.of("provider", "fake", "api-key", "${FAKE_KEY}"),
                "two", Map.of("provider", "fake", "api-key", "literal-key")));
        tree.put("routes", Map.of("main", Map.of("failover", List.of("one", "two"), "retries", "1",
                "breaker", Map.of("failures", 2, "cooldown", "10s"))));
        tree.put("models", Map.of("gpt-image-3", Map.of("like", "gpt-image-2")));

        ImageGenConfig c = read(tree);

        assertThat(c.defaultName()).isEqualTo("main");
        assertThat(c.routeNames()).containsExactly("main");
        assertThat(c.catalog().find(ModelId.of("gpt-image-3"))).isPresent();
        assertThat(c.source()).isEqualTo(SOURCE);
        try (ImageGenerator route = c.openDefault()) {
            assertThat(route.providerId()).isEqualTo("main");
        }
    }

    @Test
    void should_name_the_path_and_suggest_a_key_without_a_line_when_a_setting_is_unknown() {
        Map<String, Object> tree = Map.of("generators", Map.of("g", Map.of("provider", "fake", "apikey", "k")));

        assertThatThrownBy(() -> read(tree))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(SOURCE + " (generators.g.apikey): unknown setting 'apikey' for provider fake; "
                        + "did you mean 'api-key'?");
    }

    @Test
    void should_refuse_an_empty_tree_with_what_it_needs() {
        assertThatThrownBy(() -> read(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(SOURCE + ": the configuration is empty; it needs at least 'generators'");
    }

    @Test
    void should_name_a_missing_variable_left_in_a_value_when_its_generator_is_opened() {
        Map<String, Object> tree = Map.of("generators", Map.of("g", Map.of("provider", "fake",
                "api-key", "${NOT_SET_ANYWHERE}")));

        assertThatThrownBy(() -> read(tree).open("g"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(SOURCE + " (generators.g.api-key): environment variable NOT_SET_ANYWHERE is not set");
    }
}
