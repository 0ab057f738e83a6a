package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** GPT Image 2.5 and 2.6 on the OpenAI dialect: ids, qualities, sizes, complexity, safety_identifier, errors. */
class Gpt2026ModelsTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create();

    static Http.Reply generate(String json) {
        return Http.postJson(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/generations", json, Http.bearer("k"));
    }

    static void assertError(Http.Reply r, int status, String param, String code, String message) {
        assertThat(r.status).as(r.toString()).isEqualTo(status);
        JsonNode error = r.json().get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").isNull() ? null : error.get("param").asText()).isEqualTo(param);
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).contains(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-image-2.5-flare", "gpt-image-2.5-sunburst", "gpt-image-2.5-flare-2026-09-08",
        "gpt-image-2.5-sunburst-2026-09-08", "gpt-image-2.6-flare", "gpt-image-2.6-sunburst",
        "gpt-image-2.6-sunburst-2026-11-04"})
    void should_generate_with_a_generation_id_when_model_is_2_5_or_later(String model) {
        Http.Reply r = generate("{\"model\":\"" + model + "\",\"prompt\":\"a fox\",\"size\":\"1024x1024\","
                + "\"quality\":\"low\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/data/0/generation_id").asText()).matches("gen_[0-9a-f]{24}");
        assertThat(r.json().get("quality").asText()).isEqualTo("low");
        assertThat(emu.emulator().journal().last().model()).contains(model);
    }

    @Test
    void should_give_each_image_its_own_generation_id_and_none_before_2_5() {
        Http.Reply two = generate("{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\",\"n\":2,\"quality\":\"low\"}");
        Http.Reply old = generate("{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"quality\":\"low\"}");

        assertThat(two.json().at("/data/0/generation_id").asText())
                .isNotEqualTo(two.json().at("/data/1/generation_id").asText());
        assertThat(old.json().at("/data/0").has("generation_id")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-image-2.5-flare-latest", "gpt-image-2-foo", "gpt-image-2.5-flare-2026-9-8",
        "gpt-image-2.7-flare", "dall-e-3-2026-01-01"})
    void should_answer_404_model_not_found_when_id_is_not_a_known_model_or_dated_snapshot(String model) {
        Http.Reply r = generate("{\"model\":\"" + model + "\",\"prompt\":\"x\"}");

        assertThat(r.status).isEqualTo(404);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("model_not_found");
        assertThat(r.json().at("/error/message").asText()).contains(model);
    }

    @ParameterizedTest
    @CsvSource({"gpt-image-2.5-flare,xhigh,6240", "gpt-image-2.5-sunburst,max,8320", "gpt-image-2.6-flare,xhigh,6240",
        "gpt-image-2.6-sunburst,max,8320", "gpt-image-2.5-flare,auto,4160"})
    void should_accept_xhigh_and_max_when_model_is_2_5_or_later(String model, String quality, int outputTokens) {
        Http.Reply r = generate("{\"model\":\"" + model + "\",\"prompt\":\"x\",\"size\":\"1024x1024\",\"quality\":\""
                + quality + "\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("quality").asText()).isEqualTo(quality.equals("auto") ? "high" : quality);
        assertThat(r.json().at("/usage/output_tokens").asInt()).isEqualTo(outputTokens);
    }

    @ParameterizedTest
    @CsvSource({"gpt-image-2,xhigh", "gpt-image-2,max", "gpt-image-2-2026-04-21,xhigh", "gpt-image-1.5,max",
        "gpt-image-1-mini,xhigh"})
    void should_refuse_xhigh_and_max_naming_the_model_when_model_predates_2_5(String model, String quality) {
        Http.Reply r = generate("{\"model\":\"" + model + "\",\"prompt\":\"x\",\"quality\":\"" + quality + "\"}");

        assertError(r, 400, "quality", "invalid_value",
                "The model '" + model + "' does not support quality '" + quality + "'.");
        assertThat(emu.emulator().journal().last().outcome()).isEqualTo("400 invalid_value (quality)");
    }

    @Test
    void should_list_the_2_5_qualities_when_quality_is_unknown() {
        assertError(generate("{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\",\"quality\":\"ultra\"}"), 400,
                "quality", "invalid_value", "Supported values are: 'low', 'medium', 'high', 'xhigh', 'max', 'auto'.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gpt-image-2.5-flare|2880x2880|200|",
        "gpt-image-2.6-sunburst|3840x1280|200|",
        "gpt-image-2.5-sunburst|1792x936|400|Width and height must both be divisible by 16.",
        "gpt-image-2.6-flare|4096x1024|400|The longest edge must be at most 3840 pixels.",
        "gpt-image-2.5-flare|3072x1008|400|The aspect ratio must be between 1:3 and 3:1.",
        "gpt-image-2.6-flare|768x768|400|The total number of pixels must be between 655360 and 8294400.",
    })
    void should_apply_the_flexible_size_rule_when_model_is_2_x(String model, String size, int status, String problem) {
        Http.Reply r = generate("{\"model\":\"" + model + "\",\"prompt\":\"x\",\"size\":\"" + size + "\","
                + "\"quality\":\"low\",\"output_format\":\"jpeg\",\"output_compression\":50}");

        if (status == 200) {
            assertThat(r.status).as(r.toString()).isEqualTo(200);
            BufferedImage img = Http.decodeB64(r.json().at("/data/0/b64_json").asText());
            assertThat(img.getWidth() + "x" + img.getHeight()).isEqualTo(size);
            assertThat(r.json().get("size").asText()).isEqualTo(size);
        } else {
            assertError(r, 400, "size", "invalid_value", "Invalid size '" + size + "'. " + problem);
        }
    }

    @Test
    void should_make_a_transparent_png_and_refuse_transparent_jpeg_when_model_is_2_5() {
        Http.Reply ok = generate("{\"model\":\"gpt-image-2.5-sunburst\",\"prompt\":\"a sticker\",\"background\":"
                + "\"transparent\",\"quality\":\"low\",\"size\":\"1024x1024\"}");
        Http.Reply jpeg = generate("{\"model\":\"gpt-image-2.5-sunburst\",\"prompt\":\"x\",\"background\":"
                + "\"transparent\",\"output_format\":\"jpeg\"}");

        assertThat(ok.status).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("background").asText()).isEqualTo("transparent");
        assertThat(Http.decodeB64(ok.json().at("/data/0/b64_json").asText()).getColorModel().hasAlpha()).isTrue();
        assertError(jpeg, 400, "background", "invalid_value",
                "Transparent background is not supported with output_format 'jpeg'. Use 'png' or 'webp'.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"low", "medium", "high"})
    void should_accept_complexity_when_model_is_2_6(String complexity) {
        Http.Reply r = generate("{\"model\":\"gpt-image-2.6-flare\",\"prompt\":\"x\",\"complexity\":\"" + complexity
                + "\",\"quality\":\"low\",\"size\":\"1024x1024\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/usage/output_tokens").asInt()).isEqualTo(272); // no extra cost
    }

    @Test
    void should_refuse_unknown_complexity_value_on_2_6() {
        assertError(generate("{\"model\":\"gpt-image-2.6-flare\",\"prompt\":\"x\",\"complexity\":\"extreme\"}"), 400,
                "complexity", "invalid_value", "Supported values are: 'low', 'medium', 'high'.");
    }

    @ParameterizedTest
    @CsvSource({"gpt-image-2.5-flare,complexity,\"low\"", "gpt-image-2,complexity,\"high\"",
        "dall-e-3,complexity,\"low\"", "gpt-image-2.5-sunburst,frame_count,4",
        "gpt-image-2,frame_duration_ms,100", "gpt-image-1.5,frame_count,3"})
    void should_answer_unknown_parameter_when_a_2_6_parameter_reaches_an_earlier_model(String model, String name,
            String value) {
        Http.Reply r = generate("{\"model\":\"" + model + "\",\"prompt\":\"x\",\"" + name + "\":" + value + "}");

        assertError(r, 400, name, "unknown_parameter", "Unknown parameter: '" + name + "'.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-image-2.5-flare", "gpt-image-2", "gpt-image-1.5", "dall-e-3"})
    void should_accept_safety_identifier_and_user_on_every_model(String model) {
        Http.Reply r = generate("{\"model\":\"" + model + "\",\"prompt\":\"x\",\"safety_identifier\":"
                + "\"9f86d081884c7d65\",\"user\":\"legacy-user\"" + (model.startsWith("dall") ? ""
                : ",\"quality\":\"low\"") + "}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(emu.emulator().journal().last().param("safety_identifier")).contains("9f86d081884c7d65");
    }

    @Test
    void should_echo_safety_identifier_in_the_response_and_the_completed_stream_event() {
        Http.Reply plain = generate("{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\",\"quality\":\"low\","
                + "\"safety_identifier\":\"user-7\"}");
        Http.Reply none = generate("{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\",\"quality\":\"low\"}");
        Http.Reply stream = generate("{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"quality\":\"low\",\"stream\":true,"
                + "\"safety_identifier\":\"user-7\"}");

        assertThat(plain.json().get("safety_identifier").asText()).isEqualTo("user-7");
        assertThat(none.json().has("safety_identifier")).isFalse();
        assertThat(Sse.parse(stream.text).get(0).json().get("safety_identifier").asText()).isEqualTo("user-7");
    }

    @Test
    void should_answer_invalid_type_when_safety_identifier_is_not_a_string() {
        assertError(generate("{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\",\"safety_identifier\":42}"), 400,
                "safety_identifier", "invalid_type", "expected a string, but got an integer");
    }

    @Test
    void should_take_safety_identifier_and_complexity_as_multipart_fields_on_edits() {
        Http.Reply r = new Http.Form().field("model", "gpt-image-2.6-flare").field("prompt", "x")
                .field("safety_identifier", "user-hash").field("complexity", "medium").field("quality", "low")
                .file("image[]", "a.png", "image/png", Http.png(1024, 1024, false))
                .post(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/edits", Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/data/0/generation_id").asText()).startsWith("gen_");
    }

    @Test
    void should_encode_webp_when_2_6_is_asked_for_webp() {
        Http.Reply r = generate("{\"model\":\"gpt-image-2.6-sunburst\",\"prompt\":\"x\",\"output_format\":\"webp\","
                + "\"quality\":\"low\",\"size\":\"1024x1024\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(Http.magic(Base64.getDecoder().decode(r.json().at("/data/0/b64_json").asText()))).isEqualTo("webp");
    }
}
