package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AzureDialectTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create(b -> b.azureDeployment("img2-prod", "gpt-image-2")
            .azureDeployment("dalle3", "dall-e-3").azureDeployment("img1", "gpt-image-1").apiKey("azure-key-123")
            .azureDeployment("flare", "gpt-image-2.5-flare").azureDeployment("sunburst26", "gpt-image-2.6-sunburst")
            .azureDeployment("flare-pinned", "gpt-image-2.5-flare-2026-09-08").azureRegion("swedencentral")
            .enforceRetirements(true));

    private static String classic(String deployment, String op, String apiVersion) {
        return emu.emulator().baseUrl(Dialect.AZURE) + "/openai/deployments/" + deployment + "/images/" + op
                + (apiVersion == null ? "" : "?api-version=" + apiVersion);
    }

    private static String v1(String op) {
        return emu.emulator().baseUrl(Dialect.AZURE) + "/openai/v1/images/" + op + "?api-version=preview";
    }

    private static final String[] KEY = {"api-key", "azure-key-123"};

    @Test
    void should_generate_with_usage_and_azure_headers_when_classic_route_and_api_key() {
        Http.Reply r = Http.postJson(classic("img2-prod", "generations", "2025-04-01-preview"),
                "{\"prompt\":\"a harbour\",\"size\":\"1024x1024\"}", KEY);

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("created").asLong()).isPositive();
        assertThat(body.has("output_format")).isFalse(); // Azure sends created, data, usage
        // quality defaults to high on Azure: 4160 tokens for 1024x1024
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(4160);
        assertThat(Http.decodeB64(body.at("/data/0/b64_json").asText()).getWidth()).isEqualTo(1024);
        assertThat(r.header("apim-request-id")).isNotBlank().isEqualTo(r.header("x-request-id"));
        assertThat(r.header("x-ms-region")).isEqualTo("swedencentral");
    }

    @Test
    void should_use_model_field_as_deployment_when_v1_route_with_bearer() {
        Http.Reply r = Http.postJson(v1("generations"), "{\"model\":\"img2-prod\",\"prompt\":\"x\",\"size\":\"1536x864\"}",
                Http.bearer("azure-key-123"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(Http.decodeB64(r.json().at("/data/0/b64_json").asText()).getHeight()).isEqualTo(864);
    }

    @Test
    void should_return_per_item_filter_results_when_dall_e_3_deployment() {
        Http.Reply r = Http.postJson(classic("dalle3", "generations", "2024-10-21"),
                "{\"prompt\":\"a fox\",\"n\":1}", KEY);

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        JsonNode item = r.json().at("/data/0");
        assertThat(item.get("url").asText()).startsWith(emu.emulator().baseUrl() + "/files/");
        assertThat(item.get("revised_prompt").asText()).contains("a fox");
        assertThat(item.at("/content_filter_results/violence/severity").asText()).isEqualTo("safe");
        assertThat(item.at("/prompt_filter_results/jailbreak/detected").asBoolean()).isFalse();
        assertThat(r.json().has("usage")).isFalse();
    }

    @Test
    void should_answer_400_when_dall_e_3_n_above_1() {
        Http.Reply r = Http.postJson(classic("dalle3", "generations", "2024-10-21"), "{\"prompt\":\"x\",\"n\":2}", KEY);

        assertThat(r.status).isEqualTo(400);
        assertThat(r.json().at("/error/param").asText()).isEqualTo("n");
    }

    @Test
    void should_answer_401_in_azure_shape_when_key_wrong_or_missing() {
        Http.Reply wrong = Http.postJson(classic("img2-prod", "generations", "2025-04-01-preview"), "{\"prompt\":\"x\"}",
                "api-key", "nope");
        Http.Reply missing = Http.postJson(classic("img2-prod", "generations", "2025-04-01-preview"),
                "{\"prompt\":\"x\"}");

        assertThat(wrong.status).isEqualTo(401);
        assertThat(wrong.json().at("/error/code").asText()).isEqualTo("401");
        assertThat(missing.status).isEqualTo(401);
    }

    @Test
    void should_answer_404_deployment_not_found_when_deployment_unknown() {
        Http.Reply classic = Http.postJson(classic("nope", "generations", "2025-04-01-preview"), "{\"prompt\":\"x\"}",
                KEY);
        Http.Reply v1 = Http.postJson(v1("generations"), "{\"model\":\"nope\",\"prompt\":\"x\"}", KEY);

        assertThat(classic.status).isEqualTo(404);
        assertThat(classic.json().at("/error/code").asText()).isEqualTo("DeploymentNotFound");
        assertThat(v1.json().at("/error/code").asText()).isEqualTo("DeploymentNotFound");
    }

    @Test
    void should_answer_404_when_classic_route_lacks_api_version() {
        Http.Reply r = Http.postJson(classic("img2-prod", "generations", null), "{\"prompt\":\"x\"}", KEY);

        assertThat(r.status).isEqualTo(404);
        assertThat(r.json().at("/error/message").asText()).isEqualTo("Resource not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-05-15", "2025-03-01-preview", "banana"})
    void should_answer_400_when_api_version_not_supported(String version) {
        Http.Reply r = Http.postJson(classic("img2-prod", "generations", version), "{\"prompt\":\"x\"}", KEY);

        assertThat(r.status).isEqualTo(400);
        assertThat(r.json().at("/error/message").asText()).isEqualTo("API version not supported");
    }

    @Test
    void should_reject_v1_route_with_dated_api_version() {
        Http.Reply r = Http.postJson(emu.emulator().baseUrl() + "/openai/v1/images/generations?api-version=2024-10-21",
                "{\"model\":\"img2-prod\",\"prompt\":\"x\"}", KEY);

        assertThat(r.status).isEqualTo(400);
    }

    @Test
    void should_not_route_edits_when_api_version_is_ga() {
        Http.Reply r = new Http.Form().field("prompt", "x").file("image", "a.png", "image/png", Http.png(64, 64, false))
                .post(classic("img1", "edits", "2024-10-21"), KEY);

        assertThat(r.status).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"img1", "img2-prod", "flare", "sunburst26"})
    void should_reject_gpt_image_deployment_when_api_version_is_ga(String deployment) {
        Http.Reply r = Http.postJson(classic(deployment, "generations", "2024-10-21"), "{\"prompt\":\"x\"}", KEY);

        assertThat(r.status).isEqualTo(400);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("BadRequest");
        assertThat(r.json().at("/error/message").asText()).startsWith("Model gpt-image-")
                .endsWith(" is enabled only for api versions 2025-04-01-preview and later");
    }

    @Test
    void should_refuse_a_dated_api_version_on_the_v1_route_with_azures_body() {
        Http.Reply r = Http.postJson(emu.emulator().baseUrl() + "/openai/v1/images/generations?api-version="
                + "2025-04-01-preview", "{\"model\":\"flare\",\"prompt\":\"x\"}", KEY);

        assertThat(r.status).isEqualTo(400);
        assertThat(r.json()).isEqualTo(Http.JSON.createObjectNode().set("error", Http.JSON.createObjectNode()
                .put("code", "BadRequest").put("message", "API version not supported")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "preview"})
    void should_serve_2026_models_on_the_v1_route_with_usage_and_generation_ids(String apiVersion) {
        Http.Reply r = Http.postJson(emu.emulator().baseUrl() + "/openai/v1/images/generations?api-version="
                + apiVersion, "{\"model\":\"flare\",\"prompt\":\"x\",\"quality\":\"xhigh\",\"size\":\"2048x1152\"}",
                KEY);

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/data/0/generation_id").asText()).startsWith("gen_");
        assertThat(Http.decodeB64(r.json().at("/data/0/b64_json").asText()).getWidth()).isEqualTo(2048);
        RecordedRequest rec = emu.emulator().journal().last();
        assertThat(rec.model()).contains("gpt-image-2.5-flare");
        assertThat(rec.deployment()).contains("flare");
    }

    @Test
    void should_serve_2_6_svg_and_complexity_on_a_classic_preview_route() {
        Http.Reply r = Http.postJson(classic("sunburst26", "generations", "2025-04-01-preview"),
                "{\"prompt\":\"a logo\",\"output_format\":\"svg\",\"complexity\":\"medium\"}", KEY);
        Http.Reply pinned = Http.postJson(classic("flare-pinned", "generations", "2025-04-01-preview"),
                "{\"prompt\":\"x\",\"quality\":\"max\",\"size\":\"1024x1024\"}", KEY);

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("svg_usage").get("output_tokens").asInt()).isPositive();
        assertThat(new String(java.util.Base64.getDecoder().decode(r.json().at("/data/0/b64_json").asText()),
                java.nio.charset.StandardCharsets.UTF_8)).startsWith("<?xml").contains("<svg");
        assertThat(pinned.status).as(pinned.toString()).isEqualTo(200);
        assertThat(pinned.json().at("/usage/output_tokens").asInt()).isEqualTo(8320);
    }

    @Test
    void should_refuse_xhigh_on_a_gpt_image_2_deployment_naming_the_model() {
        Http.Reply r = Http.postJson(classic("img2-prod", "generations", "2025-04-01-preview"),
                "{\"prompt\":\"x\",\"quality\":\"xhigh\"}", KEY);

        assertThat(r.status).isEqualTo(400);
        assertThat(r.json().at("/error/message").asText())
                .isEqualTo("The model 'gpt-image-2' does not support quality 'xhigh'.");
        assertThat(r.json().at("/error/param").asText()).isEqualTo("quality");
    }

    @Test
    void should_keep_serving_gpt_image_1_and_dall_e_3_on_azure_when_retirements_are_enforced() {
        Http.Reply img1 = Http.postJson(classic("img1", "generations", "2025-04-01-preview"),
                "{\"prompt\":\"x\",\"quality\":\"low\"}", KEY);
        Http.Reply dalle = Http.postJson(classic("dalle3", "generations", "2024-10-21"), "{\"prompt\":\"x\"}", KEY);

        assertThat(img1.status).as(img1.toString()).isEqualTo(200);
        assertThat(dalle.status).as(dalle.toString()).isEqualTo(200);
    }

    @Test
    void should_edit_with_multipart_when_preview_api_version() {
        Http.Reply r = new Http.Form().field("prompt", "x").field("quality", "low")
                .file("image[]", "a.png", "image/png", Http.png(64, 64, false))
                .file("image[]", "b.png", "image/png", Http.png(64, 64, false))
                .post(classic("img1", "edits", "2025-04-01-preview"), KEY);

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/usage/input_tokens_details/image_tokens").asInt()).isEqualTo(2 * 194);
    }

    @Test
    void should_answer_400_when_output_format_is_webp() {
        Http.Reply r = Http.postJson(v1("generations"), "{\"model\":\"img2-prod\",\"prompt\":\"x\",\"output_format\":\"webp\"}",
                KEY);

        assertThat(r.status).isEqualTo(400);
        assertThat(r.json().at("/error/param").asText()).isEqualTo("output_format");
    }

    @Test
    void should_answer_content_policy_in_azure_shapes() {
        emu.emulator().enqueue(Fault.contentPolicy(), Fault.contentPolicy());
        Http.Reply dalle = Http.postJson(classic("dalle3", "generations", "2024-10-21"), "{\"prompt\":\"bad\"}", KEY);
        Http.Reply gpt = Http.postJson(v1("generations"), "{\"model\":\"img2-prod\",\"prompt\":\"bad\"}", KEY);

        assertThat(dalle.status).isEqualTo(400);
        assertThat(dalle.json().at("/error/code").asText()).isEqualTo("content_policy_violation");
        assertThat(dalle.json().at("/error/inner_error/code").asText()).isEqualTo("ResponsibleAIPolicyViolation");
        assertThat(dalle.json().at("/error/inner_error/content_filter_results/violence/filtered").asBoolean()).isTrue();
        assertThat(gpt.status).isEqualTo(400);
        assertThat(gpt.json().get("created").asLong()).isPositive();
        assertThat(gpt.json().at("/error/code").asText()).isEqualTo("contentFilter");
    }

    @Test
    void should_answer_429_with_string_code_and_retry_after_when_rate_limited() {
        emu.emulator().enqueue(Fault.rateLimited(java.time.Duration.ofSeconds(7)));
        Http.Reply r = Http.postJson(classic("img2-prod", "generations", "2025-04-01-preview"), "{\"prompt\":\"x\"}",
                KEY);

        assertThat(r.status).isEqualTo(429);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("429");
        assertThat(r.json().at("/error/message").asText()).contains("Please retry after 7 seconds");
        assertThat(r.header("retry-after")).isEqualTo("7");
    }

    @Test
    void should_stream_on_v1_route() {
        Http.Reply r = Http.postJson(v1("generations"), "{\"model\":\"img2-prod\",\"prompt\":\"x\",\"stream\":true,"
                + "\"partial_images\":1}", KEY);

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(Sse.parse(r.text)).extracting(e -> e.event)
                .containsExactly("image_generation.partial_image", "image_generation.completed");
    }

    @Test
    void should_accept_model_named_deployments_beside_configured_ones_when_asked() {
        try (ImageApiEmulator both = ImageApiEmulator.builder().azureDeployment("img2-prod", "gpt-image-2")
                .azureModelNamedDeployments(true).build();
                ImageApiEmulator configuredOnly = ImageApiEmulator.builder().azureDeployment("img2-prod", "gpt-image-2")
                        .build()) {
            String body = "{\"prompt\":\"x\",\"quality\":\"low\",\"size\":\"1024x1024\"}";
            String path = "/openai/deployments/%s/images/generations?api-version=2025-04-01-preview";

            assertThat(Http.postJson(both.baseUrl() + String.format(path, "img2-prod"), body, "api-key", "k").status)
                    .isEqualTo(200);
            assertThat(Http.postJson(both.baseUrl() + String.format(path, "gpt-image-2.6-flare"), body, "api-key", "k")
                    .status).isEqualTo(200);
            assertThat(Http.postJson(configuredOnly.baseUrl() + String.format(path, "gpt-image-2.6-flare"), body,
                    "api-key", "k").status).isEqualTo(404);
        }
    }

    @Test
    void should_reject_deployment_to_unknown_model_when_building() {
        assertThatThrownBy(() -> ImageApiEmulator.builder().azureDeployment("x", "dall-e-2").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dall-e-2");
    }
}
