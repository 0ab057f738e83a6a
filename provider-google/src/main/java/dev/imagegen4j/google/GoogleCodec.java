package dev.imagegen4j.google;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.Usage;
import dev.imagegen4j.openai.wire.ErrorMapper;
import dev.imagegen4j.openai.wire.StreamingJson;
import dev.imagegen4j.openai.wire.WireCodec;
import dev.imagegen4j.openai.wire.WireErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gemini's {@code generateContent} messages, the same for the Gemini API and Vertex AI.
 *
 * <p>Request: one user turn whose parts are the prompt and each reference image as {@code inlineData} (base64
 * streamed from the file while sending); {@code generationConfig} with {@code responseModalities} ({@code IMAGE},
 * or {@code TEXT, IMAGE} with text), {@code imageConfig} ({@code aspectRatio}, {@code imageSize}) and {@code seed}
 * where the model takes them; params and {@code google} provider options verbatim into {@code generationConfig},
 * except the top-level fields {@link #TOP_LEVEL} (and {@code include_text}, which is ours).
 *
 * <p>Answer: {@code candidates[].content.parts[].inlineData.data} are the images, decoded as they arrive; text parts
 * become the result's {@code text} metadata; {@code usageMetadata} becomes {@link Usage} (token counts by
 * modality; thinking tokens count as output text). An answer without an image is a
 * {@link ContentPolicyException} naming the reason: {@code promptFeedback.blockReason} (the prompt), or the
 * candidate's {@code finishReason} ({@code SAFETY}, {@code IMAGE_SAFETY}, {@code PROHIBITED_CONTENT}, ... or
 * {@code STOP} with only text). It was processed, so it is never retried. Thread-safe.
 */
final class GoogleCodec implements WireCodec {

    /** The provider option (and setting {@code include-text}) that asks for text parts beside the image. */
    static final String INCLUDE_TEXT = "include_text";
    /** Options that are request fields, not {@code generationConfig} fields. */
    static final Set<String> TOP_LEVEL = Set.of("safetySettings", "systemInstruction", "tools", "toolConfig",
            "cachedContent", "labels");
    private static final ImageStrings IMAGES = ImageStrings.keyIn("data", "inlineData", "inline_data");
    private static final Set<String> OUTPUT_REFUSALS = Set.of("SAFETY", "IMAGE_SAFETY", "PROHIBITED_CONTENT",
            "IMAGE_PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_RECITATION");

    private final String providerId;
    private final boolean includeText;

    GoogleCodec(String providerId, boolean includeText) {
        this.providerId = providerId;
        this.includeText = includeText;
    }

    @Override
    public Body encode(ImageRequest r, Call call) {
        ModelCapabilities caps = call.capabilities();
        boolean all = call.sendAsAsked();
        Map<String, Object> options = new LinkedHashMap<>(r.params());
        options.putAll(r.providerOptions(providerId));
        Object text = options.remove(INCLUDE_TEXT);
        boolean withText = text == null ? includeText : Boolean.parseBoolean(String.valueOf(text));
        StreamingJson json = StreamingJson.create();
        JsonGenerator g = json.generator();
        try {
            g.writeStartObject();
            g.writeArrayFieldStart("contents");
            g.writeStartObject();
            g.writeStringField("role", "user");
            g.writeArrayFieldStart("parts");
            if (r.prompt().isPresent()) {
                g.writeStartObject();
                g.writeStringField("text", r.prompt().get());
                g.writeEndObject();
            }
            for (ImageInput image : r.images()) {
                g.writeStartObject();
                g.writeObjectFieldStart("inlineData");
                g.writeStringField("mimeType", image.mimeType());
                g.writeFieldName("data");
                json.base64(image);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            for (String key : TOP_LEVEL) {
                if (options.containsKey(key)) {
                    g.writeObjectField(key, options.remove(key));
                }
            }
            g.writeObjectFieldStart("generationConfig");
            g.writeObjectField("responseModalities", withText ? List.of("TEXT", "IMAGE") : List.of("IMAGE"));
            Map<String, Object> imageConfig = new LinkedHashMap<>();
            if (all || caps.option("aspect_ratio").isPresent()) {
                r.aspectRatio().ifPresent(v -> imageConfig.put("aspectRatio", v.wireValue()));
            }
            if (all || caps.option("resolution").isPresent()) {
                r.resolution().ifPresent(v -> imageConfig.put("imageSize", v.wireValue()));
            }
            Object extra = options.remove("imageConfig");
            if (extra instanceof Map) {
                ((Map<?, ?>) extra).forEach((k, v) -> imageConfig.put(String.valueOf(k), v));
            }
            if (!imageConfig.isEmpty()) {
                g.writeObjectField("imageConfig", imageConfig);
            }
            if (all || caps.option("seed").isPresent()) {
                if (r.seed().isPresent()) {
                    g.writeNumberField("seed", r.seed().getAsLong());
                }
            }
            for (Map.Entry<String, Object> e : options.entrySet()) {
                g.writeObjectField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json.finish();
    }

    @Override
    public ImageStrings imageStrings() {
        return IMAGES;
    }

    @Override
    public WireErrors errors(ErrorMapper standard) {
        return new GoogleErrorMapper(standard);
    }

    @Override
    public void read(JsonNode answer, Answer into) {
        String responseId = text(answer, "responseId");
        if (responseId != null) {
            into.requestId(responseId);
            into.metadata("response-id", responseId);
        }
        String version = text(answer, "modelVersion");
        if (version != null) {
            into.metadata("model-version", version);
        }
        if (answer.path("usageMetadata").isObject()) {
            into.usage(usage(answer.get("usageMetadata")));
        }
        List<String> texts = new ArrayList<>();
        List<String> oddEndings = new ArrayList<>();
        int image = 0;
        for (JsonNode candidate : answer.path("candidates")) {
            String finish = text(candidate, "finishReason");
            if (finish != null && !finish.equals("STOP")) {
                oddEndings.add(finish);
            }
            for (JsonNode part : candidate.path("content").path("parts")) {
                JsonNode inline = part.has("inlineData") ? part.get("inlineData") : part.get("inline_data");
                boolean thought = part.path("thought").asBoolean(false);
                if (inline != null && inline.has("data")) {
                    if (image < into.images()) {
                        if (finish != null) {
                            into.imageMetadata(image, "finish-reason", finish);
                        }
                        if (thought) {
                            into.imageMetadata(image, "thought", true);
                        }
                    }
                    image++;
                } else if (part.has("text") && !thought) {
                    texts.add(part.get("text").asText());
                }
            }
        }
        if (!texts.isEmpty()) {
            into.metadata("text", String.join("\n", texts));
        }
        if (into.images() == 0) {
            throw refusal(answer, texts, into);
        }
        if (!oddEndings.isEmpty()) {
            into.warning("Gemini finished with " + String.join(", ", oddEndings) + " (the images that came are "
                    + "returned)");
        }
    }

    /** Why an answer without an image has none: a refusal, or (no candidates, no reason) an unknown outcome. */
    private RuntimeException refusal(JsonNode answer, List<String> texts, Answer into) {
        String requestId = into.requestId().orElse(null);
        JsonNode feedback = answer.path("promptFeedback");
        String block = text(feedback, "blockReason");
        if (block != null) {
            String detail = text(feedback, "blockReasonMessage");
            return new ContentPolicyException("Gemini blocked the prompt (blockReason " + block + ")"
                    + (detail == null ? "" : ": " + detail) + "; not retried: the request was processed", providerId,
                    into.status(), requestId, block, ContentPolicyException.Stage.INPUT,
                    categories(feedback.path("safetyRatings")), Map.of());
        }
        JsonNode candidate = answer.path("candidates").path(0);
        if (candidate.isMissingNode()) {
            return new ResultUnknownException("the answer has no candidates and no block reason; it may have been "
                    + "paid for", null, providerId, into.status(), requestId);
        }
        String finish = text(candidate, "finishReason");
        String reason = finish == null ? "no finishReason" : "finishReason " + finish;
        String detail = text(candidate, "finishMessage");
        String said = texts.isEmpty() ? "" : "; it said: " + cut(String.join(" ", texts));
        ContentPolicyException.Stage stage = finish != null && OUTPUT_REFUSALS.contains(finish)
                ? ContentPolicyException.Stage.OUTPUT : ContentPolicyException.Stage.UNKNOWN;
        return new ContentPolicyException("Gemini returned no image (" + reason + (detail == null ? "" : ": "
                + detail) + ")" + said + "; not retried: the request was processed", providerId, into.status(),
                requestId, finish, stage, categories(candidate.path("safetyRatings")), Map.of());
    }

    /** The blocked categories, else those rated HIGH or MEDIUM. */
    private static List<String> categories(JsonNode ratings) {
        List<String> blocked = new ArrayList<>();
        List<String> likely = new ArrayList<>();
        for (JsonNode r : ratings) {
            String category = text(r, "category");
            if (category == null) {
                continue;
            }
            if (r.path("blocked").asBoolean(false)) {
                blocked.add(category);
            } else if (Set.of("HIGH", "MEDIUM").contains(r.path("probability").asText(""))) {
                likely.add(category);
            }
        }
        return blocked.isEmpty() ? likely : blocked;
    }

    /** {@code usageMetadata}: token counts by modality; thinking tokens are output text. */
    static Usage usage(JsonNode u) {
        long thoughts = u.path("thoughtsTokenCount").asLong(0);
        Usage.Builder b = Usage.builder()
                .inputTokens(u.path("promptTokenCount").asLong(0))
                .inputTextTokens(modality(u.path("promptTokensDetails"), "TEXT"))
                .inputImageTokens(modality(u.path("promptTokensDetails"), "IMAGE"))
                .outputTokens(u.path("candidatesTokenCount").asLong(0) + thoughts)
                .outputImageTokens(modality(u.path("candidatesTokensDetails"), "IMAGE"))
                .outputTextTokens(modality(u.path("candidatesTokensDetails"), "TEXT") + thoughts);
        if (u.path("totalTokenCount").isNumber()) {
            b.totalTokens(u.get("totalTokenCount").asLong());
        }
        return b.build();
    }

    private static long modality(JsonNode details, String modality) {
        long sum = 0;
        for (JsonNode d : details) {
            if (modality.equals(d.path("modality").asText())) {
                sum += d.path("tokenCount").asLong(0);
            }
        }
        return sum;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
