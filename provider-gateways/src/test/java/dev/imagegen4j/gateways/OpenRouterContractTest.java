package dev.imagegen4j.gateways;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.imagegen4j.Cost;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Usage;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import dev.imagegen4j.testkit.contract.ImageGeneratorContract;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

class OpenRouterContractTest extends ImageGeneratorContract {

    static final String KEY = "sk-or-v1-contract0123456789abcdef";
    private static final String PROMPT = "a red lighthouse on a cliff at dusk";

    @Override
    protected ImageGenerator createGenerator(ImageApiEmulator emu) {
        return OpenRouterImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl(Dialect.OPENROUTER)).build();
    }

    @Override
    protected String providerId() {
        return "openrouter";
    }

    @Override
    protected ModelId model() {
        return ModelId.GPT_IMAGE_2_5_FLARE;
    }

    @Override
    protected void assertAddressed(RecordedRequest r, ImageOperation op) {
        assertEquals("/openrouter/api/v1/chat/completions", r.path());
        assertEquals("openai/gpt-image-2.5-flare", r.param("model").orElseThrow());
        assertEquals("[\"image\",\"text\"]", r.param("modalities").orElseThrow());
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
    protected int imagesPerCall() {
        return 1;
    }

    @Override
    protected Optional<String> sentParam(RecordedRequest r, String name) {
        if (name.equals("prompt")) {
            return r.json().map(j -> j.path("messages").path(0).path("content").path(0).path("text").asText(null));
        }
        return r.param(name);
    }

    @Override
    protected Set<String> unsentOptions() {
        return Set.of("quality");
    }

    @Override
    protected void assertReportedUsage(ImageResult result) {
        long input = (PROMPT.length() + 3) / 4;
        long output = 1056; // the emulator's medium-quality tokens of a 1024x1024 image
        Usage u = result.usage().orElseThrow();
        assertEquals(input, u.inputTokens());
        assertEquals(output, u.outputTokens());
        assertEquals(input + output, u.totalTokens());
        Cost c = result.cost().orElseThrow();
        assertEquals(0, BigDecimal.valueOf(5 * input + 40 * output, 6).compareTo(c.amount()), c.toString());
        assertFalse(c.isEstimated());
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
        return OptionalInt.of(403);
    }

    @Override
    protected List<String> secrets() {
        return List.of(KEY);
    }
}
