package dev.imagegen4j.gateways;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import dev.imagegen4j.testkit.contract.ImageGeneratorContract;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

class ReplicateContractTest extends ImageGeneratorContract {

    static final String KEY = "r8_contractKey0123456789abcdefghij";

    @Override
    protected ImageGenerator createGenerator(ImageApiEmulator emu) {
        return ReplicateImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl(Dialect.REPLICATE))
                .syncWait(Duration.ZERO).pollInterval(Duration.ofMillis(25)).maxPollInterval(Duration.ofMillis(100))
                .build();
    }

    @Override
    protected String providerId() {
        return "replicate";
    }

    @Override
    protected ModelId model() {
        return ModelId.GPT_IMAGE_2_5_FLARE;
    }

    @Override
    protected void assertAddressed(RecordedRequest r, ImageOperation op) {
        assertEquals("/replicate/v1/models/openai/gpt-image-2.5-flare/predictions", r.path());
    }

    @Override
    protected boolean supportsStreaming() {
        return false;
    }

    @Override
    protected boolean supportsMask() {
        return false;
    }

    @Override
    protected Optional<String> sentParam(RecordedRequest r, String name) {
        return r.json().map(j -> j.path("input").path(name)).filter(n -> !n.isMissingNode()).map(JsonNode::asText);
    }

    @Override
    protected void assertReportedUsage(ImageResult result) {
        assertTrue(result.usage().isEmpty() && result.cost().isEmpty(), "Replicate reports no usage: " + result);
        assertTrue(result.providerMetadata().containsKey("predict-time-seconds"), result.providerMetadata().toString());
    }

    @Override
    protected ImageRequest.Builder breakARule(ImageRequest.Builder request) {
        return request.size((String) null).aspectRatio("16:9");
    }

    @Override
    protected String[] brokenRule() {
        return new String[] {"aspect_ratio", "16:9"};
    }

    @Override
    protected OptionalInt contentPolicyStatus() {
        return OptionalInt.empty();
    }

    @Override
    protected List<String> secrets() {
        return List.of(KEY);
    }
}
