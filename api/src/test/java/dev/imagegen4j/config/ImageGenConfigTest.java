package dev.imagegen4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ModelId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGenConfigTest {

    private static final Map<String, String> ENV = Map.of("FAKE_KEY", "sk-from-env-123456");

    private static ImageGenConfig parse(String yaml) {
        return ImageGenConfig.parse(yaml.getBytes(StandardCharsets.UTF_8), "imagegen4j.yaml", false, ENV,
                ImageGenConfigTest.class.getClassLoader());
    }

    @Test
    void should_read_generators_routes_models_and_the_default() {
        ImageGenConfig c = parse("""
                default: main
                generators:
                  one:
                    provider: fake
                    api-key: ${FAKE_KEY}
                  two:
                    provider: fake
                    api-key: literal-key
                routes:
                  main: { failover: [one, two], retries: 1, breaker: { failures: 2, cooldown: 10s } }
                models:
                  gpt-image-3: { like: gpt-image-2 }
                """);

        assertThat(c.defaultName()).isEqualTo("main");
        assertThat(c.generatorNames()).containsExactly("one", "two");
        assertThat(c.routeNames()).containsExactly("main");
        assertThat(c.providerOf("one")).contains("fake");
        assertThat(c.catalog().find(ModelId.of("gpt-image-3"))).isPresent();
        try (ImageGenerator route = c.openDefault(); ImageGenerator one = c.open("one")) {
            assertThat(route.providerId()).isEqualTo("main");
            assertThat(one.providerId()).isEqualTo("fake");
        }
    }

    @Test
    void should_name_a_missing_environment_variable_and_its_line_when_its_generator_is_opened() {
        ImageGenConfig c = parse("""
                default: spare
                generators:
                  primary:
                    provider: fake
                    api-key: ${AZURE_OPENAI_API_KEY}
                  spare:
                    provider: fake
                    api-key: k
                """);

        assertThat(c.unresolved("primary")).containsExactly("imagegen4j.yaml line 5 (generators.primary.api-key): "
                + "environment variable AZURE_OPENAI_API_KEY is not set");
        try (ImageGenerator spare = c.openDefault()) {
            assertThat(spare.providerId()).isEqualTo("fake");
        }
        assertThatThrownBy(() -> c.open("primary"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("imagegen4j.yaml line 5 (generators.primary.api-key): environment variable "
                        + "AZURE_OPENAI_API_KEY is not set");
    }

    @Test
    void should_use_the_default_of_a_variable_when_it_is_unset() {
        ImageGenConfig c = parse("""
                generators:
                  g: { provider: fake, api-key: "${MISSING:-fallback-key}", base-url: "${BASE:-https://x.test}" }
                """);

        assertThat(c.open("g").providerId()).isEqualTo("fake");
    }

    @Test
    void should_suggest_the_closest_key_for_unknown_keys() {
        assertThatThrownBy(() -> parse("""
                generator:
                  g: { provider: fake, api-key: k }
                """))
                .hasMessage("imagegen4j.yaml line 1 (generator): unknown key 'generator'; did you mean 'generators'? "
                        + "(known: default, generators, models, quotas, routes)");
        assertThatThrownBy(() -> parse("""
                generators:
                  g:
                    provider: fake
                    apikey: k
                """))
                .hasMessage("imagegen4j.yaml line 4 (generators.g.apikey): unknown setting 'apikey' for provider fake; "
                        + "did you mean 'api-key'? (known: api-key, base-url)");
        assertThatThrownBy(() -> parse("""
                generators:
                  g: { provider: fake, api-key: k }
                routes:
                  r: { failover: [g], retry: 2 }
                """))
                .hasMessageContaining("(routes.r.retry): unknown key 'retry'; did you mean 'retries'?");
    }

    @Test
    void should_reject_unknown_providers_listing_the_installed_ones() {
        assertThatThrownBy(() -> parse("""
                generators:
                  g: { provider: azur, api-key: k }
                """))
                .hasMessageContaining("(generators.g.provider): no image generator provider with id 'azur'")
                .hasMessageContaining("installed: fake");
    }

    @Test
    void should_reject_duplicate_names() {
        assertThatThrownBy(() -> parse("""
                generators:
                  g: { provider: fake, api-key: k }
                  g: { provider: fake, api-key: k2 }
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Duplicate field 'g'");
        assertThatThrownBy(() -> parse("""
                generators:
                  g: { provider: fake, api-key: k }
                routes:
                  g: { failover: [g] }
                """))
                .hasMessageContaining("the name 'g' is used by a generator and a route");
    }

    @Test
    void should_reject_routes_to_unknown_generators_and_bad_values() {
        assertThatThrownBy(() -> parse("""
                generators:
                  backup: { provider: fake, api-key: k }
                routes:
                  r: { failover: [bakup] }
                """))
                .hasMessageContaining("'bakup' is not a generator; did you mean 'backup'? (generators: backup)");
        assertThatThrownBy(() -> parse("""
                generators:
                  g: { provider: fake, api-key: k }
                routes:
                  r: { failover: [g], retries: -1 }
                """))
                .hasMessageContaining("(routes.r.retries): -1 is out of range 0..100");
        assertThatThrownBy(() -> parse("""
                generators:
                  g: { provider: fake, api-key: k }
                routes:
                  r: { failover: [g], breaker: { cooldown: soon } }
                """))
                .hasMessageContaining("(routes.r.breaker.cooldown): must be a duration such as 10s");
    }

    @Test
    void should_require_a_default_when_ambiguous() {
        assertThatThrownBy(() -> parse("""
                generators:
                  a: { provider: fake, api-key: k }
                  b: { provider: fake, api-key: k }
                """))
                .hasMessage("imagegen4j.yaml (default): 'default' is required when there is more than one generator "
                        + "or route (defined: a, b)");
        assertThatThrownBy(() -> parse("""
                default: c
                generators:
                  a: { provider: fake, api-key: k }
                """))
                .hasMessageContaining("'default' names 'c', which is not defined (defined: a)");
    }

    @Test
    void should_reject_invalid_utf8_naming_the_line(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        byte[] head = "generators:\n  g: { provider: fake, api-key: k".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 3];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3;
        bytes[head.length + 1] = (byte) 0x28;
        bytes[head.length + 2] = '}';
        Files.write(file, bytes);

        assertThatThrownBy(() -> ImageGenConfig.load(file, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + " line 2: not valid UTF-8 (at byte " + head.length + ")");
    }

    @Test
    void should_read_json_files(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("imagegen4j.json");
        Files.writeString(file, "{\"generators\": {\"g\": {\"provider\": \"fake\", \"api-key\": \"${FAKE_KEY}\"}}}");

        assertThat(ImageGenConfig.load(file, ENV).defaultName()).isEqualTo("g");
    }

    @Test
    void should_name_a_missing_file_and_never_print_secrets() {
        assertThatThrownBy(() -> ImageGenConfig.load(Path.of("no/such/file.yaml"), ENV))
                .hasMessage("configuration file no/such/file.yaml does not exist");
        ImageGenConfig c = parse("""
                generators:
                  g: { provider: fake, api-key: "${FAKE_KEY}" }
                """);
        assertThat(c.toString()).doesNotContain("sk-from-env");
    }

    @Test
    void should_report_yaml_syntax_errors_with_the_line() {
        assertThatThrownBy(() -> parse("generators:\n  g: { provider: fake\n  h: [\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("imagegen4j.yaml line ");
    }
}
