package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * OpenAI's Images API ({@code api.openai.com/v1}): {@code POST /v1/images/{generations,edits,variations}} with
 * Bearer auth, OpenAI model ids (generations default to dall-e-2, edits to gpt-image-1.5 when {@code model}
 * is omitted) and {@code {"error":{message,type,param,code}}} bodies. Serves {@code /v1/...} when OpenAI is
 * the emulator's primary dialect. Immutable.
 */
final class OpenAiImagesDialect extends ImagesDialect {

    OpenAiImagesDialect(EmulatorContext ctx) {
        super(ctx);
    }

    @Override
    Dialect dialect() {
        return Dialect.OPENAI;
    }

    @Override
    boolean handles(String path) {
        return ctx.primary == Dialect.OPENAI && (path.startsWith("/v1/") || path.equals("/v1"));
    }

    @Override
    Errors errors(Exchange ex) {
        return new OpenAiErrors(ex);
    }

    @Override
    ImagesRoute route(Exchange ex, Errors errors) {
        String path = trimSlash(ex.head.path);
        if (!path.startsWith("/v1/images/") || !ex.head.method.equals("POST")) {
            throw errors.routeNotFound();
        }
        ImagesRoute.Op op = ImagesRoute.Op.of(path.substring("/v1/images/".length()), true);
        if (op == null) {
            throw errors.routeNotFound();
        }
        return ImagesRoute.of(op);
    }

    @Override
    Models.Model peekModel(Exchange ex, ImagesRoute route) {
        String id = Params.peekText(ex, "model");
        if (id == null) {
            return Models.openAi(route.op == ImagesRoute.Op.EDITS ? "gpt-image-1.5" : "dall-e-2");
        }
        return Models.openAi(id, ctx.shipped);
    }

    @Override
    Models.Model resolveModel(Exchange ex, ImagesRoute route, Params params, Errors errors) {
        String id = params.string("model");
        if (id == null) {
            boolean gptParams = Validator.GPT_ONLY.stream().anyMatch(params::has);
            id = route.op == ImagesRoute.Op.EDITS ? "gpt-image-1.5" : route.op == ImagesRoute.Op.VARIATIONS
                    ? "dall-e-2" : gptParams ? "gpt-image-1.5" : "dall-e-2";
        }
        Models.Model model = Models.openAi(id, ctx.shipped);
        if (model == null) {
            throw errors.modelNotFound(id);
        }
        if (ctx.enforceRetirements && model.openAiShutdown() != null) {
            throw errors.modelShutDown(model, model.openAiShutdown(), model.successor());
        }
        return model;
    }

    static String trimSlash(String path) {
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }

    /** OpenAI's error bodies; also the shape for paths no dialect serves. */
    static class OpenAiErrors extends Errors {

        OpenAiErrors(Exchange ex) {
            super(ex);
        }

        @Override
        ApiError invalid(int status, String message, String param, String code) {
            return openAiBody(status, message, "invalid_request_error", param, code);
        }

        @Override
        ApiError unauthorized(boolean missingKey, String presented) {
            if (missingKey) {
                return openAiBody(401, "You didn't provide an API key. You need to provide your API key in an "
                        + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                        "invalid_request_error", null, null);
            }
            return openAiBody(401, "Incorrect API key provided: " + RecordedRequest.mask(presented)
                    + ". You can find your API key at https://platform.openai.com/account/api-keys.",
                    "invalid_request_error", null, "invalid_api_key");
        }

        @Override
        ApiError routeNotFound() {
            return openAiBody(404, "Invalid URL (" + ex.head.method + " " + ex.head.path + ")",
                    "invalid_request_error", null, null);
        }

        @Override
        ApiError modelNotFound(String model) {
            return openAiBody(404, "The model `" + model + "` does not exist or you do not have access to it.",
                    "invalid_request_error", null, "model_not_found");
        }

        @Override
        ApiError modelShutDown(Models.Model model, String shutDownOn, String successor) {
            return openAiBody(404, "The model `" + model.id + "` has been deprecated, learn more here: "
                    + "https://platform.openai.com/docs/deprecations (shut down on " + shutDownOn + "; use "
                    + successor + ").", "invalid_request_error", null, "model_not_found");
        }

        @Override
        ApiError contentPolicy(Models.Model model, String prompt) {
            if (model != null && model.isDalle()) {
                return openAiBody(400, "Your request was rejected as a result of our safety system. Your prompt may "
                        + "contain text that is not allowed by our safety system.", "invalid_request_error",
                        null, "content_policy_violation");
            }
            ObjectNode error = JSON.createObjectNode();
            error.put("message", "Your request was rejected by the safety system. If you believe this is an "
                    + "error, contact us at help.openai.com and include the request ID " + ex.requestId
                    + ". safety_violations=[violence].");
            error.put("type", "image_generation_user_error");
            error.putNull("param");
            error.put("code", "moderation_blocked");
            error.putObject("moderation_details").put("moderation_stage", "input")
                    .putArray("categories").add("violence");
            ObjectNode r = JSON.createObjectNode();
            r.set("error", error);
            return new ApiError(400, r.toString(), "400 moderation_blocked");
        }

        @Override
        ApiError rateLimitedBody(Duration retryAfter, long retryAfterSeconds, int limit, String model) {
            return openAiBody(429, "Rate limit reached for " + (model == null ? "images" : model)
                    + " in organization org-emulator on requests per min (RPM): Limit " + limit + ", Used "
                    + limit + ", Requested 1. Please try again in " + goDuration(retryAfter)
                    + ". Visit https://platform.openai.com/account/rate-limits to learn more.", "requests", null,
                    "rate_limit_exceeded");
        }

        @Override
        ApiError quotaExhausted() {
            return openAiBody(429, "You exceeded your current quota, please check your plan and billing details. "
                    + "For more information on this error, read the docs: "
                    + "https://platform.openai.com/docs/guides/error-codes/api-errors.", "insufficient_quota",
                    null, "insufficient_quota");
        }

        @Override
        ApiError statusBody(int status, String message) {
            return openAiBody(status, message, status >= 500 ? "server_error" : "invalid_request_error", null, null);
        }
    }
}
