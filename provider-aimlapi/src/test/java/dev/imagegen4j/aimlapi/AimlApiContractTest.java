package dev.imagegen4j.aimlapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import dev.imagegen4j.testkit.contract.ImageGeneratorContract;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The provider contract for {@code aimlapi} (200 and 201 success) and {@code openai-compatible}. */
class AimlApiContractTest {

    static final String KEY = "aiml-contract-0123456789abcdef";

    abstract static class AimlApi extends ImageGeneratorContract {

        @Override
        protected ImageGenerator createGenerator(ImageApiEmulator emulator) {
            return AimlApiImageGenerator.builder().apiKey(KEY).baseUrl(emulator.baseUrl(Dialect.AIMLAPI)).build();
        }

        @Override
        protected String providerId() {
            return "aimlapi";
        }

        @Override
        protected void assertAddressed(RecordedRequest request, ImageOperation operation) {
            assertThat(request.path()).isEqualTo("/aimlapi/v1/images/"
                    + (operation == ImageOperation.EDIT ? "edits" : "generations"));
            assertThat(request.param("model")).contains("openai/gpt-image-2");
            assertThat(request.param("response_format")).contains("b64_json");
            assertThat(request.header("authorization")).contains("Bearer " + KEY);
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
        protected boolean reportsTokenUsage() {
            return false;
        }

        @Override
        protected List<String> secrets() {
            return List.of(KEY);
        }
    }

    @Nested
    class Status200 extends AimlApi {
        @Override
        protected void configureEmulator(ImageApiEmulator.Builder builder) {
            builder.apiKey(KEY);
        }
    }

    @Nested
    class Status201 extends AimlApi {
        @Override
        protected void configureEmulator(ImageApiEmulator.Builder builder) {
            builder.apiKey(KEY).aimlapiSuccessStatus(201);
        }
    }

    @Nested
    class OpenAiCompatibleWithBearer extends ImageGeneratorContract {

        @Override
        protected void configureEmulator(ImageApiEmulator.Builder builder) {
            builder.apiKey(KEY);
        }

        @Override
        protected ImageGenerator createGenerator(ImageApiEmulator emulator) {
            return OpenAiCompatibleImageGenerator.builder().baseUrl(emulator.baseUrl(Dialect.OPENAI)).apiKey(KEY)
                    .build();
        }

        @Override
        protected String providerId() {
            return "openai-compatible";
        }

        @Override
        protected void assertAddressed(RecordedRequest request, ImageOperation operation) {
            assertThat(request.path()).isEqualTo("/v1/images/" + (operation == ImageOperation.EDIT ? "edits"
                    : "generations"));
            assertThat(request.param("model")).contains("gpt-image-2");
            assertThat(request.header("authorization")).contains("Bearer " + KEY);
        }

        @Override
        protected boolean supportsStreaming() {
            return true;
        }

        @Override
        protected List<String> secrets() {
            return List.of(KEY);
        }
    }

    /** A relay in front of Azure's v1 API: api-key header, one image per call, no streaming, a model map. */
    @Nested
    class OpenAiCompatibleWithApiKeyHeader extends ImageGeneratorContract {

        @Override
        protected void configureEmulator(ImageApiEmulator.Builder builder) {
            builder.apiKey(KEY).azureDeployment("relay-img2", "gpt-image-2");
        }

        @Override
        protected ImageGenerator createGenerator(ImageApiEmulator emulator) {
            return OpenAiCompatibleImageGenerator.builder().baseUrl(emulator.baseUrl() + "/openai/v1").apiKey(KEY)
                    .authHeader("api-key").model(dev.imagegen4j.ModelId.GPT_IMAGE_2, "relay-img2")
                    .streaming(false).maxImagesPerCall(1).build();
        }

        @Override
        protected String providerId() {
            return "openai-compatible";
        }

        @Override
        protected void assertAddressed(RecordedRequest request, ImageOperation operation) {
            assertThat(request.param("model")).contains("relay-img2");
            assertThat(request.header("api-key")).contains(KEY);
            assertThat(request.headers()).doesNotContainKey("authorization");
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
        protected Class<? extends dev.imagegen4j.ImageGenerationException> quotaExhaustedType() {
            return dev.imagegen4j.RateLimitException.class;
        }

        @Override
        protected List<String> secrets() {
            return List.of(KEY);
        }
    }
}
