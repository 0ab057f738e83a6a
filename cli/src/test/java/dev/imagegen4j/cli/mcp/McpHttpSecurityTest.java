package dev.imagegen4j.cli.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.testkit.ImageApiEmulator;
import io.modelcontextprotocol.client.McpSyncClient;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Streamable HTTP endpoint's protections: bearer token, loopback by default, no web origins, no foreign hosts. */
class McpHttpSecurityTest {

    private static final String TOKEN = "tok-3f9a1c77e2b04d5e9a8b";
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private static ImageApiEmulator emu;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() {
        emu = ImageApiEmulator.builder().apiKey(McpFixture.KEY).start();
    }

    @AfterAll
    static void stopEmulator() {
        emu.close();
    }

    private HttpResponse<String> post(URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(INIT));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_require_the_bearer_token_when_one_is_set_and_never_show_it() throws Exception {
        try (McpFixture f = McpFixture.withToken(emu, dir, TOKEN)) {
            assertThat(f.client.listTools().tools()).isNotEmpty();
            URI uri = f.http.uri();

            HttpResponse<String> none = post(uri);
            HttpResponse<String> wrong = post(uri, "Authorization", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1)
                    + "x");
            HttpResponse<String> prefix = post(uri, "Authorization", "Bearer " + TOKEN.substring(0, 8));
            HttpResponse<String> basic = post(uri, "Authorization", "Basic " + TOKEN);
            HttpResponse<String> right = post(uri, "Authorization", "bearer " + TOKEN);

            for (HttpResponse<String> r : List.of(none, wrong, prefix, basic)) {
                assertThat(r.statusCode()).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> v.startsWith("Bearer"));
                assertThat(r.body()).doesNotContain(TOKEN.substring(0, 8));
            }
            assertThat(right.statusCode()).isEqualTo(200);
            try (McpSyncClient anonymous = McpFixture.client(f.http, null, p -> { })) {
                assertThatThrownBy(anonymous::initialize).isInstanceOf(RuntimeException.class);
            }
            assertThat(f.log()).doesNotContain(TOKEN);
            assertThat(BearerToken.of(TOKEN).toString()).doesNotContain(TOKEN);
            assertThat(f.posts()).isZero();
        }
    }

    @Test
    void should_refuse_web_origins_and_foreign_host_names_on_loopback() throws Exception {
        try (McpFixture f = McpFixture.start(emu, dir)) {
            URI uri = f.http.uri();

            assertThat(post(uri, "Origin", "https://evil.example").statusCode()).isEqualTo(403);
            assertThat(post(uri).statusCode()).isEqualTo(200);
            // a DNS-rebinding page reaches 127.0.0.1 under its own host name (java.net.http cannot set Host: a socket)
            try (Socket s = new Socket("127.0.0.1", uri.getPort())) {
                byte[] body = INIT.getBytes(StandardCharsets.UTF_8);
                s.getOutputStream().write(("POST " + McpHttp.PATH + " HTTP/1.1\r\nHost: evil.example:" + uri.getPort()
                        + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(body);
                String status = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                        .findFirst().orElse("");
                assertThat(status).startsWith("HTTP/1.1 421");
            }
        }
    }

    @Test
    void should_refuse_a_non_loopback_address_without_a_token_and_a_short_token() {
        assertThatThrownBy(() -> new McpHttp.Options("0.0.0.0", 0, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IMAGEGEN4J_MCP_TOKEN")
                .hasMessageContaining("0.0.0.0");
        assertThatThrownBy(() -> BearerToken.of("short-secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("short-secret");
        assertThat(new McpHttp.Options("localhost", 0, null, List.of()).token()).isNull();
        assertThat(McpHttp.isLoopback("127.0.0.2")).isTrue();
        assertThat(McpHttp.isLoopback("::1")).isTrue();
        assertThat(McpHttp.isLoopback("0.0.0.0")).isFalse();
    }
}
