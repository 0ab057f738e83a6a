package dev.imagegen4j.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.Background;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.Quality;
import dev.imagegen4j.ResponseFormat;
import dev.imagegen4j.spi.ProviderSettings;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureGeneratorTest {

    private static final String KEY = "azure-key-0123456789abcdef";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.create(b -> b.apiKey(KEY)
            .azureDeployment("img2-prod", "gpt-image-2").azureDeployment("dalle3", "dall-e-3"));

    private ImageApiEmulator emu;

    @BeforeEach
    void setUp() {
        emu = EMULATOR.emulator();
    }

    private AzureImageGenerator.Builder azure(AzureUrlStyle style) {
        return AzureImageGenerator.builder().endpoint(emu.baseUrl()).apiKey(KEY).urlStyle(style)
                .deployment(ModelId.GPT_IMAGE_2, "img2-prod").deployment(ModelId.DALL_E_3, "dalle3");
    }

    static byte[] png(int w, int h, int type) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(w, h, type), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void should_generate_and_edit_with_gpt_image_2_on_a_deployment_at_low_quality() {
        try (ImageGenerator azure = azure(AzureUrlStyle.V1).build()) {
            ImageResult generated = azure.generate(ImageRequest.builder().prompt("a lighthouse")
                    .model(ModelId.GPT_IMAGE_2).quality(Quality.LOW).build());
            ImageResult edited = azure.generate(ImageRequest.builder().prompt("add a boat").model(ModelId.GPT_IMAGE_2)
                    .quality(Quality.LOW).image(ImageInput.of(generated.image().bytes(), "lighthouse.png"))
                    .mask(ImageInput.of(png(generated.image().width(), generated.image().height(),
                            BufferedImage.TYPE_INT_ARGB), "mask.png"))
                    .build());

            assertThat(generated.wireModel()).isEqualTo("img2-prod");
            assertThat(edited.images()).hasSize(1);
            RecordedRequest gen = emu.journal().posts().get(0);
            RecordedRequest edit = emu.journal().posts().get(1);
            assertThat(gen.json().orElseThrow().toString())
                    .isEqualTo("{\"model\":\"img2-prod\",\"prompt\":\"a lighthouse\",\"quality\":\"low\"}");
            assertThat(edit.path()).isEqualTo("/openai/v1/images/edits");
            assertThat(edit.param("model")).contains("img2-prod");
            assertThat(edit.param("quality")).contains("low");
            assertThat(edit.parts("image[]")).hasSize(1);
            assertThat(edit.part("mask")).isPresent();
            assertThat(edited.requestId()).contains(edit.requestId());
        }
    }

    @Test
    void should_send_the_key_only_as_api_key_and_the_deployment_in_the_path_on_the_classic_form() {
        try (ImageGenerator azure = azure(AzureUrlStyle.CLASSIC).apiVersion("2025-04-01-preview").build()) {
            azure.generate(ImageRequest.builder().prompt("x").quality(Quality.LOW).build());
        }

        RecordedRequest wire = emu.journal().last();
        assertThat(wire.path()).isEqualTo("/openai/deployments/img2-prod/images/generations");
        assertThat(wire.queryParam("api-version")).contains("2025-04-01-preview");
        assertThat(wire.header("api-key")).contains(KEY);
        assertThat(wire.headers()).doesNotContainKey("authorization");
        assertThat(wire.json().orElseThrow().has("model")).isFalse();
    }

    @Test
    void should_fail_before_sending_when_a_model_has_no_deployment_and_name_the_mappings() {
        try (ImageGenerator azure = azure(AzureUrlStyle.V1).build()) {
            assertThatThrownBy(() -> azure.generate(ImageRequest.builder().prompt("x").model("gpt-image-1").build()))
                    .isInstanceOf(ModelNotFoundException.class)
                    .hasMessageContaining("gpt-image-1")
                    .hasMessageContaining("dall-e-3 -> dalle3, gpt-image-2 -> img2-prod");
        }
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_reject_webp_and_transparent_jpeg_naming_azure_before_sending() {
        try (ImageGenerator azure = azure(AzureUrlStyle.V1).clock(JANUARY_2026).build()) {
            assertThatThrownBy(() -> azure.generate(ImageRequest.builder().prompt("x")
                    .outputFormat(OutputFormat.WEBP).build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("webp").hasMessageContaining("Azure OpenAI does not offer webp");
            assertThatThrownBy(() -> azure.generate(ImageRequest.builder().prompt("x")
                    .background(Background.TRANSPARENT).outputFormat(OutputFormat.JPEG).build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("needs output format png");
            assertThatThrownBy(() -> azure.generate(ImageRequest.builder().prompt("x").model(ModelId.DALL_E_3).n(2)
                    .build()))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("n 2");
            assertThat(azure.capabilities(ModelId.GPT_IMAGE_2).outputFormats())
                    .containsExactlyInAnyOrder(OutputFormat.PNG, OutputFormat.JPEG);
            assertThat(azure.capabilities(ModelId.GPT_IMAGE_2).supports(ImageOperation.VARIATION)).isFalse();
            assertThat(azure.capabilities(ModelId.GPT_IMAGE_2).notes()).anyMatch(n -> n.contains("quality"));
        }
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_generate_a_transparent_png() {
        try (ImageGenerator azure = azure(AzureUrlStyle.V1).build()) {
            ImageResult r = azure.generate(ImageRequest.builder().prompt("a sticker").quality(Quality.LOW)
                    .background(Background.TRANSPARENT).build());
            assertThat(r.image().format()).isEqualTo(OutputFormat.PNG);
        }
        assertThat(emu.journal().last().param("background")).contains("transparent");
    }

    /** Azure retired dall-e-3 on 2026-03-04: these tests run as a user did in January 2026. */
    private static final Clock JANUARY_2026 = Clock.fixed(Instant.parse("2026-01-15T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void should_fail_fast_for_dall_e_3_after_azure_retired_it() {
        try (ImageGenerator azure = azure(AzureUrlStyle.CLASSIC).build()) {
            assertThatThrownBy(() -> azure.generate(ImageRequest.builder().prompt("x").model(ModelId.DALL_E_3).build()))
                    .isInstanceOf(dev.imagegen4j.ModelNotFoundException.class)
                    .hasMessageContaining("dall-e-3 was shut down by azure on 2026-03-04");
        }
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_put_per_image_content_filter_results_in_the_image_metadata() {
        try (ImageGenerator azure = azure(AzureUrlStyle.CLASSIC).clock(JANUARY_2026).build()) {
            ImageResult r = azure.generate(ImageRequest.builder().prompt("a fox").model(ModelId.DALL_E_3).build());

            assertThat(r.image().metadata()).containsKeys("content_filter_results", "prompt_filter_results");
            assertThat(r.image().metadata().get("prompt_filter_results").toString()).contains("jailbreak");
            assertThat(r.image().revisedPrompt()).isPresent();
            assertThat(r.requestId()).contains(emu.journal().last().requestId());
        }
    }

    @Test
    void should_download_url_results_without_sending_credentials() {
        try (ImageGenerator azure = azure(AzureUrlStyle.CLASSIC).clock(JANUARY_2026).build()) {
            ImageResult r = azure.generate(ImageRequest.builder().prompt("a fox").model(ModelId.DALL_E_3)
                    .responseFormat(ResponseFormat.URL).build());

            assertThat(r.image().url()).isPresent();
            assertThat(r.image().bytes()).isNotEmpty();
        }
        RecordedRequest download = emu.journal().all().stream().filter(q -> q.method().equals("GET"))
                .findFirst().orElseThrow();
        assertThat(download.path()).startsWith("/files/");
        assertThat(download.headers()).doesNotContainKeys("api-key", "authorization");
    }

    @Test
    void should_map_azure_content_filter_errors_with_their_filter_results() {
        try (ImageGenerator azure = azure(AzureUrlStyle.CLASSIC).clock(JANUARY_2026).build()) {
            emu.enqueue(Fault.contentPolicy());
            assertThatThrownBy(() -> azure.generate(ImageRequest.builder().prompt("x").model(ModelId.DALL_E_3)
                    .build()))
                    .isInstanceOfSatisfying(ContentPolicyException.class, e -> {
                        assertThat(e.categories()).containsExactly("violence");
                        assertThat(e.requestId()).contains(emu.journal().last().requestId());
                        assertThat(e.providerCode()).contains("content_policy_violation");
                    });
            emu.enqueue(Fault.contentPolicy());
            assertThatThrownBy(() -> azure.generate(ImageRequest.builder().prompt("x").build()))
                    .isInstanceOfSatisfying(ContentPolicyException.class,
                            e -> assertThat(e.providerCode()).contains("contentFilter"));
        }
    }

    @Test
    void should_map_a_deployment_the_service_does_not_know_to_model_not_found() {
        try (ImageGenerator azure = AzureImageGenerator.builder().endpoint(emu.baseUrl()).apiKey(KEY)
                .deployment("gpt-image-2", "no-such-deployment").build()) {
            assertThatThrownBy(() -> azure.generate(ImageRequest.builder().prompt("x").build()))
                    .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("HTTP 404");
        }
    }

    @Test
    void should_reject_invalid_configuration_naming_the_setting() {
        assertThatThrownBy(() -> AzureImageGenerator.builder().endpoint(emu.baseUrl()).apiKey(KEY)
                .tokenSupplier(() -> AzureToken.of("t", java.time.Instant.MAX)).deployment("gpt-image-2", "d").build())
                .hasMessageContaining("exactly one authentication style");
        assertThatThrownBy(() -> AzureImageGenerator.builder().endpoint(emu.baseUrl())
                .deployment("gpt-image-2", "d").build())
                .hasMessageContaining("needs an authentication style");
        assertThatThrownBy(() -> AzureImageGenerator.builder().endpoint(emu.baseUrl()).apiKey(KEY).build())
                .hasMessageContaining("at least one deployment");
        assertThatThrownBy(() -> AzureImageGenerator.builder().apiKey(KEY).deployment("gpt-image-2", "d").build())
                .hasMessageContaining("endpoint is required");
        assertThatThrownBy(() -> AzureImageGenerator.builder().endpoint("https://x.openai.azure.com/openai/v1/")
                .apiKey(KEY).deployment("gpt-image-2", "d").build())
                .hasMessageContaining("without /openai");
        assertThatThrownBy(() -> AzureImageGenerator.builder().endpoint("http://x.openai.azure.com")
                .apiKey(KEY).deployment("gpt-image-2", "d").build())
                .hasMessageContaining("https is required");
        assertThatThrownBy(() -> AzureImageGenerator.builder().endpoint("https://x.openai.azure.com")
                .apiKey(KEY).deployment("gpt-image-2", "my deployment").build())
                .hasMessageContaining("deployment 'my deployment'");
    }

    @Test
    void should_accept_every_azure_host_form_and_keep_a_gateway_path_prefix() {
        for (String host : new String[] {"https://contoso.openai.azure.com/", "https://contoso.services.ai.azure.com",
                "https://contoso.cognitiveservices.azure.com", "https://ai.contoso.com/aoai-gateway/"}) {
            try (AzureImageGenerator g = AzureImageGenerator.builder().endpoint(host).apiKey(KEY)
                    .deployment("gpt-image-2", "img2").build()) {
                assertThat(g.toString()).doesNotContain(KEY);
            }
        }
    }

    @Test
    void should_be_found_by_service_loader_and_created_from_settings() {
        ProviderSettings settings = ProviderSettings.of(Map.of("endpoint", emu.baseUrl(), "api-key", KEY,
                "url-style", "classic", "deployments", Map.of("gpt-image-2", "img2-prod"), "quality", "low"));
        try (ImageGenerator azure = ImageGenerators.create("azure", settings)) {
            ImageResult r = azure.generate(ImageRequest.builder().prompt("x").build());
            assertThat(r.providerId()).isEqualTo("azure");
        }
        RecordedRequest wire = emu.journal().last();
        assertThat(wire.path()).isEqualTo("/openai/deployments/img2-prod/images/generations");
        assertThat(wire.param("quality")).contains("low");
    }

    @Test
    void should_reject_conflicting_or_unknown_settings() {
        assertThatThrownBy(() -> new AzureProvider().create(ProviderSettings.of(Map.of("endpoint", emu.baseUrl(),
                "api-key", KEY, "ad-token", "tok", "deployments", Map.of("gpt-image-2", "d")))))
                .hasMessageContaining("exactly one of 'api-key', 'entra-id: true' and 'ad-token'");
        assertThatThrownBy(() -> new AzureProvider().create(ProviderSettings.of(Map.of("endpoint", emu.baseUrl(),
                "api-key", KEY, "url-style", "v2", "deployments", Map.of("gpt-image-2", "d")))))
                .hasMessageContaining("url-style 'v2': must be classic or v1");
        assertThatThrownBy(() -> new AzureProvider().create(ProviderSettings.of(Map.of("endpoint", emu.baseUrl(),
                "api-key", KEY, "deployment", Map.of("gpt-image-2", "d")))))
                .hasMessageContaining("did you mean 'deployments'");
        assertThatThrownBy(() -> new AzureProvider().create(ProviderSettings.of(Map.of("endpoint", emu.baseUrl(),
                "deployments", Map.of("gpt-image-2", "d")))))
                .hasMessageContaining("needs 'api-key', 'entra-id: true' or 'ad-token'");
    }
}
