package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FaultsTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create();

    private static final String BODY = "{\"model\":\"gpt-image-1\",\"prompt\":\"x\",\"quality\":\"low\",\"size\":\"1024x1024\"}";

    private static Http.Reply generate() {
        return Http.postJson(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/generations", BODY, Http.bearer("k"));
    }

    @Test
    void should_answer_503_with_retry_headers_when_status_fault_enqueued() {
        emu.emulator().enqueue(Fault.status(503).shouldRetry(true).retryAfter(Duration.ofMillis(1500)));

        Http.Reply r = generate();
        Http.Reply next = generate();

        assertThat(r.status).isEqualTo(503);
        assertThat(r.json().at("/error/type").asText()).isEqualTo("server_error");
        assertThat(r.header("x-should-retry")).isEqualTo("true");
        assertThat(r.header("retry-after")).isEqualTo("2");
        assertThat(r.header("retry-after-ms")).isEqualTo("1500");
        assertThat(r.header("x-request-id")).startsWith("req_");
        assertThat(next.status).isEqualTo(200);
        assertThat(emu.emulator().pendingFaults()).isZero();
    }

    @Test
    void should_answer_403_org_not_verified_when_status_403() {
        emu.emulator().enqueue(Fault.status(403));

        Http.Reply r = generate();

        assertThat(r.status).isEqualTo(403);
        assertThat(r.json().at("/error/message").asText()).contains("must be verified to use the model `gpt-image-1`");
        assertThat(r.json().at("/error/code").isNull()).isTrue();
    }

    @Test
    void should_send_rate_limit_headers_when_rate_limited_fault() {
        emu.emulator().enqueue(Fault.rateLimited(Duration.ofSeconds(360)));

        Http.Reply r = generate();

        assertThat(r.status).isEqualTo(429);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(r.header("retry-after")).isEqualTo("360");
        assertThat(r.header("retry-after-ms")).isEqualTo("360000");
        assertThat(r.header("x-ratelimit-reset-requests")).isEqualTo("6m0s");
        assertThat(r.header("x-ratelimit-remaining-requests")).isEqualTo("0");
    }

    @Test
    void should_answer_insufficient_quota_when_quota_exhausted() {
        emu.emulator().enqueue(Fault.quotaExhausted());

        Http.Reply r = generate();

        assertThat(r.status).isEqualTo(429);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("insufficient_quota");
        assertThat(r.json().at("/error/type").asText()).isEqualTo("insufficient_quota");
    }

    @Test
    void should_answer_moderation_blocked_or_content_policy_when_content_policy_fault() {
        emu.emulator().enqueue(Fault.contentPolicy(), Fault.contentPolicy());

        Http.Reply gpt = generate();
        Http.Reply dalle = Http.postJson(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/generations",
                "{\"model\":\"dall-e-3\",\"prompt\":\"x\"}", Http.bearer("k"));

        assertThat(gpt.status).isEqualTo(400);
        assertThat(gpt.json().at("/error/code").asText()).isEqualTo("moderation_blocked");
        assertThat(gpt.json().at("/error/type").asText()).isEqualTo("image_generation_user_error");
        assertThat(gpt.json().at("/error/moderation_details/moderation_stage").asText()).isEqualTo("input");
        assertThat(gpt.json().at("/error/message").asText()).contains(gpt.header("x-request-id"));
        assertThat(dalle.json().at("/error/code").asText()).isEqualTo("content_policy_violation");
    }

    @Test
    void should_enforce_requests_per_minute_when_rate_limit_set() {
        emu.emulator().rateLimit(2);

        Http.Reply first = generate();
        Http.Reply second = generate();
        Http.Reply third = generate();

        assertThat(first.status).isEqualTo(200);
        assertThat(first.header("x-ratelimit-limit-requests")).isEqualTo("2");
        assertThat(first.header("x-ratelimit-remaining-requests")).isEqualTo("1");
        assertThat(second.status).isEqualTo(200);
        assertThat(third.status).isEqualTo(429);
        assertThat(Long.parseLong(third.header("retry-after"))).isBetween(1L, 60L);
        assertThat(third.json().at("/error/message").asText()).contains("Limit 2");
    }

    @Test
    void should_delay_response_when_latency_fault() {
        emu.emulator().enqueue(Fault.latency(Duration.ofMillis(400)));
        long t0 = System.nanoTime();

        Http.Reply r = generate();

        assertThat(r.status).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(400);
    }

    @Test
    void should_delay_first_byte_when_first_byte_delay_fault() throws Exception {
        emu.emulator().enqueue(Fault.firstByteDelay(Duration.ofMillis(400)));
        try (RawHttp raw = new RawHttp(emu.emulator().port())) {
            raw.sendPost("/v1/images/generations", BODY);
            long t0 = System.nanoTime();
            int first = raw.in.read();
            long waited = (System.nanoTime() - t0) / 1_000_000;

            assertThat(first).isEqualTo('H');
            assertThat(waited).isGreaterThanOrEqualTo(350);
            assertThat(emu.emulator().journal().last().status()).isEqualTo(200);
        }
    }

    @Test
    void should_stall_mid_body_then_complete_when_stall_fault() {
        emu.emulator().enqueue(Fault.stallMidBody(Duration.ofMillis(500)));
        long t0 = System.nanoTime();

        Http.Reply r = generate();

        assertThat(r.status).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(500);
        assertThat(Http.decodeB64(r.json().at("/data/0/b64_json").asText()).getWidth()).isEqualTo(1024);
        assertThat(emu.emulator().journal().last().outcome()).endsWith("fault STALL_MID_BODY");
    }

    @Test
    void should_send_half_body_then_close_when_truncate_fault() throws Exception {
        emu.emulator().enqueue(Fault.truncateBody());
        try (RawHttp raw = new RawHttp(emu.emulator().port())) {
            raw.sendPost("/v1/images/generations", BODY);
            String head = raw.readHead();
            long announced = Long.parseLong(head.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
            byte[] rest = raw.in.readAllBytes(); // returns at EOF

            assertThat(rest.length).isEqualTo(announced / 2);
        }
        assertThatThrownBy(() -> {
            emu.emulator().enqueue(Fault.truncateBody());
            generate();
        }).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void should_reset_connection_when_reset_before_body_fault() {
        emu.emulator().enqueue(Fault.resetBeforeBody());

        assertThatThrownBy(FaultsTest::generate).isInstanceOf(UncheckedIOException.class);
        RecordedRequest rec = emu.emulator().journal().last();
        assertThat(rec.status()).isZero();
        assertThat(rec.outcome()).isEqualTo("fault RESET_BEFORE_BODY");
        assertThat(rec.bodySize()).isZero();
    }

    @Test
    void should_reset_connection_after_reading_body_when_reset_after_body_fault() {
        emu.emulator().enqueue(Fault.resetAfterBody());

        assertThatThrownBy(FaultsTest::generate).isInstanceOf(UncheckedIOException.class);
        RecordedRequest rec = emu.emulator().journal().last();
        assertThat(rec.outcome()).isEqualTo("fault RESET_AFTER_BODY");
        assertThat(rec.json().orElseThrow().get("prompt").asText()).isEqualTo("x");
    }

    @Test
    void should_send_unparseable_json_when_malformed_json_fault() {
        emu.emulator().enqueue(Fault.malformedJson());

        Http.Reply r = generate();

        assertThat(r.status).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThatThrownBy(r::json).isInstanceOf(AssertionError.class).hasMessageContaining("not JSON");
    }

    @Test
    void should_apply_rule_to_every_nth_request_only() {
        emu.emulator().addRule(FaultRule.everyNth(3, Fault.status(500)));

        List<Integer> statuses = List.of(generate().status, generate().status, generate().status, generate().status,
                generate().status, generate().status);

        assertThat(statuses).containsExactly(200, 200, 500, 200, 200, 500);
    }

    @Test
    void should_apply_path_rule_only_to_matching_path_and_prefer_enqueued_faults() {
        FaultRule rule = FaultRule.forPath("/images/edits", Fault.status(502));
        emu.emulator().addRule(rule);
        emu.emulator().enqueue(Fault.status(504));

        Http.Reply queued = generate();
        Http.Reply gen = generate();
        Http.Reply edit = new Http.Form().field("model", "gpt-image-1").field("prompt", "x")
                .file("image", "a.png", "image/png", Http.png(32, 32, false))
                .post(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/edits", Http.bearer("k"));
        boolean removed = emu.emulator().removeRule(rule);

        assertThat(queued.status).isEqualTo(504);
        assertThat(gen.status).isEqualTo(200);
        assertThat(edit.status).isEqualTo(502);
        assertThat(removed).isTrue();
    }

    @Test
    void should_emit_error_event_when_stream_error_fault() {
        emu.emulator().enqueue(Fault.streamError());

        Http.Reply r = Http.postJson(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/generations",
                "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"stream\":true,\"partial_images\":2}", Http.bearer("k"));

        List<Sse.Event> events = Sse.parse(r.text);
        assertThat(events).extracting(e -> e.event).containsExactly("image_generation.partial_image", "error");
        assertThat(events.get(1).json().at("/error/message").asText()).contains("server had an error");
    }

    @Test
    void should_append_done_marker_when_stream_done_marker_fault() {
        emu.emulator().enqueue(Fault.streamDoneMarker());

        Http.Reply r = Http.postJson(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/generations",
                "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"stream\":true}", Http.bearer("k"));

        assertThat(r.text).endsWith("data: [DONE]\n\n");
        assertThat(Sse.parse(r.text)).extracting(e -> e.event).containsExactly("image_generation.completed", null);
    }

    @Test
    void should_stream_synthetic_payload_of_exact_decoded_size_when_synthetic_mode() throws Exception {
        long size = 64L * 1024 * 1024;
        emu.emulator().synthetic(size);
        HttpRequest req = HttpRequest.newBuilder(URI.create(emu.emulator().baseUrl(Dialect.OPENAI)
                + "/images/generations")).header("authorization", "Bearer k").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();

        HttpResponse<InputStream> resp = Http.CLIENT.send(req, HttpResponse.BodyHandlers.ofInputStream());

        assertThat(resp.statusCode()).isEqualTo(200);
        long decoded = 0;
        boolean sawUsage = false;
        try (JsonParser p = Http.JSON.getFactory().createParser(resp.body())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("b64_json")) {
                    p.nextToken();
                    // Jackson decodes the base64 string in a streaming fashion; nothing is kept
                    decoded = p.readBinaryValue(Base64Variants.MIME_NO_LINEFEEDS, OutputStream.nullOutputStream());
                } else if (t == JsonToken.FIELD_NAME && p.currentName().equals("usage")) {
                    sawUsage = true;
                }
            }
        }
        assertThat(decoded).isEqualTo(size);
        assertThat(sawUsage).isTrue();
        assertThat(resp.headers().firstValueAsLong("content-length").orElseThrow()).isGreaterThan(size * 4 / 3);
    }

    @Test
    void should_serve_deterministic_synthetic_bytes() {
        emu.emulator().synthetic(10);

        Http.Reply a = generate();
        Http.Reply b = generate();

        byte[] bytes = Base64.getDecoder().decode(a.json().at("/data/0/b64_json").asText());
        assertThat(bytes).hasSize(10);
        assertThat(a.json().at("/data/0/b64_json").asText()).isEqualTo(b.json().at("/data/0/b64_json").asText());
        assertThat(a.json().at("/usage/output_tokens").asInt()).isEqualTo(272);
    }
}
