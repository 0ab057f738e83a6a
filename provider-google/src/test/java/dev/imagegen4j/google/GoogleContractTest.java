package dev.imagegen4j.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import dev.imagegen4j.testkit.contract.ImageGeneratorContract;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The provider contract for {@code google}: the Gemini API with a key, and Vertex AI with a token supplier. */
class GoogleContractTest {

    static final String KEY = GoogleGeneratorTest.KEY;

    abstract static class Google extends ImageGeneratorContract {

        @Override
        protected void configureEmulator(ImageApiEmulator.Builder builder) {
            builder.apiKey(KEY);
        }

        @Override
        protected String providerId() {
            return "google";
        }

        @Override
        protected ModelId model() {
            return ModelId.of("gemini-3.1-flash-image");
        }

        @Override
        protected boolean supportsStreaming() {
            return false;
        }

        @Override
        protected int imagesPerCall() {
            return 1;
        }

        @Override
        protected long outputTokensPerImage() {
            return 1120;
        }

        @Override
        protected List<String> secrets() {
            return List.of(KEY);
        }
    }

    @Nested
    class GeminiApi extends Google {
        @Override
        protected ImageGenerator createGenerator(ImageApiEmulator emulator) {
            return GoogleImageGenerator.builder().apiKey(KEY).baseUrl(emulator.baseUrl(Dialect.GEMINI)).build();
        }

        @Override
        protected void assertAddressed(RecordedRequest request, ImageOperation operation) {
            assertThat(request.path()).isEqualTo("/gemini/v1beta/models/gemini-3.1-flash-image:generateContent");
            assertThat(request.header("x-goog-api-key")).contains(KEY);
        }
    }

    @Nested
    class VertexAi extends Google {
        @Override
        protected ImageGenerator createGenerator(ImageApiEmulator emulator) {
            return GoogleImageGenerator.builder().vertex("proj-1", "global")
                    .tokenSupplier(() -> GoogleAccessToken.of(KEY, Instant.now().plusSeconds(600)))
                    .baseUrl(emulator.baseUrl(Dialect.GEMINI)).build();
        }

        @Override
        protected void assertAddressed(RecordedRequest request, ImageOperation operation) {
            assertThat(request.path()).isEqualTo("/gemini/v1/projects/proj-1/locations/global/publishers/google/"
                    + "models/gemini-3.1-flash-image:generateContent");
            assertThat(request.header("authorization")).contains("Bearer " + KEY);
        }
    }
}
