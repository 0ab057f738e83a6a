package dev.imagegen4j.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import dev.imagegen4j.spi.ProviderSettings;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.EmulatorExtension;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code google} provider: discovery, settings, the environment fallbacks. */
class GoogleProviderTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create(b -> b.apiKey("gemini-key-1"));

    private static ProviderSettings.Builder settings() {
        return ProviderSettings.builder().put("base-url", emu.emulator().baseUrl(Dialect.GEMINI));
    }

    @Test
    void should_be_found_by_service_loader_under_the_id_google() {
        assertThat(ServiceLoader.load(ImageGeneratorProvider.class).stream().map(p -> p.get().id()))
                .contains("google");
    }

    @Test
    void should_take_gemini_api_key_before_google_api_key_from_the_environment() {
        try (ImageGenerator g = ImageGenerators.create("google", settings().environment(Map.of(
                "GEMINI_API_KEY", "gemini-key-1", "GOOGLE_API_KEY", "google-key-2")).build())) {
            ImageResult r = g.generate(ImageRequest.builder().prompt("a fox").aspectRatio("16:9").build());
            assertThat(r.images()).hasSize(1);
        }
        assertThat(emu.emulator().journal().last().header("x-goog-api-key")).contains("gemini-key-1");
        try (ImageGenerator g = ImageGenerators.create("google", settings().environment(Map.of(
                "GOOGLE_API_KEY", "gemini-key-1")).build())) {
            g.generate(ImageRequest.builder().prompt("a fox").build());
        }
        assertThat(emu.emulator().journal().last().path())
                .isEqualTo("/gemini/v1beta/models/gemini-3.1-flash-image:generateContent");
    }

    @Test
    void should_refuse_bad_settings_naming_them_without_showing_secrets() {
        assertThatThrownBy(() -> ImageGenerators.create("google", settings().build()))
                .hasMessageContaining("GEMINI_API_KEY or GOOGLE_API_KEY");
        assertThatThrownBy(() -> ImageGenerators.create("google", settings().put("api-key", "k").put("apikey", "x")
                .build())).hasMessageContaining("did you mean 'api-key'");
        assertThatThrownBy(() -> ImageGenerators.create("google", settings().put("api-key", "k")
                .put("url-style", "vertx").build())).hasMessageContaining("expected gemini or vertex");
        assertThatThrownBy(() -> ImageGenerators.create("google", settings().put("url-style", "vertex")
                .put("project", "p").put("api-key", "secret-vertex-key").build()))
                .hasMessageContaining("needs 'access-token'").hasMessageNotContaining("secret-vertex-key");
        assertThatThrownBy(() -> ImageGenerators.create("google", settings().put("project", "p")
                .put("api-key", "k").build())).hasMessageContaining("url-style: vertex only");
    }

    @Test
    void should_use_vertex_with_a_fixed_access_token_from_settings() {
        try (ImageGenerator g = ImageGenerators.create("google", settings().put("url-style", "vertex")
                .put("project", "proj-7").put("location", "europe-west4").put("access-token", "gemini-key-1")
                .build())) {
            g.generate(ImageRequest.builder().prompt("a fox").build());
        }
        assertThat(emu.emulator().journal().last().path()).startsWith(
                "/gemini/v1/projects/proj-7/locations/europe-west4/publishers/google/models/");
        assertThat(emu.emulator().journal().last().header("authorization")).contains("Bearer gemini-key-1");
    }
}
