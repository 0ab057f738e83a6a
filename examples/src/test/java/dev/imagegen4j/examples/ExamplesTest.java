package dev.imagegen4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ImageResult;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example runs offline, as a new user runs it without keys. */
class ExamplesTest {

    private static final Map<String, String> NO_KEYS = Map.of();

    @TempDir
    Path dir;

    private static void assertImage(Path file) throws Exception {
        assertThat(ImageIO.read(file.toFile())).as(file.toString()).isNotNull();
    }

    @Test
    void should_run_the_generate_example() throws Exception {
        assertImage(GenerateExample.run(NO_KEYS, dir));
    }

    @Test
    void should_run_the_edit_with_mask_example() throws Exception {
        assertImage(EditWithMaskExample.run(NO_KEYS, dir));
    }

    @Test
    void should_run_the_streaming_example() throws Exception {
        assertImage(StreamingExample.run(NO_KEYS, dir));
        assertImage(dir.resolve("fox.partial-2.png"));
    }

    @Test
    void should_run_the_custom_size_example() throws Exception {
        Path banner = CustomSizeExample.run(NO_KEYS, dir);
        assertThat(banner.getFileName().toString()).isEqualTo("banner.webp");
        assertThat(ImageIO.read(banner.toFile()).getWidth()).isEqualTo(2560);
    }

    @Test
    void should_run_the_failover_config_example() throws Exception {
        ImageResult r = FailoverConfigExample.run(NO_KEYS, dir);
        assertThat(r.providerMetadata()).containsEntry("route-member", "backup");
    }

    @Test
    void should_run_the_guice_example() throws Exception {
        assertThat(GuiceExample.run(NO_KEYS, dir).images()).hasSize(1);
    }

    @Test
    void should_run_the_azure_example() throws Exception {
        assertImage(AzureExample.run(NO_KEYS, dir));
    }

    @Test
    void should_run_the_gemini_example_offline() throws Exception {
        assertImage(GeminiExample.run(NO_KEYS, dir));
    }

    @Test
    void should_run_the_gateways_example() throws Exception {
        ImageResult r = GatewaysExample.run(NO_KEYS, dir);
        assertThat(r.providerId()).isEqualTo("fal");
        assertImage(dir.resolve("lighthouse-fal.png"));
    }
}
