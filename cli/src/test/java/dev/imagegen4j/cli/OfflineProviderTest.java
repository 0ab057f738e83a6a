package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --provider ID} with none of the provider's key, token or base-URL variables set runs offline against the
 * built-in emulator's endpoint for that provider (the README's {@code --provider google} and {@code --provider
 * replicate} lines), says so on stderr naming the variable to set, and is labelled as the emulator in the result;
 * with one of them set it is the real vendor (and a missing key is a configuration error, never the emulator).
 */
class OfflineProviderTest extends InProcessCliTest {

    @Test
    void should_generate_a_16_9_2k_fox_with_gemini_offline_when_no_google_variable_is_set() throws Exception {
        int code = run(Map.of(), "generate", "a fox", "--provider", "google", "--aspect-ratio", "16:9",
                "--resolution", "2K", "-o", "fox.png", "--json");

        assertThat(code).as(err()).isZero();
        BufferedImage fox = ImageIO.read(dir.resolve("fox.png").toFile());
        assertThat(fox.getWidth()).isEqualTo(2752);
        assertThat(fox.getHeight()).isEqualTo(1536);
        assertThat(err()).contains("--provider google without GEMINI_API_KEY or GOOGLE_API_KEY set")
                .contains("built-in emulator").contains("Set GEMINI_API_KEY to use the real vendor");
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.toString()).contains("emulator").contains("google").contains("gemini-3.1-flash-image");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "openai, OPENAI_API_KEY",
        "azure, AZURE_OPENAI_API_KEY",
        "aimlapi, AIMLAPI_API_KEY",
        "replicate, REPLICATE_API_TOKEN",
        "fal, FAL_KEY",
        "openrouter, OPENROUTER_API_KEY"})
    void should_run_offline_against_the_emulators_endpoint_for_the_provider(String provider, String variable)
            throws Exception {
        int code = run(Map.of(), "generate", "a fox", "--provider", provider, "-o", "fox.png");

        assertThat(code).as(err()).isZero();
        assertThat(ImageIO.read(dir.resolve("fox.png").toFile()).getWidth()).isEqualTo(1024);
        assertThat(err()).contains("--provider " + provider + " without " + variable)
                .contains("uses the built-in emulator's " + provider + " endpoint");
        assertThat(out()).startsWith("saved ")
                .contains("emulator via " + provider);
    }

    @ParameterizedTest(name = "{0} with {1} set")
    @CsvSource({
        "openai, OPENAI_BASE_URL, https://images.example.test/v1",
        "google, GEMINI_BASE_URL, https://images.example.test",
        "replicate, REPLICATE_BASE_URL, https://images.example.test/v1",
        "openrouter, OPENROUTER_BASE_URL, https://images.example.test/api/v1",
        "azure, AZURE_OPENAI_DEPLOYMENT, img2-prod"})
    void should_treat_a_named_vendor_url_without_a_key_as_a_configuration_error_not_the_emulator(String provider,
            String variable, String url) {
        int code = run(Map.of(variable, url), "generate", "a fox", "--provider", provider, "-o", "fox.png");

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains("configuration error").doesNotContain("emulator");
        assertThat(dir.resolve("fox.png")).doesNotExist();
    }
}
