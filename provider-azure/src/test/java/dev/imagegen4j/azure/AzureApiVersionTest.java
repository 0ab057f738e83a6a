package dev.imagegen4j.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.spi.ProviderSettings;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a dated api-version means, and GA api-versions that cannot carry gpt-image models, decided before sending. */
class AzureApiVersionTest {

    private static final String KEY = "azure-key-api-version-0001";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.create(b -> b.apiKey(KEY)
            .azureDeployment("img2-prod", "gpt-image-2").azureDeployment("flare", "gpt-image-2.5-flare")
            .azureDeployment("dalle3", "dall-e-3"));

    private ImageApiEmulator emu;

    @BeforeEach
    void setUp() {
        emu = EMULATOR.emulator();
    }

    private AzureImageGenerator.Builder azure() {
        return AzureImageGenerator.builder().endpoint(emu.baseUrl()).apiKey(KEY)
                .deployment(ModelId.GPT_IMAGE_2, "img2-prod").deployment(ModelId.GPT_IMAGE_2_5_FLARE, "flare")
                .deployment(ModelId.DALL_E_3, "dalle3");
    }

    @Test
    void should_use_the_classic_url_form_for_a_dated_api_version_when_no_url_style_is_set() {
        // the CLI's seed user: OPENAI_API_VERSION=2025-04-01-preview and nothing else
        try (ImageGenerator g = ImageGenerators.create("azure", ProviderSettings.builder().environment(Map.of(
                "AZURE_OPENAI_API_KEY", KEY)).put("endpoint", emu.baseUrl()).put("api-version", "2025-04-01-preview")
                .put("deployments", Map.of("gpt-image-2", "img2-prod")).build())) {
            g.generate(ImageRequest.builder().prompt("a fox").build());
        }
        assertThat(emu.journal().last().path()).isEqualTo("/openai/deployments/img2-prod/images/generations");
        assertThat(emu.journal().last().query()).contains("api-version=2025-04-01-preview");
    }

    @Test
    void should_refuse_a_dated_api_version_with_the_v1_url_form_naming_the_fix() {
        assertThatThrownBy(() -> azure().urlStyle(AzureUrlStyle.V1).apiVersion("2025-04-01-preview").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("api-version '2025-04-01-preview' is a dated version of the classic URL form")
                .hasMessageContaining("Set url-style: classic");
        try (ImageGenerator v1 = azure().urlStyle(AzureUrlStyle.V1).apiVersion("preview").build()) {
            v1.generate(ImageRequest.builder().prompt("a fox").model(ModelId.GPT_IMAGE_2).build());
        }
        assertThat(emu.journal().last().path()).isEqualTo("/openai/v1/images/generations");
    }

    @Test
    void should_refuse_gpt_image_models_and_edits_on_a_ga_api_version_before_sending() {
        try (ImageGenerator ga = azure().urlStyle(AzureUrlStyle.CLASSIC).apiVersion("2024-10-21").build()) {
            assertThatThrownBy(() -> ga.generate(ImageRequest.builder().prompt("a fox").model(ModelId.GPT_IMAGE_2)
                    .build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("api-version 2024-10-21 (GA) carries only dall-e-3 generations on the classic "
                            + "URL form, so gpt-image-2 cannot be called with it: use api-version 2025-04-01-preview or "
                            + "later, or url-style v1 (nothing was sent)");
            byte[] png = AzureGeneratorTest.png(64, 64, java.awt.image.BufferedImage.TYPE_INT_ARGB);
            assertThatThrownBy(() -> ga.generate(ImageRequest.builder().prompt("a fox")
                    .model(ModelId.GPT_IMAGE_2_5_FLARE).image(ImageInput.of(png, "a.png")).build()))
                    .hasMessageContaining("gpt-image-2.5-flare cannot be called with it");
        }
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_take_2026_models_on_a_deployment_and_blame_azure_not_the_model_for_webp() {
        try (ImageGenerator g = azure().build()) {
            assertThat(g.generate(ImageRequest.builder().prompt("a fox").model(ModelId.GPT_IMAGE_2_5_FLARE)
                    .quality(dev.imagegen4j.Quality.XHIGH).build()).images()).hasSize(1);
            assertThatThrownBy(() -> g.generate(ImageRequest.builder().prompt("a fox").model(ModelId.GPT_IMAGE_2_5_FLARE)
                    .outputFormat(dev.imagegen4j.OutputFormat.WEBP).build()))
                    .hasMessageContaining("Azure OpenAI does not offer webp");
        }
        assertThat(emu.journal().posts()).hasSize(1);
        assertThat(emu.journal().last().deployment()).contains("flare");
    }
}
