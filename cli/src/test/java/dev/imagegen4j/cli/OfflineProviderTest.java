package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
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
    @ParameterizedTest(name = "{0} with {1} set but empty")
    @CsvSource({
        "openai, OPENAI_API_KEY",
        "google, GEMINI_API_KEY",
        "replicate, REPLICATE_API_TOKEN",
        "fal, FAL_KEY",
        "azure, AZURE_OPENAI_API_KEY"})
    void should_refuse_a_key_variable_that_is_set_but_empty_instead_of_running_offline(String provider,
            String variable) {
        int code = run(Map.of(variable, ""), "generate", "a fox", "--provider", provider, "-o", "fox.png");

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains(variable + " is set but empty").doesNotContain("uses the built-in emulator");
        assertThat(dir.resolve("fox.png")).doesNotExist();
    }

    @Test
    void should_refuse_an_empty_openai_key_without_a_provider_instead_of_running_offline() {
        int code = run(Map.of("OPENAI_API_KEY", " "), "generate", "a fox", "-o", "fox.png");

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains("OPENAI_API_KEY is set but empty").doesNotContain("uses the built-in emulator");
        assertThat(dir.resolve("fox.png")).doesNotExist();
    }

    @Test
    void should_not_count_a_batch_done_by_the_emulator_as_done_for_a_real_vendor() throws Exception {
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"id\": \"a\", \"prompt\": \"a fox\"}\n"
                + "{\"id\": \"b\", \"prompt\": \"a hen\"}\n");
        // first without a key: the built-in emulator makes placeholders
        assertThat(run(Map.of(), "batch", "jobs.jsonl", "--out", "out")).as(err()).isZero();
        assertThat(Files.readString(dir.resolve("out/manifest.jsonl"))).contains("\"emulator\":true");

        // then with a key (a vendor played by a second emulator): refused before sending, naming the jobs
        try (ImageApiEmulator vendor = ImageApiEmulator.builder().apiKey("sk-real-vendor-key-1234").start()) {
            captureStreams();
            int code = run(Map.of("OPENAI_API_KEY", "sk-real-vendor-key-1234", "OPENAI_BASE_URL",
                    vendor.baseUrl() + "/v1"), "batch", "jobs.jsonl", "--out", "out", "--provider", "openai");

            assertThat(code).isEqualTo(ExitCodes.OUTPUT_REFUSED);
            assertThat(err()).contains("2 job(s) done by the built-in emulator (placeholder images: a, b)")
                    .contains("Use another --out directory").doesNotContain("sk-real-vendor-key-1234");
            assertThat(vendor.journal().posts()).isEmpty();

            // a new directory works, and a re-run against the emulator on the first one still skips its own jobs
            captureStreams();
            assertThat(run(Map.of("OPENAI_API_KEY", "sk-real-vendor-key-1234", "OPENAI_BASE_URL",
                    vendor.baseUrl() + "/v1"), "batch", "jobs.jsonl", "--out", "real", "--provider", "openai"))
                    .as(err()).isZero();
            assertThat(vendor.journal().posts()).hasSize(2);
            assertThat(Files.readString(dir.resolve("real/manifest.jsonl"))).doesNotContain("\"emulator\"");
            captureStreams();
            assertThat(run(Map.of(), "batch", "jobs.jsonl", "--out", "out")).as(err()).isZero();
            assertThat(out()).contains("0 done, 2 already done");
        }
    }
}
