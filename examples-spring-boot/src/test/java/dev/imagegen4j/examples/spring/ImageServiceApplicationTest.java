package dev.imagegen4j.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The example service booted whole (offline, against the emulator it starts): POST /images, then read the call's
 * metric, health and info over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "OPENAI_API_KEY=")
class ImageServiceApplicationTest {

    @Value("${local.server.port}")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_draw_an_image_and_show_the_call_in_metrics_health_and_info() throws Exception {
        HttpResponse<String> drawn = post("/images", "{\"prompt\": \"a lighthouse at dusk, watercolour\", "
                + "\"size\": \"1024x1024\"}");

        assertThat(drawn.statusCode()).as(drawn.body()).isEqualTo(200);
        assertThat(drawn.body()).contains("\"provider\":\"openai\"", "\"dataUrl\":\"data:image/png;base64,iVBOR",
                "\"width\":1024", "\"usage\":{", "\"currency\":\"USD\"");

        HttpResponse<String> calls = get("/actuator/metrics/imagegen4j.calls");
        assertThat(calls.statusCode()).as(calls.body()).isEqualTo(200);
        assertThat(calls.body()).contains("\"name\":\"imagegen4j.calls\"", "{\"statistic\":\"COUNT\",\"value\":1.0}",
                "\"tag\":\"imagegen4j.generator\"", "\"images\"", "\"tag\":\"gen_ai.request.model\"");
        HttpResponse<String> tokens = get("/actuator/metrics/imagegen4j.tokens?tag=gen_ai.token.type:output");
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.body()).doesNotContain("lighthouse");

        int posts = OfflineEmulatorAccess.posts();
        HttpResponse<String> bad = post("/images", "{\"prompt\": \"a fox\", \"size\": \"1000x1000\"}");
        // no member of the route takes the size: the request itself is wrong, whoever would serve it
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(bad.body()).contains("InvalidRequestException", "size 1000x1000 for gpt-image-2",
                "multiples of 16");
        assertThat(OfflineEmulatorAccess.posts()).as("refused before sending").isEqualTo(posts);

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.body()).contains("\"imagegen4j\"", "\"default\":\"images\"",
                "\"images\":{\"primary\":\"closed\",\"backup\":\"closed\"}");
        HttpResponse<String> info = get("/actuator/info");
        assertThat(info.body()).contains("\"imagegen4j\"", "\"providers\":[", "\"openai\"", "\"catalog\":");
    }
}
