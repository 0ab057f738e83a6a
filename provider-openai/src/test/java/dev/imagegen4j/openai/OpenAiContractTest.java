package dev.imagegen4j.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import dev.imagegen4j.testkit.contract.ImageGeneratorContract;
import java.util.List;

/** The provider contract, for the {@code openai} provider. */
class OpenAiContractTest extends ImageGeneratorContract {

    private static final String KEY = "sk-contract-0123456789abcdef";

    @Override
    protected void configureEmulator(ImageApiEmulator.Builder builder) {
        builder.apiKey(KEY);
    }

    @Override
    protected ImageGenerator createGenerator(ImageApiEmulator emulator) {
        return OpenAiImageGenerator.builder().apiKey(KEY).baseUrl(emulator.baseUrl(Dialect.OPENAI)).build();
    }

    @Override
    protected String providerId() {
        return "openai";
    }

    @Override
    protected void assertAddressed(RecordedRequest request, ImageOperation operation) {
        assertThat(request.path()).isEqualTo(operation == ImageOperation.EDIT ? "/v1/images/edits"
                : "/v1/images/generations");
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
