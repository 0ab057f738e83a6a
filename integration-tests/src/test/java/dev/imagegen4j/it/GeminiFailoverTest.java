package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.AllProvidersFailedException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.FaultRule;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failover route from an OpenAI-protocol member to Gemini, configured in a file, over real HTTP. */
class GeminiFailoverTest {

    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-route-123456", "GEMINI_API_KEY",
            "AIzaRouteKey123456");
    private static ImageApiEmulator emu;

    @TempDir
    Path dir;
    private ImageGenerator route;

    @BeforeAll
    static void start() {
        emu = ImageApiEmulator.start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void open() throws Exception {
        emu.reset();
        Path file = dir.resolve("imagegen4j.yaml");
        Files.writeString(file, """
                default: images
                generators:
                  openai:
                    provider: openai
                    api-key: ${OPENAI_API_KEY}
                    base-url: %s
                  gemini:
                    provider: google
                    api-key: ${GEMINI_API_KEY}
                    base-url: %s
                    models: { gpt-image-2: gemini-3-pro-image }
                routes:
                  images: { failover: [openai, gemini], retries: 0, model: gpt-image-2 }
                """.formatted(emu.baseUrl(Dialect.OPENAI), emu.baseUrl(Dialect.GEMINI)));
        route = ImageGenConfig.load(file, ENV).openDefault();
    }

    @AfterEach
    void close() {
        route.close();
    }

    private static List<RecordedRequest> posts(Dialect dialect) {
        return emu.journal().posts().stream().filter(r -> r.dialect().orElse(null) == dialect)
                .collect(Collectors.toList());
    }

    @Test
    void should_serve_one_request_with_gemini_when_openai_is_down() {
        emu.addRule(FaultRule.forPath("/v1/images/", Fault.status(503)));

        ImageResult r = route.generate(ImageRequest.builder().prompt("a lighthouse at dusk").size("1536x1024").build());

        assertThat(r.providerId()).isEqualTo("google");
        assertThat(r.wireModel()).isEqualTo("gemini-3-pro-image");
        assertThat(r.images()).hasSize(1);
        assertThat(r.warnings()).anyMatch(w -> w.contains("openai failed (RetryableException") && w.contains("served by"))
                .anyMatch(w -> w.contains("size 1536x1024 sent as aspect ratio 3:2"));
        assertThat(posts(Dialect.OPENAI)).hasSize(1);
        assertThat(posts(Dialect.GEMINI)).hasSize(1);
        assertThat(posts(Dialect.GEMINI).get(0).json().orElseThrow().at("/generationConfig/imageConfig/aspectRatio")
                .asText()).isEqualTo("3:2");
    }

    @Test
    void should_skip_gemini_with_the_reason_for_a_masked_edit() throws Exception {
        emu.addRule(FaultRule.forPath("/v1/images/", Fault.status(503)));
        byte[] png = png();

        assertThatThrownBy(() -> route.generate(ImageRequest.builder().prompt("a boat")
                .image(ImageInput.of(png, "sea.png")).mask(ImageInput.of(png, "mask.png")).build()))
                .isInstanceOf(AllProvidersFailedException.class)
                .hasMessageContaining("gemini (skipped: no mask support for gpt-image-2)");
        assertThat(posts(Dialect.OPENAI)).hasSize(1);
        assertThat(posts(Dialect.GEMINI)).isEmpty();
    }

    @Test
    void should_not_fail_over_to_gemini_when_openai_may_have_generated_the_image() {
        emu.addRule(FaultRule.forPath("/v1/images/", Fault.status(504)));

        assertThatThrownBy(() -> route.generate(ImageRequest.builder().prompt("a lighthouse").build()))
                .isInstanceOf(ResultUnknownException.class);
        assertThat(posts(Dialect.OPENAI)).hasSize(1);
        assertThat(posts(Dialect.GEMINI)).isEmpty();
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_ARGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
