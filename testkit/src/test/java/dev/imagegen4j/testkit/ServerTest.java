package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ServerTest {

    private static final String BODY = "{\"model\":\"gpt-image-1\",\"prompt\":\"x\",\"quality\":\"low\",\"size\":\"1024x1024\"}";

    @Test
    void should_serve_two_requests_on_one_connection_when_keep_alive() throws Exception {
        try (ImageApiEmulator emulator = ImageApiEmulator.start(); RawHttp raw = new RawHttp(emulator.port())) {
            for (int i = 0; i < 2; i++) {
                raw.sendPost("/v1/images/generations", BODY);
                String head = raw.readHead();
                assertThat(head).startsWith("HTTP/1.1 200 OK").contains("connection: keep-alive");
                int length = Integer.parseInt(head.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
                assertThat(raw.readBody(length)).hasSize(length);
            }
            assertThat(emulator.journal().size()).isEqualTo(2);
        }
    }

    @Test
    void should_read_chunked_request_body_and_answer_100_continue() throws Exception {
        try (ImageApiEmulator emulator = ImageApiEmulator.start(); RawHttp raw = new RawHttp(emulator.port())) {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            raw.write("POST /v1/images/generations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
            assertThat(raw.readHead()).startsWith("HTTP/1.1 100 Continue");
            int half = body.length / 2;
            raw.write(Integer.toHexString(half) + "\r\n" + BODY.substring(0, half) + "\r\n");
            raw.write(Integer.toHexString(body.length - half) + "\r\n" + BODY.substring(half) + "\r\n0\r\n\r\n");

            assertThat(raw.readHead()).startsWith("HTTP/1.1 200 OK");
            assertThat(emulator.journal().last().json().orElseThrow().get("quality").asText()).isEqualTo("low");
        }
    }

    @Test
    void should_serve_256_concurrent_requests_each_with_2s_latency() throws Exception {
        try (ImageApiEmulator emulator = ImageApiEmulator.builder().latency(Duration.ofSeconds(2)).build()) {
            emulator.synthetic(1024);
            List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < 256; i++) {
                HttpRequest req = HttpRequest.newBuilder(URI.create(emulator.baseUrl(Dialect.OPENAI)
                        + "/images/generations")).timeout(Duration.ofSeconds(30)).header("authorization", "Bearer k")
                        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY))
                        .build();
                futures.add(Http.CLIENT.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> f : futures) {
                assertThat(f.get().statusCode()).isEqualTo(200);
            }
            long elapsedMs = (System.nanoTime() - t0) / 1_000_000;

            assertThat(elapsedMs).isBetween(2_000L, 15_000L); // concurrent, not 256 x 2 s
            assertThat(emulator.journal().size()).isEqualTo(256);
        }
    }

    @Test
    void should_mask_secrets_in_journal_to_string() {
        try (ImageApiEmulator emulator = ImageApiEmulator.start()) {
            Http.postJson(emulator.baseUrl(Dialect.OPENAI) + "/images/generations", BODY,
                    "authorization", "Bearer sk-proj-supersecretvalue");
            Http.postJson(emulator.baseUrl() + "/openai/v1/images/generations",
                    "{\"model\":\"gpt-image-1\",\"prompt\":\"x\"}", "api-key", "azure-secret-key-value");

            String text = emulator.journal().toString();

            assertThat(text).doesNotContain("supersecretvalue").doesNotContain("azure-secret-key-value")
                    .contains("Bearer sk-p***").contains("azur***");
            RecordedRequest first = emulator.journal().all().get(0);
            assertThat(first.header("Authorization")).contains("Bearer sk-proj-supersecretvalue");
            assertThat(first.dialect()).contains(Dialect.OPENAI);
            assertThat(emulator.journal().posts()).hasSize(2);
            assertThat(emulator.journal().last().dialect()).contains(Dialect.AZURE);
        }
    }

    @Test
    void should_reject_invalid_settings_with_named_setting() {
        assertThatThrownBy(() -> ImageApiEmulator.builder().dialect(Dialect.AZURE).build())
                .hasMessageContaining("dialect");
        assertThatThrownBy(() -> ImageApiEmulator.builder().aimlapiSuccessStatus(202).build())
                .hasMessageContaining("aimlapiSuccessStatus");
        assertThatThrownBy(() -> ImageApiEmulator.builder().port(70000).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> Fault.status(200)).hasMessageContaining("status");
        assertThatThrownBy(() -> FaultRule.everyNth(0, Fault.none())).hasMessageContaining("n must");
    }

    @Test
    void should_stop_accepting_connections_when_closed() {
        ImageApiEmulator emulator = ImageApiEmulator.start();
        String url = emulator.baseUrl(Dialect.OPENAI) + "/images/generations";
        emulator.close();

        assertThatThrownBy(() -> Http.postJson(url, BODY, Http.bearer("k")))
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    void should_answer_400_on_malformed_request_line() throws Exception {
        try (ImageApiEmulator emulator = ImageApiEmulator.start(); RawHttp raw = new RawHttp(emulator.port())) {
            raw.write("NONSENSE\r\n\r\n");

            assertThat(raw.readHead()).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void should_check_configured_key_exactly() {
        try (ImageApiEmulator emulator = ImageApiEmulator.builder().apiKey("sk-right-key-0001").build()) {
            String url = emulator.baseUrl(Dialect.OPENAI) + "/images/generations";

            Http.Reply wrong = Http.postJson(url, BODY, Http.bearer("sk-wrong-key-0001"));
            Http.Reply right = Http.postJson(url, BODY, Http.bearer("sk-right-key-0001"));

            assertThat(wrong.status).isEqualTo(401);
            assertThat(wrong.json().at("/error/code").asText()).isEqualTo("invalid_api_key");
            assertThat(wrong.json().at("/error/message").asText()).doesNotContain("sk-wrong-key-0001");
            assertThat(right.status).isEqualTo(200);
        }
    }
}
