package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * AI/ML API ({@code api.aimlapi.com/v1}), served at {@code /aimlapi/v1/...} (and {@code /v1/...} when it is the
 * primary dialect): {@code openai/...} model ids, unknown fields dropped, {@code n=1} on generations, preset
 * sizes only, quality without {@code auto} (default {@code medium}), {@code response_format} honoured with
 * default {@code url}, no streaming, multipart edits only, {@code created: null} and {@code meta.usage}
 * credits, a configurable 200/201 success status and the flat {@code {message, path, requestId, statusCode,
 * timestamp}} error body. Immutable.
 */
final class AimlApiImagesDialect extends ImagesDialect {

    AimlApiImagesDialect(EmulatorContext ctx) {
        super(ctx);
    }

    @Override
    Dialect dialect() {
        return Dialect.AIMLAPI;
    }

    @Override
    boolean handles(String path) {
        return path.startsWith("/aimlapi/") || (ctx.primary == Dialect.AIMLAPI
                && (path.startsWith("/v1/") || path.equals("/v1")));
    }

    @Override
    String newRequestId() {
        return DialectHandler.uuidRequestId();
    }

    @Override
    Errors errors(Exchange ex) {
        return new AimlApiErrors(ex);
    }

    @Override
    ImagesRoute route(Exchange ex, Errors errors) {
        String path = OpenAiImagesDialect.trimSlash(ex.head.path);
        String rest = path.startsWith("/aimlapi") ? path.substring("/aimlapi".length()) : path;
        if (!rest.startsWith("/v1/images/") || !ex.head.method.equals("POST")) {
            throw errors.routeNotFound();
        }
        ImagesRoute.Op op = ImagesRoute.Op.of(rest.substring("/v1/images/".length()), false);
        if (op == null) {
            throw errors.routeNotFound();
        }
        return ImagesRoute.of(op);
    }

    @Override
    Models.Model peekModel(Exchange ex, ImagesRoute route) {
        String id = Params.peekText(ex, "model");
        return id == null ? null : Models.aimlapi(id, ctx.shipped);
    }

    @Override
    Models.Model resolveModel(Exchange ex, ImagesRoute route, Params params, Errors errors) {
        String id = params.string("model");
        if (id == null) {
            throw errors.invalid("model: Required", "model", "missing_required_parameter");
        }
        Models.Model model = Models.aimlapi(id, ctx.shipped);
        if (model == null) {
            throw errors.modelNotFound(id);
        }
        return model;
    }

    @Override
    boolean stripsUnknownFields() {
        return true;
    }

    @Override
    void checkJsonEdit(Errors errors) {
        throw errors.invalid("image: Required. This model only accepts local files sent as multipart/form-data.",
                "image", "invalid_value");
    }

    @Override
    int maxN(Models.Model model, ImagesRoute.Op op) {
        return op == ImagesRoute.Op.GENERATIONS && model.family != Models.Family.DALLE2 ? 1 : super.maxN(model, op);
    }

    @Override
    boolean acceptsResponseFormat(Models.Model model) {
        return true;
    }

    @Override
    void checkStreaming(Boolean stream, Integer partials, Errors errors) {
        if (stream != null || partials != null) {
            String name = stream != null ? "stream" : "partial_images";
            throw errors.invalid(name + ": Unrecognized key. Streaming is not supported.", name, "unknown_parameter");
        }
    }

    @Override
    List<String> qualities(Models.Model model, ImagesRoute.Op op) {
        if (model.isDalle()) {
            return super.qualities(model, op);
        }
        List<String> q = new java.util.ArrayList<>(model.isGpt25OrLater()
                ? List.of("low", "medium", "high", "xhigh", "max") : List.of("low", "medium", "high"));
        q.addAll(model.extraQualities());
        return q;
    }

    @Override
    String defaultQuality(Models.Model model) {
        return model.isDalle() ? "standard" : "medium";
    }

    @Override
    List<String> presetSizes(Models.Model model) {
        return model.isDalle() ? super.presetSizes(model) : List.of("1024x1024", "1024x1536", "1536x1024");
    }

    @Override
    boolean customSizes(Models.Model model) {
        return false;
    }

    @Override
    String defaultSize(Models.Model model, ImagesRoute route, boolean jsonEdit) {
        return "1024x1024";
    }

    @Override
    int successStatus() {
        return ctx.aimlapiSuccessStatus;
    }

    @Override
    boolean nullsUnusedImageField() {
        return true;
    }

    @Override
    void shapeRoot(ObjectNode root, ImageJob job) {
        root.putNull("created");
    }

    @Override
    void shapeUsage(ObjectNode root, ImageJob job, Usage usage, Usage svgUsage) {
        root.putObject("meta").putObject("usage").put("credits_used", usage.credits()).put("usd_spent", usage.usd());
    }

    /** The flat error body of AI/ML API. */
    static final class AimlApiErrors extends Errors {

        AimlApiErrors(Exchange ex) {
            super(ex);
        }

        @Override
        ApiError invalid(int status, String message, String param, String code) {
            return flatBody(ex, status, "Body validation error! " + message, status + " " + code + paramSuffix(param));
        }

        @Override
        ApiError unauthorized(boolean missingKey, String presented) {
            return flatBody(ex, 401, missingKey ? "Missing API key. Send it as 'Authorization: Bearer <key>'."
                    : "Invalid API key.", "401 unauthorized");
        }

        @Override
        ApiError routeNotFound() {
            return flatBody(ex, 404, "Cannot " + ex.head.method + " " + ex.head.path, "404 route not found");
        }

        @Override
        ApiError modelNotFound(String model) {
            return flatBody(ex, 400, "Body validation error! model: Invalid enum value. Expected one of the supported "
                    + "model ids, received '" + model + "'", "400 unknown model (model)");
        }

        @Override
        ApiError contentPolicy(Models.Model model, String prompt) {
            return flatBody(ex, 400, "Your request was rejected as a result of our safety system. Your prompt may "
                    + "contain text that is not allowed by our safety system.", "400 content policy");
        }

        @Override
        ApiError rateLimitedBody(Duration retryAfter, long retryAfterSeconds, int limit, String model) {
            return flatBody(ex, 429, "Too Many Requests", "429 rate limited");
        }

        @Override
        ApiError quotaExhausted() {
            return flatBody(ex, 403, "You've run out of credits. Please top up your balance or update your payment "
                    + "method to continue: https://aimlapi.com/app/billing", "403 out of credits");
        }

        @Override
        ApiError statusBody(int status, String message) {
            return flatBody(ex, status, message, status + " scripted");
        }
    }
}
