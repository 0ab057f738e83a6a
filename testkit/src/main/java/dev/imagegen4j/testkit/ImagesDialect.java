package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * What one service speaking the OpenAI Images protocol does differently: its routes, auth header, model ids,
 * per-dialect validation rules, response fields and error shapes. {@link OpenAiImagesApi} runs the common
 * protocol and asks its dialect at each point where services differ. The defaults here are OpenAI's own
 * behaviour; {@link AzureImagesDialect} and {@link AimlApiImagesDialect} override what differs.
 * Implementations are immutable and thread-safe.
 */
abstract class ImagesDialect {

    final EmulatorContext ctx;

    ImagesDialect(EmulatorContext ctx) {
        this.ctx = ctx;
    }

    abstract Dialect dialect();

    /** Whether the dialect serves {@code path} (by prefix). */
    abstract boolean handles(String path);

    String newRequestId() {
        return DialectHandler.openAiRequestId();
    }

    /** The error shapes for one request. */
    abstract Errors errors(Exchange ex);

    /** Service-specific response headers. */
    void decorate(Response response, Exchange ex) {
    }

    // ---------------------------------------------------------------- auth, routes, models

    /** The key the client presented ({@code Authorization: Bearer}), or {@code null}. */
    String presentedKey(Exchange ex) {
        String authorization = ex.header("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).trim();
            return key.isEmpty() ? null : key;
        }
        return null;
    }

    /** The route of a request this dialect handles, or the dialect's 404/400 for routes and api-versions. */
    abstract ImagesRoute route(Exchange ex, Errors errors);

    /** The model a request addresses, without failing (for fault messages and the journal); {@code null} when unknown. */
    abstract Models.Model peekModel(Exchange ex, ImagesRoute route);

    /** The model the request is for, or the dialect's error for a missing or unknown model. */
    abstract Models.Model resolveModel(Exchange ex, ImagesRoute route, Params params, Errors errors);

    /** Refuses a model the route cannot serve (e.g. an Azure api-version that predates it). */
    void checkModelOnRoute(Models.Model model, ImagesRoute route, Errors errors) {
    }

    // ---------------------------------------------------------------- validation rules

    /** Whether unknown fields are dropped silently instead of answered with {@code unknown_parameter}. */
    boolean stripsUnknownFields() {
        return false;
    }

    /** Refuses the JSON form of {@code /images/edits} where the service does not take it. */
    void checkJsonEdit(Errors errors) {
    }

    /** The largest {@code n} for the model and operation. */
    int maxN(Models.Model model, ImagesRoute.Op op) {
        return model.family == Models.Family.DALLE3 ? 1 : 10;
    }

    /** Whether {@code response_format} is accepted for the model (and {@code url} is then the default). */
    boolean acceptsResponseFormat(Models.Model model) {
        return model.isDalle();
    }

    /** The {@code output_format} values the model produces (GPT image models only). */
    List<String> outputFormats(Models.Model model) {
        return model.isGpt26OrLater() ? List.of("png", "jpeg", "webp", "svg", "gif") : List.of("png", "jpeg", "webp");
    }

    /** Refuses an {@code output_format} the service does not produce although the model does. */
    void checkOutputFormat(String format, Errors errors) {
    }

    /** Refuses {@code stream}/{@code partial_images} where the service does not stream. */
    void checkStreaming(Boolean stream, Integer partials, Errors errors) {
    }

    /** The {@code quality} values the model takes on this operation. */
    List<String> qualities(Models.Model model, ImagesRoute.Op op) {
        switch (model.family) {
            case DALLE2:
                return List.of("standard", "auto");
            case DALLE3:
                return op == ImagesRoute.Op.EDITS ? List.of("standard", "auto") : List.of("standard", "hd", "auto");
            default:
                List<String> q = new java.util.ArrayList<>(model.isGpt25OrLater()
                        ? List.of("low", "medium", "high", "xhigh", "max", "auto") : List.of("low", "medium", "high", "auto"));
                q.addAll(model.extraQualities());
                return q;
        }
    }

    /** The quality used when the request has none. */
    String defaultQuality(Models.Model model) {
        return model.isDalle() ? "standard" : "auto";
    }

    /** The preset {@code size} values (including {@code auto} where the service takes it). */
    List<String> presetSizes(Models.Model model) {
        switch (model.family) {
            case DALLE2:
                return List.of("256x256", "512x512", "1024x1024");
            case DALLE3:
                return List.of("1024x1024", "1792x1024", "1024x1792");
            default:
                return List.of("1024x1024", "1536x1024", "1024x1536", "auto");
        }
    }

    /** Whether any {@code WxH} within the gpt-image-2 rule is accepted for the model. */
    boolean customSizes(Models.Model model) {
        return model.customSizes();
    }

    /** The size used when the request has none. */
    String defaultSize(Models.Model model, ImagesRoute route, boolean jsonEdit) {
        if (model.isDalle() || (route.op == ImagesRoute.Op.EDITS && !jsonEdit)) {
            return "1024x1024";
        }
        return "auto";
    }

    // ---------------------------------------------------------------- responses

    /** The status of a successful non-streaming answer. */
    int successStatus() {
        return 200;
    }

    /** Whether a response item carries the unused one of {@code url}/{@code b64_json} as {@code null}. */
    boolean nullsUnusedImageField() {
        return false;
    }

    /** Top-level fields besides {@code data} and usage: {@code created}, and the echoed settings of GPT image models. */
    void shapeRoot(ObjectNode root, ImageJob job) {
        root.put("created", Instant.now().getEpochSecond());
        if (job.model.isGptImage()) {
            root.put("background", job.background);
            root.put("output_format", job.format);
            root.put("quality", job.quality);
            root.put("size", job.width + "x" + job.height);
            if (job.safetyIdentifier != null) {
                root.put("safety_identifier", job.safetyIdentifier);
            }
        }
    }

    /** Extra fields of one {@code data[]} item (after the image and {@code revised_prompt}). */
    void shapeItem(ObjectNode item, ImageJob job) {
    }

    /** The usage block: {@code usage} for GPT image models, plus {@code svg_usage} for SVG output. */
    void shapeUsage(ObjectNode root, ImageJob job, Usage usage, Usage svgUsage) {
        if (job.model.isGptImage()) {
            usage.writeTo(root.putObject("usage"), true);
        }
        if (svgUsage != null) {
            root.putObject("svg_usage").put("model", job.svgModel == null ? Usage.SVG_DEFAULT_MODEL : job.svgModel)
                    .put("input_tokens", svgUsage.inputTokens()).put("output_tokens", svgUsage.outputTokens)
                    .put("reasoning_tokens", Usage.svgReasoningTokens(job.svgEffort))
                    .put("total_tokens", svgUsage.totalTokens());
        }
    }
}
