package dev.imagegen4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.testkit.EmulatorExtension;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A response with n images holds about n images of memory (no array sized for the whole remaining body). */
class MemoryBoundsTest {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.create();

    @ParameterizedTest(name = "n={0} x {1} bytes")
    @CsvSource({"1, 4194304", "4, 4194304", "10, 1048576"})
    void should_hold_n_images_in_at_most_1_07_times_their_size(int n, int size) throws IOException {
        EMULATOR.emulator().synthetic(size);
        try (OpenAiImageGenerator g = OpenAiImageGenerator.builder().apiKey("sk-memory")
                .baseUrl(EMULATOR.emulator().baseUrl() + "/v1").build()) {

            ImageResult r = g.generate(ImageRequest.builder().prompt("many").model(ModelId.GPT_IMAGE_2).n(n).build());

            assertThat(r.images()).hasSize(n);
            long held = 0;
            for (GeneratedImage image : r.images()) {
                assertThat(image.sizeBytes()).isEqualTo(size);
                held += heldArray(image);
                try (var in = image.openStream()) {
                    OpenAiFaultTest.assertSynthetic(in, size, image.index());
                }
            }
            assertThat((double) held / ((long) n * size)).as("arrays held / decoded bytes").isLessThanOrEqualTo(1.07);
        }
    }

    /** The length of the array an image holds (reflection on the test's side only). */
    private static long heldArray(GeneratedImage image) {
        try {
            java.lang.reflect.Field f = GeneratedImage.class.getDeclaredField("bytes");
            f.setAccessible(true);
            return ((byte[]) f.get(image)).length;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
