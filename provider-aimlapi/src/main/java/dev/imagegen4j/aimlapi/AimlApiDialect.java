package dev.imagegen4j.aimlapi;

import dev.imagegen4j.Cost;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSize;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Quality;
import dev.imagegen4j.Secret;
import dev.imagegen4j.openai.wire.WireDialect;
import dev.imagegen4j.spi.HostModels;
import java.math.BigDecimal;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * AI/ML API: Bearer key, {@code openai/...} model ids, preset sizes only, one image per generation call,
 * no streaming, {@code response_format} accepted for gpt-image models, {@code meta.usage} with credits and
 * USD instead of token usage.
 */
final class AimlApiDialect implements WireDialect {

    static final String CREDITS = "credits-used";
    private static final Set<ImageSize> PRESETS = Set.of(ImageSize.SQUARE_1024, ImageSize.PORTRAIT_1536,
            ImageSize.LANDSCAPE_1536);

    private final String base;
    private final Secret apiKey;
    private final HostModels models;

    AimlApiDialect(URI baseUrl, Secret apiKey, HostModels models) {
        String b = baseUrl.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.apiKey = apiKey;
        this.models = models;
    }

    @Override
    public String providerId() {
        return "aimlapi";
    }

    @Override
    public URI endpoint(ImageOperation operation, String wireModel) {
        return URI.create(base + "/images/" + (operation == ImageOperation.EDIT ? "edits"
                : operation == ImageOperation.GENERATE ? "generations" : "variations"));
    }

    @Override
    public void headers(BiConsumer<String, String> header) {
        header.accept("Authorization", "Bearer " + apiKey.reveal());
    }

    /** From {@code hosts.yaml} ({@code openai/<id>} for GPT Image ids it does not list), else the id as it is. */
    @Override
    public String wireModel(ModelId model) {
        return models.find(providerId(), model).map(HostModels.Entry::id).orElse(model.value());
    }

    @Override
    public ModelCapabilities narrow(ModelId model, ModelCapabilities caps) {
        EnumSet<ImageOperation> ops = EnumSet.noneOf(ImageOperation.class);
        ops.addAll(caps.operations());
        ops.remove(ImageOperation.VARIATION); // not documented on AI/ML API
        if (ops.isEmpty()) {
            ops.add(ImageOperation.GENERATE);
        }
        ModelCapabilities.Builder b = caps.toBuilder()
                .narrowedBy("AI/ML API")
                .operations(ops.toArray(new ImageOperation[0]))
                .streaming(false)
                .imageReferences(false) // edits take uploaded files only
                .inputFidelity(false);
        if (caps.family().equals("gpt-image")) {
            b.sizeRule(caps.sizeRule().narrowTo(PRESETS))
                    .responseFormat(true) // accepted for gpt-image models; we ask for b64_json unless told otherwise
                    .note("AI/ML API's default quality for gpt-image models is medium; auto is not offered");
            // AI/ML API offers no auto quality (its default is medium); every other value the model takes stays
            Set<Quality> qualities = new LinkedHashSet<>(caps.qualities());
            qualities.remove(Quality.AUTO);
            if (!qualities.isEmpty()) {
                b.qualities(qualities.toArray(new Quality[0]));
            }
        }
        return b.build();
    }

    @Override
    public int maxImagesPerCall(ImageOperation operation, ModelId model, ModelCapabilities capabilities) {
        if (operation == ImageOperation.GENERATE && !wireModel(model).equals("dall-e-2")) {
            return 1; // n is enum [1] on AI/ML API generations except dall-e-2
        }
        return capabilities.maxN();
    }

    @Override
    public boolean supportsStreaming() {
        return false;
    }

    @Override
    public void postProcess(ImageResult.Builder result, Map<String, Object> extras) {
        extras.forEach((key, value) -> {
            if (!key.equals("meta")) {
                result.providerMetadata(key, value);
                return;
            }
            Object usage = value instanceof Map ? ((Map<?, ?>) value).get("usage") : null;
            if (!(usage instanceof Map)) {
                result.providerMetadata(key, value);
                return;
            }
            Map<?, ?> u = (Map<?, ?>) usage;
            if (u.get("usd_spent") instanceof Number) {
                result.cost(Cost.reported(new BigDecimal(u.get("usd_spent").toString()), "USD"));
            }
            if (u.get("credits_used") instanceof Number) {
                result.providerMetadata(CREDITS, ((Number) u.get("credits_used")).longValue());
            }
        });
    }

    @Override
    public void merge(ImageResult.Builder merged, List<ImageResult> parts) {
        long credits = 0;
        boolean any = false;
        for (ImageResult r : parts) {
            Object c = r.providerMetadata().get(CREDITS);
            if (c instanceof Number) {
                credits += ((Number) c).longValue();
                any = true;
            }
        }
        if (any) {
            merged.providerMetadata(CREDITS, credits);
        }
    }

    @Override
    public List<String> secretsToRedact() {
        return List.of(apiKey.reveal());
    }
}
