package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google's {@code generateContent} for Gemini image models, under {@code /gemini}: the Gemini API
 * ({@code /gemini/v1beta/models/{model}:generateContent}, or {@code v1}, {@code v1alpha}; key in {@code x-goog-api-key} or {@code ?key=}), Vertex AI
 * ({@code /gemini/v1/projects/{p}/locations/{l}/publishers/google/models/{model}:generateContent}, a bearer token) and
 * Vertex express mode ({@code /gemini/v1/publishers/google/models/{model}:generateContent}, a key).
 *
 * <p>It checks the key, the model ({@link #MODELS}: unknown ones and the shut-down previews are 404
 * {@code NOT_FOUND}), the body (contents and parts, inline images that decode to PNG/JPEG/WebP, at most 14,
 * {@code responseModalities} with {@code IMAGE}, {@code imageConfig.aspectRatio} and {@code imageSize} from the
 * model's lists, a whole {@code seed}, no unknown {@code generationConfig} or top-level field), and answers with a
 * real PNG of the aspect ratio and tier (Gemini's published pixel sizes), {@code usageMetadata} by modality, a text
 * part when {@code TEXT} was asked for, {@code modelVersion} and {@code responseId}. Errors are Google's
 * {@code {"error":{"code","message","status","details"}}} ({@code RetryInfo} on 429s). Refusals are 200 answers
 * without an image: {@link Fault#contentPolicy()} (finish reason {@code IMAGE_SAFETY}), or a prompt containing
 * {@code [block-prompt]} ({@code promptFeedback.blockReason: PROHIBITED_CONTENT}), {@code [image-safety]} or
 * {@code [text-only]} (only a text part, finish reason {@code STOP}). Thread-safe.
 */
final class GeminiApi implements DialectHandler {

    /** Model id to its aspect ratios and resolution tiers (none: the model takes no {@code imageSize}). */
    static final Map<String, Model> MODELS = models();
    static final int MAX_IMAGES = 14;
    private static final Set<String> MIME_TYPES = Set.of("image/png", "image/jpeg", "image/webp");
    private static final Set<String> TOP_FIELDS = Set.of("contents", "generationConfig", "safetySettings",
            "systemInstruction", "tools", "toolConfig", "cachedContent", "labels");
    private static final Set<String> CONFIG_FIELDS = Set.of("responseModalities", "imageConfig", "seed",
            "temperature", "topP", "topK", "candidateCount", "maxOutputTokens", "stopSequences", "thinkingConfig",
            "responseMimeType", "presencePenalty", "frequencyPenalty", "mediaResolution");
    private static final Pattern GEMINI = Pattern.compile("/gemini/v1(?:beta|alpha)?/models/([^/:]+):generateContent");
    private static final Pattern VERTEX = Pattern.compile(
            "/gemini/v1/(?:projects/([^/]+)/locations/([^/]+)/)?publishers/google/models/([^/:]+):generateContent");
    /** Gemini's pixel sizes at 1K per aspect ratio; 2K doubles, 4K quadruples, 0.5K halves each edge. */
    private static final Map<String, int[]> ONE_K = Map.of("1:1", new int[] {1024, 1024}, "2:3",
            new int[] {848, 1264}, "3:2", new int[] {1264, 848}, "3:4", new int[] {896, 1200}, "4:3",
            new int[] {1200, 896}, "4:5", new int[] {928, 1152}, "5:4", new int[] {1152, 928}, "9:16",
            new int[] {768, 1376}, "16:9", new int[] {1376, 768}, "21:9", new int[] {1584, 672});

    /** One model's shape options. */
    static final class Model {
        final String id;
        final List<String> ratios;
        final List<String> tiers;

        Model(String id, List<String> ratios, List<String> tiers) {
            this.id = id;
            this.ratios = ratios;
            this.tiers = tiers;
        }
    }

    private static Map<String, Model> models() {
        List<String> ten = List.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9");
        List<String> fourteen = List.of("1:1", "1:4", "1:8", "2:3", "3:2", "3:4", "4:1", "4:3", "4:5", "5:4", "8:1",
                "9:16", "16:9", "21:9");
        Map<String, Model> m = new LinkedHashMap<>();
        m.put("gemini-3-pro-image", new Model("gemini-3-pro-image", ten, List.of("1K", "2K", "4K")));
        m.put("gemini-3.1-flash-image", new Model("gemini-3.1-flash-image", fourteen,
                List.of("0.5K", "1K", "2K", "4K")));
        m.put("gemini-3.1-flash-lite-image", new Model("gemini-3.1-flash-lite-image", ten, List.of("1K", "2K", "4K")));
        m.put("gemini-2.5-flash-image", new Model("gemini-2.5-flash-image", ten, List.of()));
        return Map.copyOf(m);
    }

    private final EmulatorContext ctx;

    GeminiApi(EmulatorContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Dialect dialect() {
        return Dialect.GEMINI;
    }

    @Override
    public boolean handles(String path) {
        return path.startsWith("/gemini/");
    }

    @Override
    public Response handle(Exchange ex, Fault fault) {
        GoogleErrors errors = new GoogleErrors(ex);
        try {
            Matcher gemini = GEMINI.matcher(ex.head.path);
            Matcher vertex = VERTEX.matcher(ex.head.path);
            String modelId;
            boolean bearer;
            if (gemini.matches()) {
                modelId = gemini.group(1);
                bearer = false;
            } else if (vertex.matches()) {
                modelId = vertex.group(3);
                bearer = vertex.group(1) != null;
            } else {
                throw errors.routeNotFound();
            }
            if (!ex.head.method.equals("POST")) {
                throw GoogleErrors.body(405, "METHOD_NOT_ALLOWED", "Method " + ex.head.method + " is not allowed.");
            }
            authenticate(ex, errors, bearer);
            Model model = MODELS.get(modelId);
            if (model == null) {
                throw errors.modelNotFound(modelId);
            }
            ex.model = model.id;
            ctx.rateLimiter.admit(errors, model.id);
            switch (fault.kind()) {
                case STATUS:
                    throw errors.status(fault.status(), model.id);
                case RATE_LIMITED:
                    throw errors.rateLimited(fault.duration(), Math.max(1, ctx.rateLimiter.limit()), model.id);
                case QUOTA_EXHAUSTED:
                    throw errors.quotaExhausted();
                default:
                    break;
            }
            Job job = validate(ex, model);
            if (fault.kind() == Fault.Kind.CONTENT_POLICY) {
                return refusal(ex, job, "IMAGE_SAFETY");
            }
            if (fault.kind() == Fault.Kind.MALFORMED_JSON) {
                return Response.json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":"
                        + "\"image/png\",\"data\":\"iVBORw0KGgo", "200 fault MALFORMED_JSON");
            }
            Response r = answer(ex, job);
            ctx.rateLimiter.addHeaders(r);
            return r;
        } catch (ApiError e) {
            Response r = e.toResponse();
            ctx.rateLimiter.addHeaders(r);
            return r;
        }
    }

    private void authenticate(Exchange ex, GoogleErrors errors, boolean bearer) {
        String presented;
        if (bearer) {
            String auth = ex.header("authorization");
            presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
        } else {
            presented = ex.header("x-goog-api-key");
            if (presented == null) {
                presented = ex.head.query == null ? null : HttpParsing.queryParams(ex.head.query).get("key");
            }
        }
        if (presented == null || presented.isEmpty()) {
            throw bearer ? GoogleErrors.body(401, "UNAUTHENTICATED", "Request is missing required authentication "
                    + "credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.")
                    : errors.unauthorized(true, null);
        }
        if (!ctx.keyAccepted(presented)) {
            throw bearer ? GoogleErrors.body(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. "
                    + "Expected OAuth 2 access token, login cookie or other valid authentication credential.")
                    : errors.unauthorized(false, presented);
        }
    }

    /** What to render and answer. */
    private static final class Job {
        final ImageJob image = new ImageJob();
        String ratio = "1:1";
        String tier = "1K";
        boolean text;
        String trigger = "";
        Model model;
    }

    private Job validate(Exchange ex, Model model) {
        JsonNode body = ex.json;
        if (body == null || !body.isObject()) {
            throw GoogleErrors.invalid("Invalid JSON payload received.", null);
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!TOP_FIELDS.contains(f)) {
                throw GoogleErrors.invalid("Invalid JSON payload received. Unknown name \"" + f + "\": Cannot find "
                        + "field.", f);
            }
        });
        Job job = new Job();
        job.model = model;
        ImageJob img = job.image;
        StringBuilder prompt = new StringBuilder();
        JsonNode contents = body.path("contents");
        if (!contents.isArray() || contents.isEmpty()) {
            throw GoogleErrors.invalid("* GenerateContentRequest.contents: contents is not specified", "contents");
        }
        int images = 0;
        for (JsonNode content : contents) {
            JsonNode parts = content.path("parts");
            if (!parts.isArray() || parts.isEmpty()) {
                throw GoogleErrors.invalid("* GenerateContentRequest.contents[].parts: contents.parts must not be "
                        + "empty.", "contents.parts");
            }
            for (JsonNode part : parts) {
                JsonNode inline = part.has("inlineData") ? part.get("inlineData") : part.get("inline_data");
                if (part.has("text")) {
                    prompt.append(prompt.length() == 0 ? "" : " ").append(part.get("text").asText());
                } else if (inline != null) {
                    images++;
                    readImage(inline, img);
                } else {
                    throw GoogleErrors.invalid("* GenerateContentRequest.contents.parts: a part must have text or "
                            + "inlineData", "contents.parts");
                }
            }
        }
        if (images > MAX_IMAGES) {
            throw GoogleErrors.invalid("Too many images: " + images + " (at most " + MAX_IMAGES + " per request).",
                    "contents.parts");
        }
        if (prompt.length() == 0) {
            throw GoogleErrors.invalid("* GenerateContentRequest.contents.parts: a text part (the prompt) is required",
                    "contents.parts");
        }
        img.prompt = prompt.toString();
        job.trigger = img.prompt;
        JsonNode config = body.path("generationConfig");
        config.fieldNames().forEachRemaining(f -> {
            if (!CONFIG_FIELDS.contains(f)) {
                throw GoogleErrors.invalid("Invalid JSON payload received. Unknown name \"" + f + "\" at "
                        + "'generation_config': Cannot find field.", "generation_config." + f);
            }
        });
        List<String> modalities = new ArrayList<>();
        config.path("responseModalities").forEach(m -> modalities.add(m.asText().toUpperCase(Locale.ROOT)));
        if (!modalities.isEmpty() && !modalities.contains("IMAGE")) {
            throw GoogleErrors.invalid("Model " + model.id + " does not support the requested response modalities: "
                    + String.join(",", modalities), "generation_config.response_modalities");
        }
        job.text = modalities.isEmpty() || modalities.contains("TEXT");
        JsonNode imageConfig = config.path("imageConfig");
        if (imageConfig.has("aspectRatio")) {
            job.ratio = imageConfig.get("aspectRatio").asText();
            if (!model.ratios.contains(job.ratio)) {
                throw GoogleErrors.invalid("Unsupported aspect ratio: " + job.ratio + ". Supported values are: "
                        + String.join(", ", model.ratios) + ".", "generation_config.image_config.aspect_ratio");
            }
        }
        if (imageConfig.has("imageSize")) {
            job.tier = imageConfig.get("imageSize").asText();
            if (!model.tiers.contains(job.tier)) {
                throw GoogleErrors.invalid(model.tiers.isEmpty() ? "imageSize is not supported by " + model.id + "."
                        : "Unsupported image size: " + job.tier + ". Supported values are: "
                        + String.join(", ", model.tiers) + " (upper-case K).", "generation_config.image_config.image_size");
            }
        }
        if (config.has("seed") && !config.get("seed").canConvertToInt()) {
            throw GoogleErrors.invalid("Invalid value at 'generation_config.seed' (TYPE_INT32), "
                    + config.get("seed"), "generation_config.seed");
        }
        int[] wh = dimensions(job.ratio, job.tier);
        img.width = wh[0];
        img.height = wh[1];
        img.format = "png";
        img.n = 1;
        img.quality = "medium";
        return job;
    }

    private static void readImage(JsonNode inline, ImageJob img) {
        String mime = inline.path("mimeType").asText(inline.path("mime_type").asText(""));
        if (!MIME_TYPES.contains(mime)) {
            throw GoogleErrors.invalid("Unsupported MIME type: " + mime, "contents.parts.inline_data.mime_type");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(inline.path("data").asText(""));
        } catch (IllegalArgumentException e) {
            throw GoogleErrors.invalid("Invalid value at 'contents[0].parts[1].inline_data.data' (TYPE_BYTES), Base64 "
                    + "decoding failed", "contents.parts.inline_data.data");
        }
        ImageInfo info = ImageInfo.of(bytes);
        if (info == null) {
            throw GoogleErrors.invalid("Unable to process input image. Please retry or report in "
                    + "https://developers.generativeai.google/guide/troubleshooting", "contents.parts.inline_data");
        }
        if (!mime.equals("image/" + info.format)) {
            throw GoogleErrors.invalid("The image is " + info.format + " but its mimeType is " + mime + ".",
                    "contents.parts.inline_data.mime_type");
        }
        if (img.firstImage == null) {
            img.firstImage = bytes;
        }
        img.inputSizes.add(new int[] {info.width, info.height});
    }

    /** Gemini's size for {@code ratio} at {@code tier}: the published 1K table, scaled; other ratios by area. */
    static int[] dimensions(String ratio, String tier) {
        double k = tier.equals("0.5K") ? 0.5 : tier.equals("2K") ? 2 : tier.equals("4K") ? 4 : 1;
        int[] base = ONE_K.get(ratio);
        if (base == null) {
            String[] t = ratio.split(":");
            double r = Double.parseDouble(t[0]) / Double.parseDouble(t[1]);
            int w = (int) Math.round(Math.sqrt(1024.0 * 1024.0 * r) / 16) * 16;
            base = new int[] {w, (int) Math.round(1024.0 * 1024.0 / w / 16) * 16};
        }
        return new int[] {(int) Math.round(base[0] * k), (int) Math.round(base[1] * k)};
    }

    private Response answer(Exchange ex, Job job) {
        ImageJob img = job.image;
        String prompt = img.prompt;
        ObjectNode root = Errors.JSON.createObjectNode();
        ArrayNode parts = Errors.JSON.createArrayNode();
        String outcome = "200 generateContent " + job.model.id + " " + img.width + "x" + img.height + " " + job.ratio
                + (job.model.tiers.isEmpty() ? "" : " " + job.tier);
        String finish = "STOP";
        String said = "Here is a placeholder image of: " + prompt;
        boolean image = true;
        if (prompt.contains("[block-prompt]")) {
            ObjectNode feedback = root.putObject("promptFeedback");
            feedback.put("blockReason", "PROHIBITED_CONTENT");
            feedback.putArray("safetyRatings").addObject().put("category", "HARM_CATEGORY_DANGEROUS_CONTENT")
                    .put("probability", "HIGH").put("blocked", true);
            usage(root, job, false, false);
            root.put("modelVersion", job.model.id).put("responseId", ex.requestId);
            return Response.json(200, root.toString(), "200 blocked prompt PROHIBITED_CONTENT");
        }
        if (prompt.contains("[image-safety]")) {
            return refusal(ex, job, "IMAGE_SAFETY");
        }
        if (prompt.contains("[text-only]")) {
            image = false;
            said = "I can't create that image, but I can describe it: " + prompt;
            outcome = "200 text only " + job.model.id;
        }
        if (job.text || !image) {
            parts.addObject().put("text", said);
        }
        String data = null;
        long synthetic = ctx.syntheticBytes();
        String mark = "@@gemini-synthetic@@";
        if (image) {
            byte[] png = synthetic >= 0 ? null : ctx.renderer.render(img, "");
            data = png == null ? mark : Base64.getEncoder().encodeToString(png);
            parts.addObject().putObject("inlineData").put("mimeType", "image/png").put("data", data);
        }
        ObjectNode candidate = root.putArray("candidates").addObject();
        candidate.putObject("content").put("role", "model").set("parts", parts);
        candidate.put("finishReason", finish).put("index", 0);
        usage(root, job, image, job.text || !image);
        root.put("modelVersion", job.model.id);
        root.put("responseId", ex.requestId);
        if (image && synthetic >= 0) {
            String[] pieces = root.toString().split(Pattern.quote(mark), -1);
            long length = 4 * ((synthetic + 2) / 3) + pieces[0].getBytes(StandardCharsets.UTF_8).length
                    + pieces[1].getBytes(StandardCharsets.UTF_8).length;
            return Response.streaming(200, "application/json; charset=UTF-8", length, out -> {
                out.write(pieces[0].getBytes(StandardCharsets.UTF_8));
                Responses.writeSyntheticBase64(out, synthetic, 0);
                out.write(pieces[1].getBytes(StandardCharsets.UTF_8));
            }, outcome + " synthetic " + synthetic + " bytes");
        }
        return Response.bytes(200, "application/json; charset=UTF-8", root.toString().getBytes(StandardCharsets.UTF_8),
                outcome);
    }

    private static Response refusal(Exchange ex, Job job, String reason) {
        ObjectNode root = Errors.JSON.createObjectNode();
        ObjectNode candidate = root.putArray("candidates").addObject();
        candidate.putObject("content").put("role", "model").putArray("parts");
        candidate.put("finishReason", reason).put("index", 0);
        candidate.putArray("safetyRatings").addObject().put("category", "HARM_CATEGORY_SEXUALLY_EXPLICIT")
                .put("probability", "HIGH").put("blocked", true);
        if (job != null) {
            usage(root, job, false, false);
        }
        root.put("modelVersion", job == null ? "gemini" : job.model.id).put("responseId", ex.requestId);
        return Response.json(200, root.toString(), "200 refused " + reason);
    }

    /**
     * {@code usageMetadata}: prompt text ceil(code points / 4); each input image 258 per 768x768 tile; an output
     * image 1120 tokens (2000 at 4K; 1290 on gemini-2.5-flash-image); output text ceil(code points / 4).
     */
    private static void usage(ObjectNode root, Job job, boolean image, boolean text) {
        ImageJob img = job.image;
        int promptText = Usage.textTokens(img.prompt);
        int promptImages = 0;
        for (int[] wh : img.inputSizes) {
            promptImages += 258 * ((wh[0] + 767) / 768) * ((wh[1] + 767) / 768);
        }
        int outImage = !image ? 0 : job.model.id.equals("gemini-2.5-flash-image") ? 1290
                : job.tier.equals("4K") ? 2000 : 1120;
        int outText = text ? Usage.textTokens("Here is a placeholder image of: " + img.prompt) : 0;
        ObjectNode u = root.putObject("usageMetadata");
        u.put("promptTokenCount", promptText + promptImages);
        if (image || text) {
            u.put("candidatesTokenCount", outImage + outText);
        }
        u.put("totalTokenCount", promptText + promptImages + outImage + outText);
        ArrayNode pd = u.putArray("promptTokensDetails");
        pd.addObject().put("modality", "TEXT").put("tokenCount", promptText);
        if (promptImages > 0) {
            pd.addObject().put("modality", "IMAGE").put("tokenCount", promptImages);
        }
        if (image || text) {
            ArrayNode cd = u.putArray("candidatesTokensDetails");
            if (image) {
                cd.addObject().put("modality", "IMAGE").put("tokenCount", outImage);
            }
            if (text) {
                cd.addObject().put("modality", "TEXT").put("tokenCount", outText);
            }
        }
    }

    /** Google's error envelope. */
    static final class GoogleErrors extends Errors {

        GoogleErrors(Exchange ex) {
            super(ex);
        }

        /** {@code {"error":{"code","message","status","details"}}}. */
        static ApiError body(int code, String status, String message, ObjectNode... details) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode error = root.putObject("error").put("code", code).put("message", message).put("status", status);
            if (details.length > 0) {
                ArrayNode d = error.putArray("details");
                for (ObjectNode n : details) {
                    d.add(n);
                }
            }
            return new ApiError(code, root.toString(), code + " " + status);
        }

        static ObjectNode detail(String type) {
            return JSON.createObjectNode().put("@type", "type.googleapis.com/google.rpc." + type);
        }

        static ApiError invalid(String message, String field) {
            ObjectNode bad = detail("BadRequest");
            if (field != null) {
                bad.putArray("fieldViolations").addObject().put("field", field).put("description", message);
            }
            ApiError e = body(400, "INVALID_ARGUMENT", message, bad);
            return new ApiError(400, e.body, "400 INVALID_ARGUMENT" + paramSuffix(field));
        }

        @Override
        ApiError invalid(int status, String message, String param, String code) {
            return invalid(message, param);
        }

        @Override
        ApiError unauthorized(boolean missingKey, String presented) {
            if (missingKey) {
                return body(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without "
                        + "established identity). Please use API Key or other form of API consumer identity to call "
                        + "this API.");
            }
            ObjectNode info = detail("ErrorInfo").put("reason", "API_KEY_INVALID")
                    .put("domain", "googleapis.com");
            info.putObject("metadata").put("service", "generativelanguage.googleapis.com");
            return body(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", info);
        }

        @Override
        ApiError routeNotFound() {
            return body(404, "NOT_FOUND", "The requested URL " + ex.head.path + " was not found on this server.");
        }

        @Override
        ApiError modelNotFound(String model) {
            return body(404, "NOT_FOUND", "models/" + model + " is not found for API version v1beta, or is not "
                    + "supported for generateContent. Call ListModels to see the list of available models and their "
                    + "supported methods.");
        }

        @Override
        ApiError contentPolicy(Models.Model model, String prompt) {
            Response r = refusal(ex, null, "IMAGE_SAFETY");
            return new ApiError(200, new String(r.bytes, StandardCharsets.UTF_8), "200 refused IMAGE_SAFETY");
        }

        @Override
        ApiError rateLimitedBody(Duration retryAfter, long retryAfterSeconds, int limit, String model) {
            ObjectNode quota = detail("QuotaFailure");
            quota.putArray("violations").addObject()
                    .put("quotaMetric", "generativelanguage.googleapis.com/generate_requests_per_model")
                    .put("quotaId", "GenerateRequestsPerMinutePerProjectPerModel")
                    .put("quotaValue", Integer.toString(limit));
            return body(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", quota,
                    detail("RetryInfo").put("retryDelay", protoDuration(retryAfter)));
        }

        @Override
        ApiError quotaExhausted() {
            ObjectNode quota = detail("QuotaFailure");
            quota.putArray("violations").addObject()
                    .put("quotaMetric", "generativelanguage.googleapis.com/generate_requests_per_model_per_day")
                    .put("quotaId", "GenerateRequestsPerDayPerProjectPerModel").put("quotaValue", "250");
            return body(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and "
                    + "billing details. For more information on this error, head to: "
                    + "https://ai.google.dev/gemini-api/docs/rate-limits.", quota);
        }

        @Override
        ApiError statusBody(int status, String message) {
            switch (status) {
                case 400:
                    return invalid("Request contains an invalid argument.", null);
                case 403:
                    return body(403, "PERMISSION_DENIED", "The caller does not have permission");
                case 500:
                    return body(500, "INTERNAL", "An internal error has occurred. Please retry or report in "
                            + "https://developers.generativeai.google/guide/troubleshooting");
                case 503:
                    return body(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
                case 504:
                    return body(504, "DEADLINE_EXCEEDED", "The request timed out. Please try again.");
                default:
                    return body(status, status >= 500 ? "UNKNOWN" : "FAILED_PRECONDITION", message);
            }
        }

        /** A protobuf JSON duration: {@code 7s}, {@code 1.500s}. */
        static String protoDuration(Duration d) {
            long ms = d.toMillis();
            return ms % 1000 == 0 ? (ms / 1000) + "s" : String.format(Locale.ROOT, "%d.%03ds", ms / 1000, ms % 1000);
        }
    }
}
