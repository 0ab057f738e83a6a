package dev.imagegen4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.Secret;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryTest {

    @Test
    void should_find_a_provider_registered_in_meta_inf_services() {
        assertThat(ImageGenerators.installed()).containsOnlyKeys("fake");

        ImageGenerator g = ImageGenerators.create("fake", ProviderSettings.builder().put("api-key", "k").build());

        assertThat(g.providerId()).isEqualTo("fake");
    }

    @Test
    void should_list_installed_ids_and_load_failures_when_the_id_is_unknown() {
        assertThatThrownBy(() -> ImageGenerators.create("fak", ProviderSettings.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no image generator provider with id 'fak'; did you mean 'fake'?; installed: fake;"
                        + " failed to load: ")
                .hasMessageContaining("dev.imagegen4j.spi.BrokenProvider")
                .hasMessageContaining("missing native library");
    }

    @Test
    void should_fail_naming_both_classes_when_two_providers_share_an_id(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services/dev.imagegen4j.spi.ImageGeneratorProvider");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "dev.imagegen4j.spi.OtherFakeProvider\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> ImageGenerators.installed(loader))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("two image generator providers have the id 'fake': dev.imagegen4j.spi.FakeProvider and "
                            + "dev.imagegen4j.spi.OtherFakeProvider; remove one of them from the class path");
        }
    }

    @Test
    void should_suggest_the_closest_key_for_an_unknown_setting() {
        ProviderSettings settings = ProviderSettings.builder().name("primary").put("apikey", "k").build();

        assertThatThrownBy(() -> ImageGenerators.create("fake", settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("generator 'primary': unknown setting 'apikey' for provider fake; did you mean 'api-key'? "
                        + "(known: api-key, base-url)");
    }

    @Test
    void should_never_print_a_secret() {
        Secret secret = Secret.of("sk-live-123456");
        ProviderSettings settings = ProviderSettings.builder()
                .put("api-key", "sk-plain-abcdef").put("token", secret).put("base-url", "https://x.test").build();

        assertThat(secret).hasToString("***");
        assertThat(settings.toString())
                .isEqualTo("ProviderSettings[api-key=***, token=***, base-url=https://x.test]")
                .doesNotContain("sk-plain").doesNotContain("sk-live");
        assertThat(settings.secret("api-key")).hasValueSatisfying(s -> assertThat(s.reveal()).isEqualTo("sk-plain-abcdef"));
    }

    @Test
    void should_not_echo_a_secret_in_a_type_error() {
        ProviderSettings settings = ProviderSettings.builder().put("api-key", java.util.Map.of("x", "sk-nested")).build();

        assertThatThrownBy(() -> settings.string("api-key"))
                .hasMessage("setting 'api-key' must be a string (got ***)");
    }
}
