package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiDialectTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create();

    private static String url(String op) {
        return emu.emulator().baseUrl(Dialect.OPENAI) + "/images/" + op;
    }

    private static Http.Reply generate(String json) {
        return Http.postJson(url("generations"), json, Http.bearer("sk-test-123456789"));
    }

    @Test
    void should_return_png_of_requested_size_with_echoed_fields_and_usage_when_gpt_image_2_generates() {
        Http.Reply r = generate("{\"model\":\"gpt-image-2\",\"prompt\":\"a lighthouse at dusk\",\"size\":\"1536x1024\","
                + "\"quality\":\"low\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("created").asLong()).isPositive();
        assertThat(body.get("background").asText()).isEqualTo("opaque");
        assertThat(body.get("output_format").asText()).isEqualTo("png");
        assertThat(body.get("quality").asText()).isEqualTo("low");
        assertThat(body.get("size").asText()).isEqualTo("1536x1024");
        byte[] png = Base64.getDecoder().decode(body.at("/data/0/b64_json").asText());
        assertThat(Http.magic(png)).isEqualTo("png");
        BufferedImage img = Http.decode(png);
        assertThat(img.getWidth()).isEqualTo(1536);
        assertThat(img.getHeight()).isEqualTo(1024);
        // usage: text ceil(20/4)=5; output ceil(272*1.5)=408
        JsonNode usage = body.get("usage");
        assertThat(usage.get("input_tokens").asInt()).isEqualTo(5);
        assertThat(usage.at("/input_tokens_details/text_tokens").asInt()).isEqualTo(5);
        assertThat(usage.at("/input_tokens_details/image_tokens").asInt()).isZero();
        assertThat(usage.get("output_tokens").asInt()).isEqualTo(408);
        assertThat(usage.at("/output_tokens_details/image_tokens").asInt()).isEqualTo(408);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(413);
        assertThat(r.header("x-request-id")).startsWith("req_");
    }

    @ParameterizedTest
    @CsvSource({"jpeg,false", "webp,false", "webp,true", "png,true"})
    void should_encode_requested_format_when_output_format_given(String format, boolean transparent) {
        Http.Reply r = generate("{\"model\":\"gpt-image-1.5\",\"prompt\":\"cat\",\"size\":\"1024x1536\","
                + "\"output_format\":\"" + format + "\",\"output_compression\":70,\"background\":\""
                + (transparent ? "transparent" : "opaque") + "\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        byte[] bytes = Base64.getDecoder().decode(r.json().at("/data/0/b64_json").asText());
        assertThat(Http.magic(bytes)).isEqualTo(format);
        BufferedImage img = Http.decode(bytes);
        assertThat(img.getWidth()).isEqualTo(1024);
        assertThat(img.getHeight()).isEqualTo(1536);
        assertThat(r.json().get("background").asText()).isEqualTo(transparent ? "transparent" : "opaque");
        if (transparent) {
            assertThat(img.getColorModel().hasAlpha()).isTrue();
            assertThat((img.getRGB(0, 0) >>> 24)).isLessThan(255);
        }
    }

    @Test
    void should_accept_custom_size_when_model_is_gpt_image_2_snapshot() {
        Http.Reply r = generate("{\"model\":\"gpt-image-2-2026-04-21\",\"prompt\":\"wide city\",\"size\":\"2880x2880\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("size").asText()).isEqualTo("2880x2880");
        BufferedImage img = Http.decodeB64(r.json().at("/data/0/b64_json").asText());
        assertThat(img.getWidth()).isEqualTo(2880);
        assertThat(img.getHeight()).isEqualTo(2880);
    }

    @Test
    void should_render_4k_quickly_when_max_size_requested() {
        long t0 = System.nanoTime();
        Http.Reply r = generate("{\"model\":\"gpt-image-2\",\"prompt\":\"4k\",\"size\":\"3840x2160\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        BufferedImage img = Http.decodeB64(r.json().at("/data/0/b64_json").asText());
        assertThat(img.getWidth()).isEqualTo(3840);
        assertThat(img.getHeight()).isEqualTo(2160);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"size\":\"1792x936\"}|size|invalid_value|Invalid size '1792x936'. Width and height must both be divisible by 16.",
        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"size\":\"4096x1024\"}|size|invalid_value|The longest edge must be at most 3840 pixels.",
        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"size\":\"3072x1008\"}|size|invalid_value|aspect ratio",
        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"size\":\"768x768\"}|size|invalid_value|total number of pixels",
        "{\"model\":\"gpt-image-1\",\"prompt\":\"x\",\"size\":\"1536x864\"}|size|invalid_value|Supported values are",
        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"response_format\":\"url\"}|response_format|unsupported_parameter|not supported",
        "{\"model\":\"gpt-image-1\",\"prompt\":\"x\",\"style\":\"vivid\"}|style|unsupported_parameter|not supported",
        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"background\":\"transparent\",\"output_format\":\"jpeg\"}|background|invalid_value|Transparent background",
        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"n\":11}|n|integer_above_max_value|<= 10",
        "{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"n\":2}|n|integer_above_max_value|<= 1",
        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"n\":\"2\"}|n|invalid_type|expected an integer",
        "{\"model\":\"gpt-image-2\"}|prompt|missing_required_parameter|Missing required parameter: 'prompt'.",
        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"quality\":\"hd\"}|quality|invalid_value|Supported values",
        "{\"model\":\"dall-e-3\",\"prompt\":\"x\",\"background\":\"opaque\"}|background|unsupported_parameter|not supported",
        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"partial_images\":4}|partial_images|integer_above_max_value|between 0 and 3",
        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"output_compression\":101}|output_compression|integer_above_max_value|between 0 and 100",
        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"colour\":\"red\"}|colour|unknown_parameter|Unknown parameter: 'colour'.",
        "{\"model\":\"chatgpt-image-latest\",\"prompt\":\"x\"}|model|invalid_value|does not support image generations",
    })
    void should_answer_400_in_openai_shape_when_parameter_invalid(String json, String param, String code,
            String message) {
        Http.Reply r = generate(json);

        assertThat(r.status).as(r.toString()).isEqualTo(400);
        JsonNode error = r.json().get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asText()).isEqualTo(param);
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).contains(message);
        assertThat(emu.emulator().journal().last().outcome()).isEqualTo("400 " + code + " (" + param + ")");
    }

    @Test
    void should_answer_404_model_not_found_when_model_unknown() {
        Http.Reply r = generate("{\"model\":\"gpt-image-9\",\"prompt\":\"x\"}");

        assertThat(r.status).isEqualTo(404);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("model_not_found");
        assertThat(r.json().at("/error/message").asText()).contains("gpt-image-9");
    }

    @Test
    void should_default_to_dall_e_2_with_url_when_generation_has_no_model() {
        Http.Reply r = generate("{\"prompt\":\"a red square\",\"size\":\"256x256\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.has("usage")).isFalse();
        assertThat(body.has("output_format")).isFalse();
        String imageUrl = body.at("/data/0/url").asText();
        assertThat(imageUrl).startsWith(emu.emulator().baseUrl() + "/files/");
        Http.Reply file = Http.get(imageUrl);
        assertThat(file.status).isEqualTo(200);
        assertThat(file.header("content-type")).isEqualTo("image/png");
        assertThat(Http.decode(file.raw.body()).getWidth()).isEqualTo(256);
    }

    @Test
    void should_return_revised_prompt_and_b64_when_dall_e_3_asked_for_b64_json() {
        Http.Reply r = generate("{\"model\":\"dall-e-3\",\"prompt\":\"a fox\",\"size\":\"1792x1024\","
                + "\"quality\":\"hd\",\"style\":\"natural\",\"response_format\":\"b64_json\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/data/0/revised_prompt").asText()).contains("a fox");
        assertThat(Http.decodeB64(r.json().at("/data/0/b64_json").asText()).getWidth()).isEqualTo(1792);
    }

    @Test
    void should_pick_size_when_size_is_auto_and_return_n_images() {
        Http.Reply r = generate("{\"model\":\"gpt-image-1-mini\",\"prompt\":\"a wide landscape\",\"size\":\"auto\","
                + "\"n\":3,\"quality\":\"medium\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("size").asText()).isEqualTo("1536x1024");
        assertThat(r.json().get("data")).hasSize(3);
        assertThat(r.json().at("/usage/output_tokens").asInt()).isEqualTo(3 * 1584);
        for (JsonNode item : r.json().get("data")) {
            assertThat(Http.decodeB64(item.get("b64_json").asText()).getWidth()).isEqualTo(1536);
        }
    }

    @Test
    void should_answer_401_when_bearer_missing() {
        Http.Reply r = Http.postJson(url("generations"), "{\"model\":\"gpt-image-2\",\"prompt\":\"x\"}");

        assertThat(r.status).isEqualTo(401);
        assertThat(r.json().at("/error/message").asText()).contains("You didn't provide an API key");
        assertThat(r.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void should_answer_404_invalid_url_when_route_unknown() {
        Http.Reply r = Http.postJson(emu.emulator().baseUrl() + "/v1/images/upscale", "{}", Http.bearer("k"));

        assertThat(r.status).isEqualTo(404);
        assertThat(r.json().at("/error/message").asText()).isEqualTo("Invalid URL (POST /v1/images/upscale)");
    }

    @Test
    void should_answer_400_when_json_body_is_malformed() {
        Http.Reply r = generate("{\"model\":");

        assertThat(r.status).isEqualTo(400);
        assertThat(r.json().at("/error/message").asText()).contains("could not parse the JSON body");
    }

    @Test
    void should_edit_with_two_images_and_mask_when_multipart_uses_repeated_image_parts() {
        Http.Reply r = new Http.Form().field("model", "gpt-image-2").field("prompt", "put the hat on the cat")
                .file("image[]", "cat.png", "image/png", Http.png(512, 512, true))
                .file("image[]", "hat.webp", "image/webp", Http.encode(new BufferedImage(300, 200,
                        BufferedImage.TYPE_INT_RGB), "webp"))
                .file("mask", "mask.png", "image/png", Http.png(512, 512, true))
                .field("n", "2").field("input_fidelity", "high")
                .post(url("edits"), Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("size").asText()).isEqualTo("1024x1024"); // multipart edits default
        assertThat(r.json().get("data")).hasSize(2);
        // 2 input images: 512x512 -> 65+129*1 = 194; 300x200 -> 194
        assertThat(r.json().at("/usage/input_tokens_details/image_tokens").asInt()).isEqualTo(388);
        RecordedRequest rec = emu.emulator().journal().last();
        assertThat(rec.parts("image[]")).hasSize(2);
        assertThat(rec.part("mask").orElseThrow().filename()).contains("mask.png");
        assertThat(rec.param("prompt")).contains("put the hat on the cat");
        assertThat(rec.param("model")).contains("gpt-image-2");
    }

    @Test
    void should_answer_400_when_mask_dimensions_differ_from_first_image() {
        Http.Reply r = new Http.Form().field("model", "gpt-image-1.5").field("prompt", "x")
                .file("image", "a.png", "image/png", Http.png(512, 512, true))
                .file("mask", "m.png", "image/png", Http.png(256, 256, true))
                .post(url("edits"), Http.bearer("k"));

        assertThat(r.status).isEqualTo(400);
        assertThat(r.json().at("/error/param").asText()).isEqualTo("mask");
        assertThat(r.json().at("/error/message").asText()).contains("512x512").contains("256x256");
    }

    @Test
    void should_answer_400_when_more_than_16_images() {
        Http.Form form = new Http.Form().field("model", "gpt-image-2").field("prompt", "collage");
        byte[] png = Http.png(64, 64, false);
        for (int i = 0; i < 17; i++) {
            form.file("image[]", "i" + i + ".png", "image/png", png);
        }
        Http.Reply r = form.post(url("edits"), Http.bearer("k"));

        assertThat(r.status).isEqualTo(400);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("array_above_max_length");
        assertThat(r.json().at("/error/param").asText()).isEqualTo("image");
    }

    @Test
    void should_answer_400_when_edit_image_is_not_an_image() {
        Http.Reply r = new Http.Form().field("model", "gpt-image-2").field("prompt", "x")
                .file("image", "a.png", "image/png", "not an image".getBytes())
                .post(url("edits"), Http.bearer("k"));

        assertThat(r.status).isEqualTo(400);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_image_format");
    }

    @Test
    void should_accept_json_edit_form_with_data_urls_when_gpt_image_model() {
        String data = "data:image/png;base64," + Base64.getEncoder().encodeToString(Http.png(400, 300, false));
        Http.Reply r = Http.postJson(url("edits"), "{\"model\":\"gpt-image-1\",\"prompt\":\"x\",\"images\":["
                + "{\"image_url\":\"" + data + "\"},{\"file_id\":\"file-abc\"}],\"size\":\"auto\",\"moderation\":\"low\"}",
                Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        // 400x300 -> 194, file id counted as 1024x1024 -> 65+129*4 = 581
        assertThat(r.json().at("/usage/input_tokens_details/image_tokens").asInt()).isEqualTo(194 + 581);
    }

    @Test
    void should_reject_json_edit_image_ref_with_both_url_and_file_id() {
        Http.Reply r = Http.postJson(url("edits"), "{\"model\":\"gpt-image-1\",\"prompt\":\"x\",\"images\":["
                + "{\"image_url\":\"https://example.com/a.png\",\"file_id\":\"file-abc\"}]}", Http.bearer("k"));

        assertThat(r.status).isEqualTo(400);
        assertThat(r.json().at("/error/param").asText()).isEqualTo("images[0]");
    }

    @Test
    void should_reject_dall_e_3_edits_and_accept_dall_e_2_square_png_edit() {
        Http.Reply e3 = new Http.Form().field("model", "dall-e-3").field("prompt", "x")
                .file("image", "a.png", "image/png", Http.png(256, 256, true)).post(url("edits"), Http.bearer("k"));
        Http.Reply e2 = new Http.Form().field("model", "dall-e-2").field("prompt", "x").field("size", "256x256")
                .field("response_format", "b64_json")
                .file("image", "a.png", "image/png", Http.png(256, 256, true)).post(url("edits"), Http.bearer("k"));
        Http.Reply notSquare = new Http.Form().field("model", "dall-e-2").field("prompt", "x")
                .file("image", "a.png", "image/png", Http.png(256, 128, true)).post(url("edits"), Http.bearer("k"));

        assertThat(e3.status).isEqualTo(400);
        assertThat(e3.json().at("/error/param").asText()).isEqualTo("model");
        assertThat(e2.status).as(e2.toString()).isEqualTo(200);
        assertThat(Http.decodeB64(e2.json().at("/data/0/b64_json").asText()).getWidth()).isEqualTo(256);
        assertThat(notSquare.status).isEqualTo(400);
    }

    @Test
    void should_create_variations_when_dall_e_2_and_reject_other_models() {
        Http.Reply ok = new Http.Form().field("n", "2").field("size", "512x512")
                .file("image", "a.png", "image/png", Http.png(512, 512, false)).post(url("variations"), Http.bearer("k"));
        Http.Reply bad = new Http.Form().field("model", "gpt-image-1")
                .file("image", "a.png", "image/png", Http.png(512, 512, false)).post(url("variations"), Http.bearer("k"));

        assertThat(ok.status).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("data")).hasSize(2);
        assertThat(Http.decode(Http.get(ok.json().at("/data/1/url").asText()).raw.body()).getWidth()).isEqualTo(512);
        assertThat(bad.status).isEqualTo(400);
    }

    @Test
    void should_stream_partials_then_completed_when_stream_requested() {
        Http.Reply r = generate("{\"model\":\"gpt-image-2\",\"prompt\":\"stream me\",\"stream\":true,"
                + "\"partial_images\":2,\"size\":\"1024x1024\",\"quality\":\"low\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("text/event-stream");
        List<Sse.Event> events = Sse.parse(r.text);
        assertThat(events).extracting(e -> e.event).containsExactly("image_generation.partial_image",
                "image_generation.partial_image", "image_generation.completed");
        JsonNode p1 = events.get(1).json();
        assertThat(p1.get("type").asText()).isEqualTo("image_generation.partial_image");
        assertThat(p1.get("partial_image_index").asInt()).isEqualTo(1);
        assertThat(p1.get("background").asText()).isEqualTo("auto");
        JsonNode done = events.get(2).json();
        assertThat(done.get("background").asText()).isEqualTo("opaque");
        assertThat(done.at("/usage/output_tokens").asInt()).isEqualTo(272 + 2 * 100);
        assertThat(done.at("/usage/output_tokens_details").isMissingNode()).isTrue();
        assertThat(Http.decodeB64(done.get("b64_json").asText()).getWidth()).isEqualTo(1024);
    }

    @Test
    void should_stream_image_edit_events_when_edit_streams() {
        Http.Reply r = new Http.Form().field("model", "gpt-image-1.5").field("prompt", "x").field("stream", "true")
                .field("partial_images", "0")
                .file("image", "a.png", "image/png", Http.png(64, 64, false)).post(url("edits"), Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(Sse.parse(r.text)).extracting(e -> e.event).containsExactly("image_edit.completed");
    }
}
