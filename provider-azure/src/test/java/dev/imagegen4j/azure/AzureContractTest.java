package dev.imagegen4j.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import dev.imagegen4j.testkit.contract.ImageGeneratorContract;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;

/** The provider contract for {@code azure}: classic and v1 with an api-key, and v1 with Entra ID tokens. */
class AzureContractTest {

    static final String KEY = "azure-contract-key-0123456789";
    static final String DEPLOYMENT = "img2-prod";

    abstract static class AzureContract extends ImageGeneratorContract {

        @Override
        protected void configureEmulator(ImageApiEmulator.Builder builder) {
            builder.azureDeployment(DEPLOYMENT, "gpt-image-2");
        }

        @Override
        protected String providerId() {
            return "azure";
        }

        @Override
        protected Class<? extends ImageGenerationException> quotaExhaustedType() {
            return RateLimitException.class; // Azure answers an exhausted quota with 429 code "429"
        }
    }

    @Nested
    class Classic extends AzureContract {

        @Override
        protected void configureEmulator(ImageApiEmulator.Builder builder) {
            super.configureEmulator(builder);
            builder.apiKey(KEY);
        }

        @Override
        protected ImageGenerator createGenerator(ImageApiEmulator emulator) {
            return AzureImageGenerator.builder().endpoint(emulator.baseUrl()).apiKey(KEY)
                    .urlStyle(AzureUrlStyle.CLASSIC).deployment("gpt-image-2", DEPLOYMENT).build();
        }

        @Override
        protected void assertAddressed(RecordedRequest request, ImageOperation operation) {
            assertThat(request.path()).isEqualTo("/openai/deployments/" + DEPLOYMENT + "/images/"
                    + (operation == ImageOperation.EDIT ? "edits" : "generations"));
            assertThat(request.queryParam("api-version")).contains(AzureImageGenerator.DEFAULT_API_VERSION);
            assertThat(request.param("model")).isEmpty();
            assertThat(request.header("api-key")).contains(KEY);
            assertThat(request.header("authorization")).isEmpty();
        }

        @Override
        protected boolean supportsStreaming() {
            return false;
        }

        @Override
        protected List<String> secrets() {
            return List.of(KEY);
        }
    }

    @Nested
    class V1WithApiKey extends AzureContract {

        @Override
        protected void configureEmulator(ImageApiEmulator.Builder builder) {
            super.configureEmulator(builder);
            builder.apiKey(KEY);
        }

        @Override
        protected ImageGenerator createGenerator(ImageApiEmulator emulator) {
            return AzureImageGenerator.builder().endpoint(emulator.baseUrl()).apiKey(KEY)
                    .urlStyle(AzureUrlStyle.V1).deployment("gpt-image-2", DEPLOYMENT).build();
        }

        @Override
        protected void assertAddressed(RecordedRequest request, ImageOperation operation) {
            assertThat(request.path()).isEqualTo("/openai/v1/images/"
                    + (operation == ImageOperation.EDIT ? "edits" : "generations"));
            assertThat(request.query()).isNullOrEmpty();
            assertThat(request.param("model")).contains(DEPLOYMENT);
            assertThat(request.header("api-key")).contains(KEY);
            assertThat(request.header("authorization")).isEmpty();
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

    @Nested
    class V1WithTokenSupplier extends AzureContract {

        private final AtomicInteger issued = new AtomicInteger();
        private volatile String lastToken = "";

        @Override
        protected ImageGenerator createGenerator(ImageApiEmulator emulator) {
            return AzureImageGenerator.builder().endpoint(emulator.baseUrl()).deployment("gpt-image-2", DEPLOYMENT)
                    .tokenSupplier(() -> {
                        lastToken = "entra-token-" + issued.incrementAndGet() + "-abcdefghijkl";
                        return AzureToken.of(lastToken, Instant.now().plusSeconds(3600));
                    })
                    .build();
        }

        @Override
        protected void assertAddressed(RecordedRequest request, ImageOperation operation) {
            assertThat(request.path()).startsWith("/openai/v1/images/");
            assertThat(request.param("model")).contains(DEPLOYMENT);
            assertThat(request.header("authorization")).contains("Bearer " + lastToken);
            assertThat(request.header("api-key")).isEmpty();
        }

        @Override
        protected boolean supportsStreaming() {
            return true;
        }

        @Override
        protected List<String> secrets() {
            return lastToken.isEmpty() ? List.of() : List.of(lastToken);
        }
    }
}
