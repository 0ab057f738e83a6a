package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Replicate, fal and OpenRouter dialects over raw HTTP: auth, validation, job lifecycle, faults, journal. */
class JobHostDialectsTest {

    private static final String KEY = "host-dialects-key-0123456789";

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create(b -> b.apiKey(KEY));

    private static String replicate(String path) {
        return emu.emulator().baseUrl(Dialect.REPLICATE) + path;
    }

    private static String fal(String path) {
        return emu.emulator().baseUrl(Dialect.FAL) + path;
    }

    private static final String[] BEARER = {"authorization", "Bearer " + KEY};
    private static final String[] FAL_KEY = {"authorization", "Key " + KEY};

    private static Http.Reply create(String body, String... extra) {
        String[] headers = extra.length == 0 ? BEARER : concat(BEARER, extra);
        return Http.postJson(replicate("/models/openai/gpt-image-2.5-flare/predictions"), body, headers);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static JsonNode await(String url, String field, String value, String... headers) throws Exception {
        for (int i = 0; i < 200; i++) {
            JsonNode n = Http.get(url, headers).json();
            if (n.path(field).asText().equals(value)) {
                return n;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(field + " never became " + value + " at " + url);
    }

    // ---- Replicate ---------------------------------------------------------------------------------

    @Test
    void should_refuse_a_missing_or_wrong_token_with_problem_details() {
        Http.Reply none = Http.postJson(replicate("/models/openai/gpt-image-2.5-flare/predictions"),
                "{\"input\":{\"prompt\":\"x\"}}");
        Http.Reply wrong = Http.postJson(replicate("/models/openai/gpt-image-2.5-flare/predictions"),
                "{\"input\":{\"prompt\":\"x\"}}", "authorization", "Bearer r8_wrong");

        assertThat(none.status).isEqualTo(401);
        assertThat(none.json().path("detail").asText()).contains("did not pass an authentication token");
        assertThat(wrong.json().path("title").asText()).isEqualTo("Unauthenticated");
        assertThat(emu.emulator().jobs()).isEmpty();
    }

    @Test
    void should_advance_a_prediction_from_starting_to_succeeded_with_output_urls() throws Exception {
        Http.Reply created = create("{\"input\":{\"prompt\":\"a fox\",\"aspect_ratio\":\"2:3\",\"number_of_images\":2}}");

        assertThat(created.status).isEqualTo(201);
        JsonNode p = created.json();
        assertThat(p.path("status").asText()).isEqualTo("starting");
        assertThat(p.path("id").asText()).isEqualTo(created.header("x-request-id")).matches("[a-z2-7]{26}");
        assertThat(p.path("output").isNull()).isTrue();
        JsonNode done = await(p.path("urls").path("get").asText(), "status", "succeeded", BEARER);
        assertThat(done.path("output")).hasSize(2);
        Http.Reply image = Http.get(done.path("output").get(0).asText());
        assertThat(Http.decode(image.raw.body()).getHeight()).isEqualTo(1536);
        assertThat(done.path("metrics").path("predict_time").isNumber()).isTrue();
        assertThat(emu.emulator().journal().posts()).singleElement()
                .satisfies(r -> assertThat(r.outcome()).contains("prediction").contains("created"));
    }

    @Test
    void should_answer_422_with_invalid_fields_when_an_input_breaks_the_schema() {
        Http.Reply r = create("{\"input\":{\"prompt\":\"a fox\",\"aspect_ratio\":\"16:9\"}}");

        assertThat(r.status).isEqualTo(422);
        assertThat(r.json().path("invalid_fields").get(0).path("field").asText()).isEqualTo("input.aspect_ratio");
        assertThat(emu.emulator().jobs()).isEmpty();
    }

    @Test
    void should_hold_the_create_answer_while_the_prediction_finishes_when_asked_to_wait() {
        Http.Reply r = create("{\"input\":{\"prompt\":\"a fox\"}}", "prefer", "wait=10");

        assertThat(r.json().path("status").asText()).isEqualTo("succeeded");
        assertThat(r.json().path("output")).hasSize(1);
    }

    @Test
    void should_cancel_a_running_prediction_and_fail_a_scripted_one() throws Exception {
        emu.emulator().jobDuration(Duration.ofSeconds(10));
        JsonNode p = create("{\"input\":{\"prompt\":\"a fox\"}}").json();
        JsonNode cancelled = Http.postJson(p.path("urls").path("cancel").asText(), "", BEARER).json();
        assertThat(cancelled.path("status").asText()).isEqualTo("canceled");

        emu.emulator().jobDuration(Duration.ofMillis(30));
        emu.emulator().enqueue(Fault.contentPolicy());
        JsonNode flagged = create("{\"input\":{\"prompt\":\"a fox\"}}").json();
        JsonNode failed = await(flagged.path("urls").path("get").asText(), "status", "failed", BEARER);
        assertThat(failed.path("error").asText()).startsWith("NSFW content detected");
        assertThat(Http.get(replicate("/predictions/nosuchprediction"), BEARER).status).isEqualTo(404);
    }

    // ---- fal ---------------------------------------------------------------------------------------

    @Test
    void should_queue_report_progress_and_serve_the_result_when_fal_runs_a_request() throws Exception {
        emu.emulator().jobDuration(Duration.ofMillis(600));
        Http.Reply queued = Http.postJson(fal("/fal-ai/flux/dev"), "{\"prompt\":\"a fox\",\"image_size\":{\"width\":"
                + "640,\"height\":480},\"seed\":9}", FAL_KEY);

        assertThat(queued.status).isEqualTo(200);
        JsonNode q = queued.json();
        assertThat(q.path("status").asText()).isEqualTo("IN_QUEUE");
        assertThat(q.path("queue_position").asInt()).isZero();
        assertThat(queued.header("x-fal-request-id")).isEqualTo(q.path("request_id").asText());
        await(q.path("status_url").asText(), "status", "IN_PROGRESS", FAL_KEY);
        await(q.path("status_url").asText(), "status", "COMPLETED", FAL_KEY);
        JsonNode result = Http.get(q.path("response_url").asText(), FAL_KEY).json();
        assertThat(result.path("seed").asInt()).isEqualTo(9);
        JsonNode image = result.path("images").get(0);
        assertThat(image.path("width").asInt()).isEqualTo(640);
        assertThat(Http.decode(Http.get(image.path("url").asText()).raw.body()).getHeight()).isEqualTo(480);
        Http.Reply late = Http.send(HttpRequest.newBuilder(URI.create(q.path("cancel_url").asText()))
                .PUT(HttpRequest.BodyPublishers.noBody()), FAL_KEY);
        assertThat(late.status).isEqualTo(400);
        assertThat(late.json().path("status").asText()).isEqualTo("ALREADY_COMPLETED");
    }

    @Test
    void should_refuse_a_bearer_key_and_a_bad_input_in_fals_own_shapes() {
        Http.Reply bearer = Http.postJson(fal("/fal-ai/flux/dev"), "{\"prompt\":\"x\"}", BEARER);
        Http.Reply bad = Http.postJson(fal("/openai/gpt-image-2.5/flare/text-to-image"),
                "{\"prompt\":\"x\",\"image_size\":\"1000x1000\"}", FAL_KEY);

        assertThat(bearer.status).isEqualTo(401);
        assertThat(bad.status).isEqualTo(422);
        assertThat(bad.json().path("detail").get(0).path("loc").get(1).asText()).isEqualTo("image_size");
    }

    @Test
    void should_answer_the_synchronous_endpoint_with_the_output() {
        Http.Reply r = Http.postJson(emu.emulator().falSyncUrl() + "/openai/gpt-image-2.5/flare/text-to-image",
                "{\"prompt\":\"a fox\",\"image_size\":\"1536x1024\",\"num_images\":2}", FAL_KEY);

        assertThat(r.status).isEqualTo(200);
        assertThat(r.json().path("images")).hasSize(2);
        assertThat(r.json().path("images").get(1).path("width").asInt()).isEqualTo(1536);
    }

    // ---- OpenRouter --------------------------------------------------------------------------------

    @Test
    void should_answer_a_chat_completion_with_a_data_url_image_and_usage() {
        Http.Reply r = Http.postJson(emu.emulator().baseUrl(Dialect.OPENROUTER) + "/chat/completions",
                "{\"model\":\"google/gemini-3.1-flash-image\",\"modalities\":[\"image\",\"text\"],\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"a fox\"}],\"image_config\":{\"aspect_ratio\":\"16:9\"}}", BEARER);

        assertThat(r.status).isEqualTo(200);
        JsonNode m = r.json().path("choices").get(0).path("message");
        String url = m.path("images").get(0).path("image_url").path("url").asText();
        assertThat(url).startsWith("data:image/png;base64,");
        byte[] png = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
        assertThat(Http.decode(png).getWidth()).isGreaterThan(Http.decode(png).getHeight());
        assertThat(r.json().path("id").asText()).isEqualTo(r.header("x-request-id")).startsWith("gen-");
        assertThat(r.json().path("usage").path("prompt_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void should_refuse_without_image_modality_and_flag_a_scripted_refusal() {
        String base = emu.emulator().baseUrl(Dialect.OPENROUTER) + "/chat/completions";
        Http.Reply text = Http.postJson(base, "{\"model\":\"openai/gpt-image-2.5-flare\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"a fox\"}]}", BEARER);
        emu.emulator().enqueue(Fault.contentPolicy());
        Http.Reply flagged = Http.postJson(base, "{\"model\":\"openai/gpt-image-2.5-flare\",\"modalities\":[\"image\"],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"a fox\"}]}", BEARER);

        assertThat(text.status).isEqualTo(400);
        assertThat(flagged.status).isEqualTo(403);
        assertThat(flagged.json().path("error").path("message").asText()).contains("was flagged");
    }
}
