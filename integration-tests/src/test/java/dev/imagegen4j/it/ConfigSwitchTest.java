package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.config.ConfigException;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Switching vendors is a one-line change in the config file: no code changes. */
class ConfigSwitchTest {

    private static ImageApiEmulator azureEmu;
    private static ImageApiEmulator openaiEmu;

    @BeforeAll
    static void start() {
        azureEmu = ImageApiEmulator.builder().azureDeployment("img2-prod", "gpt-image-2").start();
        openaiEmu = ImageApiEmulator.start();
    }

    @AfterAll
    static void stop() {
        azureEmu.close();
        openaiEmu.close();
    }

    private static String config(String defaultName) {
        return """
                default: %s
                generators:
                  azure:
                    provider: azure
                    endpoint: %s
                    api-key: ${AZURE_OPENAI_API_KEY}
                    deployments: { gpt-image-2: img2-prod }
                    quality: low
                  openai:
                    provider: openai
                    api-key: ${OPENAI_API_KEY}
                    base-url: %s/v1
                """.formatted(defaultName, azureEmu.baseUrl(), openaiEmu.baseUrl());
    }

    /** The same application code, whatever the file says. */
    private static ImageResult application(Path configFile, Map<String, String> env) {
        try (ImageGenerator images = ImageGenConfig.load(configFile, env).openDefault()) {
            return images.generate(ImageRequest.builder().prompt("a lighthouse").build());
        }
    }

    @Test
    void should_change_which_vendor_serves_the_request_when_only_the_default_changes(@TempDir Path dir)
            throws Exception {
        Map<String, String> env = Map.of("AZURE_OPENAI_API_KEY", "az-key-123456", "OPENAI_API_KEY", "sk-oa-123456");
        Path file = dir.resolve("imagegen4j.yaml");

        Files.writeString(file, config("azure"));
        ImageResult viaAzure = application(file, env);
        Files.writeString(file, config("openai"));
        ImageResult viaOpenAi = application(file, env);

        assertThat(viaAzure.providerId()).isEqualTo("azure");
        assertThat(viaAzure.wireModel()).isEqualTo("img2-prod");
        assertThat(azureEmu.journal().posts()).hasSize(1);
        assertThat(azureEmu.journal().last().header("api-key")).contains("az-key-123456");
        assertThat(viaOpenAi.providerId()).isEqualTo("openai");
        assertThat(openaiEmu.journal().posts()).hasSize(1);
        assertThat(openaiEmu.journal().last().header("authorization")).contains("Bearer sk-oa-123456");
    }

    @Test
    void should_explain_config_errors_naming_the_place(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("imagegen4j.yaml");
        Files.writeString(file, config("azure"));

        // an unset variable fails when its generator is opened, not when the file is read
        ImageGenConfig config = ImageGenConfig.load(file, Map.of("OPENAI_API_KEY", "k"));
        assertThatThrownBy(() -> config.open("azure"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + " line 6 (generators.azure.api-key): environment variable AZURE_OPENAI_API_KEY "
                        + "is not set");
        Files.writeString(file, config("azure").replace("deployments:", "deployment:"));
        assertThatThrownBy(() -> ImageGenConfig.load(file, Map.of("OPENAI_API_KEY", "k", "AZURE_OPENAI_API_KEY", "k")))
                .hasMessageContaining("unknown setting 'deployment' for provider azure; did you mean 'deployments'?");
    }
}
