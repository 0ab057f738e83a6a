package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AimlApiDialectTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create(b -> b.dialect(Dialect.AIMLAPI).aimlapiSuccessStatus(201));

    private static Http.Reply generate(String json) {
        return Http.postJson(emu.emulator().baseUrl(Dialect.AIMLAPI) + "/images/generations", json, Http.bearer("k"));
    }

    @Test
    void should_serve_url_from_emulator_with_null_created_and_meta_usage_when_response_format_defaults() {
        Http.Reply r = generate("{\"model\":\"openai/gpt-image-1-5\",\"prompt\":\"a kite\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(201);
        JsonNode body = r.json();
        assertThat(body.get("created").isNull()).isTrue();
        assertThat(body.at("/data/0/b64_json").isNull()).isTrue();
        assertThat(body.has("usage")).isFalse();
        // medium default: 1056 output tokens, 2 text tokens -> 20 + 42240 credits
        assertThat(body.at("/meta/usage/credits_used").asLong()).isEqualTo(10 * 2 + 40 * 1056);
        assertThat(body.at("/meta/usage/usd_spent").asDouble()).isEqualTo(0.02113);
        Http.Reply file = Http.get(body.at("/data/0/url").asText());
        assertThat(file.status).isEqualTo(200);
        assertThat(Http.decode(file.raw.body()).getWidth()).isEqualTo(1024);
    }

    @Test
    void should_return_b64_when_requested_for_gpt_image_model() {
        Http.Reply r = generate("{\"model\":\"openai/gpt-image-2\",\"prompt\":\"x\",\"response_format\":\"b64_json\","
                + "\"size\":\"1024x1536\",\"quality\":\"high\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(201);
        assertThat(r.json().at("/data/0/url").isNull()).isTrue();
        assertThat(Http.decodeB64(r.json().at("/data/0/b64_json").asText()).getHeight()).isEqualTo(1536);
    }

    @Test
    void should_also_answer_on_aimlapi_prefix() {
        Http.Reply r = Http.postJson(emu.emulator().baseUrl() + "/aimlapi/v1/images/generations",
                "{\"model\":\"dall-e-3\",\"prompt\":\"x\"}", Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(201);
        assertThat(r.json().at("/data/0/revised_prompt").asText()).contains("x");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"model\":\"openai/gpt-image-2\",\"prompt\":\"x\",\"n\":2}|<= 1",
        "{\"model\":\"openai/gpt-image-2\",\"prompt\":\"x\",\"size\":\"1536x864\"}|Supported values",
        "{\"model\":\"openai/gpt-image-2\",\"prompt\":\"x\",\"size\":\"auto\"}|Supported values",
        "{\"model\":\"openai/gpt-image-1\",\"prompt\":\"x\",\"quality\":\"auto\"}|Supported values",
        "{\"model\":\"gpt-image-1.5\",\"prompt\":\"x\"}|model",
        "{\"model\":\"openai/gpt-image-2\",\"prompt\":\"x\",\"stream\":true}|stream",
        "{\"prompt\":\"x\"}|model: Required",
    })
    void should_answer_flat_400_when_body_invalid(String json, String message) {
        Http.Reply r = generate(json);

        assertThat(r.status).as(r.toString()).isEqualTo(400);
        JsonNode body = r.json();
        assertThat(body.has("error")).isFalse();
        assertThat(body.get("message").asText()).startsWith("Body validation error!").contains(message);
        assertThat(body.get("statusCode").asText()).isEqualTo("400");
        assertThat(body.get("statusCode").isTextual()).isTrue();
        assertThat(body.get("path").asText()).isEqualTo("/v1/images/generations");
        assertThat(body.get("requestId").asText()).isEqualTo(r.header("x-request-id"));
        assertThat(body.get("timestamp").asText()).endsWith("Z");
    }

    @Test
    void should_answer_403_out_of_credits_when_quota_exhausted() {
        emu.emulator().enqueue(Fault.quotaExhausted());
        Http.Reply r = generate("{\"model\":\"openai/gpt-image-2\",\"prompt\":\"x\"}");

        assertThat(r.status).isEqualTo(403);
        assertThat(r.json().get("message").asText()).contains("run out of credits");
        assertThat(r.json().get("statusCode").asText()).isEqualTo("403");
    }

    @Test
    void should_answer_flat_401_when_key_missing() {
        Http.Reply r = Http.postJson(emu.emulator().baseUrl(Dialect.AIMLAPI) + "/images/generations",
                "{\"model\":\"openai/gpt-image-2\",\"prompt\":\"x\"}");

        assertThat(r.status).isEqualTo(401);
        assertThat(r.json().get("statusCode").asText()).isEqualTo("401");
    }

    @Test
    void should_edit_with_multipart_images_and_allow_n_up_to_10() {
        Http.Reply r = new Http.Form().field("model", "openai/gpt-image-1").field("prompt", "x").field("n", "2")
                .field("response_format", "b64_json")
                .file("image", "a.png", "image/png", Http.png(64, 64, false))
                .file("image", "b.png", "image/png", Http.png(64, 64, false))
                .post(emu.emulator().baseUrl(Dialect.AIMLAPI) + "/images/edits", Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("data")).hasSize(2);
    }

    @Test
    void should_answer_flat_429_when_rate_limited() {
        emu.emulator().enqueue(Fault.status(429));
        Http.Reply r = generate("{\"model\":\"openai/gpt-image-2\",\"prompt\":\"x\"}");

        assertThat(r.status).isEqualTo(429);
        assertThat(r.json().get("message").asText()).isEqualTo("Too Many Requests");
    }

    @ParameterizedTest
    @CsvSource({"openai/gpt-image-2.5-flare,xhigh,6240", "openai/gpt-image-2.5-sunburst,max,8320",
        "openai/gpt-image-2.6-flare,low,272", "openai/gpt-image-2.6-sunburst,medium,1056"})
    void should_serve_the_2026_models_under_their_third_party_ids(String model, String quality, int output) {
        Http.Reply r = generate("{\"model\":\"" + model + "\",\"prompt\":\"x\",\"quality\":\"" + quality
                + "\",\"response_format\":\"b64_json\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(201);
        assertThat(r.json().at("/meta/usage/credits_used").asLong()).isEqualTo(10 + 40L * output);
        assertThat(r.json().at("/data/0/generation_id").asText()).startsWith("gen_");
        assertThat(emu.emulator().journal().last().model()).contains(model);
    }

    @ParameterizedTest
    @CsvSource({"gpt-image-2.5-flare", "openai/gpt-image-2.5-flare-2026-09-08", "openai/gpt-image-2-5-flare"})
    void should_refuse_ids_outside_the_gateway_table(String model) {
        Http.Reply r = generate("{\"model\":\"" + model + "\",\"prompt\":\"x\"}");

        assertThat(r.status).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("received '" + model + "'");
    }

    @Test
    void should_refuse_auto_quality_and_xhigh_before_2_5_in_its_flat_shape() {
        Http.Reply auto = generate("{\"model\":\"openai/gpt-image-2.5-flare\",\"prompt\":\"x\",\"quality\":\"auto\"}");
        Http.Reply xhigh = generate("{\"model\":\"openai/gpt-image-2\",\"prompt\":\"x\",\"quality\":\"xhigh\"}");

        assertThat(auto.status).isEqualTo(400);
        assertThat(auto.json().get("message").asText()).contains("'low', 'medium', 'high', 'xhigh', 'max'");
        assertThat(xhigh.status).isEqualTo(400);
        assertThat(xhigh.json().get("message").asText())
                .contains("The model 'openai/gpt-image-2' does not support quality 'xhigh'.");
        assertThat(xhigh.json().get("statusCode").asText()).isEqualTo("400");
    }

    @Test
    void should_drop_2_6_parameters_silently_for_earlier_models_as_it_drops_unknown_keys() {
        Http.Reply r = generate("{\"model\":\"openai/gpt-image-2.5-flare\",\"prompt\":\"x\",\"complexity\":"
                + "\"low\",\"frame_count\":3}");

        assertThat(r.status).as(r.toString()).isEqualTo(201);
    }
}
