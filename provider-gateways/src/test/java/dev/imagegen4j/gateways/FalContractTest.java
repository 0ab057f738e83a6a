package dev.imagegen4j.gateways;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import dev.imagegen4j.testkit.contract.ImageGeneratorContract;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

class FalContractTest extends ImageGeneratorContract {

    static final String KEY = "fal-contract-key:0123456789abcdef";

    @Override
    protected ImageGenerator createGenerator(ImageApiEmulator emu) {
        return FalImageGenerator.builder().apiKey(KEY).queueUrl(emu.baseUrl(Dialect.FAL)).syncUrl(emu.falSyncUrl())
                .pollInterval(Duration.ofMillis(25)).maxPollInterval(Duration.ofMillis(100)).build();
    }

    @Override
    protected String providerId() {
        return "fal";
    }

    @Override
    protected ModelId model() {
        return ModelId.GPT_IMAGE_2_5_FLARE;
    }

    @Override
    protected void assertAddressed(RecordedRequest r, ImageOperation op) {
        assertEquals("/fal/queue/openai/gpt-image-2.5/flare/" + (op == ImageOperation.EDIT ? "edit" : "text-to-image"),
                r.path());
    }

    @Override
    protected boolean supportsStreaming() {
        return false;
    }

    @Override
    protected int imagesPerCall() {
        return 4;
    }

    @Override
    protected void assertReportedUsage(ImageResult result) {
        assertTrue(result.usage().isEmpty() && result.cost().isEmpty(), "fal reports no usage: " + result);
        assertTrue(result.providerMetadata().containsKey("seed"), result.providerMetadata().toString());
    }

    @Override
    protected void assertMaskedEditSent(RecordedRequest wire) {
        assertTrue(wire.path().endsWith("/edit"), wire.path());
        assertTrue(wire.json().orElseThrow().path("image_urls").get(0).asText().startsWith("data:image/png;base64,"));
        assertTrue(wire.json().orElseThrow().path("mask_url").asText().startsWith("data:image/png;base64,"));
    }

    @Override
    protected OptionalInt contentPolicyStatus() {
        return OptionalInt.of(422);
    }

    @Override
    protected List<String> secrets() {
        return List.of(KEY);
    }
}
