package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@code imagegen ... --provider google}: offline against the emulator, and for real with {@code GEMINI_API_KEY}. */
class GoogleCliTest extends InProcessCliTest {

    private static final String KEY = "AIzaCliTestKey0123456789";
    private static ImageApiEmulator emu;

    @BeforeAll
    static void start() {
        emu = ImageApiEmulator.builder().apiKey(KEY).start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.reset();
    }

    @Test
    void should_generate_a_16_9_2k_fox_with_gemini_against_the_emulator() throws Exception {
        Map<String, String> env = Map.of("GEMINI_API_KEY", KEY, "GEMINI_BASE_URL", emu.baseUrl(Dialect.GEMINI));

        int code = run(env, "generate", "a fox", "--provider", "google", "--aspect-ratio", "16:9", "--resolution", "2K",
                "-o", "fox.png", "--json");

        assertThat(code).as(err()).isZero();
        BufferedImage fox = ImageIO.read(dir.resolve("fox.png").toFile());
        assertThat(fox.getWidth()).isEqualTo(2752);
        assertThat(fox.getHeight()).isEqualTo(1536);
        JsonNode sent = emu.journal().last().json().orElseThrow();
        assertThat(sent.at("/generationConfig/imageConfig/aspectRatio").asText()).isEqualTo("16:9");
        assertThat(sent.at("/generationConfig/imageConfig/imageSize").asText()).isEqualTo("2K");
        assertThat(emu.journal().last().header("x-goog-api-key")).contains(KEY);
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.toString()).contains("google").contains("gemini-3.1-flash-image");
        assertThat(out() + err()).doesNotContain(KEY);
    }

    @Test
    void should_refuse_a_mask_for_gemini_before_sending() throws Exception {
        java.nio.file.Files.write(dir.resolve("cat.png"), png());
        java.nio.file.Files.write(dir.resolve("mask.png"), png());
        Map<String, String> env = Map.of("GOOGLE_API_KEY", KEY, "GEMINI_BASE_URL", emu.baseUrl(Dialect.GEMINI));

        int code = run(env, "edit", "a hat", "--provider", "google", "--image", "cat.png", "--mask", "mask.png");

        assertThat(code).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("does not support masked edits");
        assertThat(emu.journal().posts()).isEmpty();
    }

    /** With a real key: one real call to Google (costs about $0.07). Skipped without GEMINI_API_KEY. */
    @Test
    @EnabledIfEnvironmentVariable(named = "GEMINI_API_KEY", matches = ".+")
    void should_generate_a_fox_with_the_real_gemini_api() throws Exception {
        int code = run(System.getenv(), "generate", "a fox", "--provider", "google", "--aspect-ratio", "16:9",
                "--resolution", "2K", "-o", "real-fox.png");

        assertThat(code).as(err()).isZero();
        BufferedImage fox = ImageIO.read(dir.resolve("real-fox.png").toFile());
        assertThat((double) fox.getWidth() / fox.getHeight()).isBetween(1.7, 1.8);
    }

    private static byte[] png() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB), "png", b);
        return b.toByteArray();
    }
}
