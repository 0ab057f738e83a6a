package dev.imagegen4j.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.RecordedRequest;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mapping of each host as a table: a portable request in, the host's model and inputs on the wire (from
 * hosts.yaml), and the warnings for what the host does not take.
 */
class HostInputsTest {

    private static final String KEY = "host-inputs-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create(b -> b.apiKey(KEY).jobDuration(Duration.ofMillis(30)));

    private static ImageGenerator generator(String host) {
        String base = emu.emulator().baseUrl(host.equals("replicate") ? Dialect.REPLICATE
                : host.equals("fal") ? Dialect.FAL : Dialect.OPENROUTER);
        switch (host) {
            case "replicate":
                return ReplicateImageGenerator.builder().apiKey(KEY).baseUrl(base).syncWait(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(10)).build();
            case "fal":
                return FalImageGenerator.builder().apiKey(KEY).queueUrl(base).pollInterval(Duration.ofMillis(10))
                        .build();
            default:
                return OpenRouterImageGenerator.builder().apiKey(KEY).baseUrl(base).build();
        }
    }

    static Stream<Arguments> table() {
        Function<String, ImageRequest.Builder> r = m -> ImageRequest.builder().prompt("a fox").model(m);
        byte[] png = Images.png(64, 64);
        return Stream.of(
                Arguments.of("replicate", r.apply("gpt-image-2.6-flare").size("1536x1024").quality(
                        dev.imagegen4j.Quality.HIGH).n(2).outputFormat(dev.imagegen4j.OutputFormat.WEBP).build(),
                        "/replicate/v1/models/openai/gpt-image-2.6-flare/predictions",
                        "{\"input\":{\"prompt\":\"a fox\",\"number_of_images\":2,\"aspect_ratio\":\"3:2\","
                                + "\"quality\":\"high\",\"output_format\":\"webp\"}}",
                        "size 1536x1024 sent as aspect ratio 3:2"),
                Arguments.of("replicate", r.apply("flux-1.1-pro").aspectRatio("16:9").seed(42L)
                        .outputFormat(dev.imagegen4j.OutputFormat.JPEG).build(),
                        "/replicate/v1/models/black-forest-labs/flux-1.1-pro/predictions",
                        "{\"input\":{\"prompt\":\"a fox\",\"aspect_ratio\":\"16:9\",\"output_format\":\"jpg\","
                                + "\"seed\":42}}", null),
                Arguments.of("replicate", r.apply("gpt-image-2.5-sunburst").image(ImageInput.of(png, "in.png"))
                        .build(), "/replicate/v1/models/openai/gpt-image-2.5-sunburst/predictions",
                        "{\"input\":{\"prompt\":\"a fox\",\"input_images\":[\"data:image/png;base64,"
                                + java.util.Base64.getEncoder().encodeToString(png) + "\"]}}", null),
                Arguments.of("replicate", r.apply("gpt-image-2.5-flare").seed(7L).build(),
                        "/replicate/v1/models/openai/gpt-image-2.5-flare/predictions",
                        "{\"input\":{\"prompt\":\"a fox\"}}", "seed 7 ignored"),
                Arguments.of("fal", r.apply("gpt-image-2.5-flare").size("1024x1536").n(3).background(
                        dev.imagegen4j.Background.OPAQUE).build(),
                        "/fal/queue/openai/gpt-image-2.5/flare/text-to-image",
                        "{\"prompt\":\"a fox\",\"num_images\":3,\"image_size\":\"1024x1536\",\"background\":\"opaque\"}",
                        null),
                Arguments.of("fal", r.apply("flux-dev").size("1280x720").seed(5L).build(), "/fal/queue/fal-ai/flux/dev",
                        "{\"enable_safety_checker\":true,\"prompt\":\"a fox\",\"image_size\":{\"width\":1280,"
                                + "\"height\":720},\"seed\":5}", null),
                Arguments.of("fal", r.apply("gpt-image-2.5-sunburst").image(ImageInput.of(png, "in.png"))
                        .mask(ImageInput.of(png, "m.png")).param("extra_knob", true).build(),
                        "/fal/queue/openai/gpt-image-2.5/sunburst/edit",
                        "{\"prompt\":\"a fox\",\"image_urls\":[\"data:image/png;base64,"
                                + java.util.Base64.getEncoder().encodeToString(png) + "\"],\"mask_url\":"
                                + "\"data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png)
                                + "\",\"extra_knob\":true}", null),
                Arguments.of("openrouter", r.apply("gemini-3.1-flash-image").aspectRatio("16:9").resolution(
                        dev.imagegen4j.ResolutionTier.TWO_K).build(), "/openrouter/api/v1/chat/completions",
                        "{\"model\":\"google/gemini-3.1-flash-image\",\"messages\":[{\"role\":\"user\",\"content\":"
                                + "[{\"type\":\"text\",\"text\":\"a fox\"}]}],\"modalities\":[\"image\",\"text\"],"
                                + "\"image_config\":{\"aspect_ratio\":\"16:9\",\"image_size\":\"2K\"}}", null),
                Arguments.of("openrouter", r.apply("gpt-image-2.5-sunburst").size("1024x1536").quality(
                        dev.imagegen4j.Quality.HIGH).build(), "/openrouter/api/v1/chat/completions",
                        "{\"model\":\"openai/gpt-image-2.5-sunburst\",\"messages\":[{\"role\":\"user\",\"content\":"
                                + "[{\"type\":\"text\",\"text\":\"a fox\"}]}],\"modalities\":[\"image\",\"text\"],"
                                + "\"image_config\":{\"aspect_ratio\":\"2:3\"}}", "quality high ignored"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("table")
    void should_send_the_hosts_model_and_inputs(String host, ImageRequest request, String path, String body,
            String warning) throws Exception {
        try (ImageGenerator g = generator(host)) {
            ImageResult result = g.generate(request);

            RecordedRequest wire = emu.emulator().journal().posts().get(0);
            assertThat(wire.path()).isEqualTo(path);
            JsonNode sent = wire.json().orElseThrow();
            assertThat(sent).isEqualTo(JSON.readTree(body));
            assertThat(result.images()).hasSize(request.count());
            if (warning != null) {
                assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains(warning));
            }
        }
    }
}
