package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * OpenRouter's chat completions with image output at {@code /openrouter/api/v1/chat/completions}:
 * {@code Authorization: Bearer}; {@code model} from the emulator's own table ({@code openai/gpt-image-2.5-flare},
 * {@code openai/gpt-image-2.5-sunburst}, {@code openai/gpt-image-2.6-flare}, {@code google/gemini-3.1-flash-image},
 * {@code google/gemini-3-pro-image}); {@code messages} with the prompt as text and reference images as
 * {@code image_url} parts; {@code modalities} must include {@code image}; {@code image_config.aspect_ratio} and
 * {@code image_config.image_size}. The answer has one image per call as a base64 data URL in
 * {@code choices[0].message.images[0].image_url.url}, a short text, and {@code usage} ({@code prompt_tokens} = the
 * prompt's text tokens plus 65 + 129 per 512-px tile of each reference image, {@code completion_tokens} = the image's
 * medium-quality tokens, {@code cost} = (5 x prompt + 40 x completion) / 1,000,000 USD). Errors are
 * {@code {"error": {"code", "message"}}}; a content-policy fault is OpenRouter's 403 moderation answer. The response
 * {@code id} is the request's {@code x-request-id}. Thread-safe.
 */
final class OpenRouterApi implements DialectHandler {

    private static final String PATH = "/openrouter/api/v1/chat/completions";
    private static final List<String> GPT_RATIOS = List.of("1:1", "3:2", "2:3");
    private static final List<String> GEMINI_RATIOS = List.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16",
            "16:9", "21:9");
    private static final List<String> MODELS = List.of("openai/gpt-image-2.5-flare", "openai/gpt-image-2.5-sunburst",
            "openai/gpt-image-2.6-flare", "google/gemini-3.1-flash-image", "google/gemini-3-pro-image");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EmulatorContext ctx;

    OpenRouterApi(EmulatorContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Dialect dialect() {
        return Dialect.OPENROUTER;
    }

    @Override
    public boolean handles(String path) {
        return path.startsWith("/openrouter/");
    }

    /** {@code gen-<seconds>-<20 letters and digits>}, as OpenRouter's generation ids. */
    @Override
    public String newRequestId() {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder("gen-").append(Instant.now().getEpochSecond()).append('-');
        for (int i = 0; i < 20; i++) {
            sb.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return sb.toString();
    }

    @Override
    public Response handle(Exchange ex, Fault fault) {
        try {
            String key = JobHosts.key(ex, "Bearer");
            if (key == null) {
                throw error(401, "No auth credentials found");
            }
            if (!ctx.keyAccepted(key)) {
                throw error(401, "User not found.");
            }
            if (!ex.head.path.equals(PATH)) {
                throw error(404, "Not Found");
            }
            if (!ex.head.method.equals("POST")) {
                throw error(405, "Method Not Allowed");
            }
            JsonNode body = JobHosts.body(ex);
            if (body == null) {
                throw error(400, "Input required: the body must be a JSON object");
            }
            String model = body.path("model").asText("");
            if (!MODELS.contains(model) && ctx.shipped.stream().noneMatch(e -> model.equals("openai/" + e.id))) {
                throw error(400, model + " is not a valid model ID");
            }
            ex.model = model;
            switch (fault.kind()) {
                case STATUS:
                    throw error(fault.status(), fault.status() >= 500 ? "Internal Server Error (scripted by the "
                            + "emulator)" : Response.reason(fault.status()) + " (scripted by the emulator)");
                case RATE_LIMITED:
                    throw JobHosts.rateLimited(error(429, "Rate limit exceeded: free-models-per-min"),
                            fault.duration());
                case QUOTA_EXHAUSTED:
                    throw error(402, "Insufficient credits. Add more using https://openrouter.ai/settings/credits");
                case CONTENT_POLICY:
                    throw error(403, model + " requires moderation on OpenAI. Your input was flagged for \"violence\". "
                            + "No credits were charged.");
                default:
                    break;
            }
            return answer(ex, body, model, fault);
        } catch (ApiError e) {
            return e.toResponse();
        }
    }

    private Response answer(Exchange ex, JsonNode body, String model, Fault fault) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.size() == 0) {
            throw error(400, "messages: Expected an array of messages");
        }
        JsonNode modalities = body.get("modalities");
        boolean image = false;
        if (modalities != null && modalities.isArray()) {
            for (JsonNode m : modalities) {
                image |= m.asText().equals("image");
            }
        }
        if (!image) {
            throw error(400, "modalities must include \"image\" for image output from " + model);
        }
        StringBuilder prompt = new StringBuilder();
        List<byte[]> inputs = new ArrayList<>();
        int inputTokens = 0;
        for (JsonNode m : messages) {
            JsonNode content = m.get("content");
            if (content != null && content.isTextual()) {
                prompt.append(content.asText());
            } else if (content != null && content.isArray()) {
                for (JsonNode part : content) {
                    String type = part.path("type").asText();
                    if (type.equals("text")) {
                        prompt.append(part.path("text").asText());
                    } else if (type.equals("image_url")) {
                        byte[] in = JobHosts.dataUrl(part.path("image_url").path("url").asText(null));
                        inputs.add(in);
                        ImageInfo info = in == null ? null : ImageInfo.of(in);
                        inputTokens += info == null ? Usage.inputImageTokens(1024, 1024)
                                : Usage.inputImageTokens(info.width, info.height);
                    } else {
                        throw error(400, "messages.content: unknown part type '" + type + "'");
                    }
                }
            }
        }
        if (prompt.toString().isBlank()) {
            throw error(400, "the prompt is empty");
        }
        boolean gpt = model.startsWith("openai/");
        JsonNode config = body.path("image_config");
        String ratio = config.path("aspect_ratio").asText("1:1");
        List<String> ratios = gpt ? GPT_RATIOS : GEMINI_RATIOS;
        if (!ratios.contains(ratio)) {
            throw error(400, "image_config.aspect_ratio '" + ratio + "' is not supported by " + model + " (supported: "
                    + String.join(", ", ratios) + ")");
        }
        String tier = config.path("image_size").asText("1K");
        if (!List.of("1K", "2K", "4K").contains(tier.toUpperCase(Locale.ROOT))) {
            throw error(400, "image_config.image_size must be 1K, 2K or 4K");
        }
        int k = Integer.parseInt(tier.substring(0, 1));
        int[] size = gpt ? JobHosts.gptSize(ratio) : JobHosts.size(ratio, 1024L * 1024 * k * k, 16);
        String text = prompt.toString();
        byte[] first = inputs.isEmpty() ? null : inputs.get(0);
        List<String> names = JobHosts.render(ctx, text, 1, size[0], size[1], "png", first);
        byte[] png = ctx.files.bytes(names.get(0));
        int promptTokens = Usage.textTokens(text) + inputTokens;
        int completion = Usage.outputImageTokens(size[0], size[1], "medium");
        ObjectNode o = JobHosts.object();
        o.put("id", ex.requestId);
        o.put("provider", gpt ? "OpenAI" : "Google");
        o.put("model", model);
        o.put("object", "chat.completion");
        o.put("created", Instant.now().getEpochSecond());
        ObjectNode choice = o.putArray("choices").addObject();
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        choice.put("native_finish_reason", "STOP");
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", "Here is the image you asked for.");
        message.putNull("refusal");
        message.putArray("images").addObject().put("type", "image_url").putObject("image_url")
                .put("url", "data:image/png;base64," + Base64.getEncoder().encodeToString(png));
        ObjectNode usage = o.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", promptTokens + completion);
        usage.put("cost", java.math.BigDecimal.valueOf(5L * promptTokens + 40L * completion, 6));
        if (fault.kind() == Fault.Kind.MALFORMED_JSON) {
            String s = o.toString();
            return Response.json(200, s.substring(0, s.indexOf("base64,") + 20), "200 image fault MALFORMED_JSON");
        }
        return JobHosts.json(200, o, "200 image " + model + " " + size[0] + "x" + size[1]);
    }

    private static ApiError error(int status, String message) {
        ObjectNode body = JobHosts.object();
        body.putObject("error").put("message", message).put("code", status);
        return new ApiError(status, body.toString(), status + " " + message);
    }
}
