package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Error bodies in each dialect's shape: OpenAI {@code {"error":{message,type,param,code}}}, Azure the same
 * envelope with Azure's codes ({@code "429"}, {@code DeploymentNotFound}, {@code contentFilter} ...), AI/ML
 * API the flat {@code {message, path, requestId, statusCode, timestamp}}.
 */
final class Errors {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Exchange ex;
    private final Dialect dialect;

    Errors(Exchange ex) {
        this.ex = ex;
        this.dialect = ex.dialect == null ? Dialect.OPENAI : ex.dialect;
    }

    /** A 400-class validation error: OpenAI/Azure {@code invalid_request_error}, AI/ML API flat body. */
    ApiError invalid(int status, String message, String param, String code) {
        if (dialect == Dialect.AIMLAPI) {
            return flat(status, "Body validation error! " + message, status + " " + code + paramSuffix(param));
        }
        return openAi(status, message, "invalid_request_error", param, code);
    }

    ApiError invalid(String message, String param, String code) {
        return invalid(400, message, param, code);
    }

    ApiError unknownParameter(String name) {
        return invalid("Unknown parameter: '" + name + "'.", name, "unknown_parameter");
    }

    ApiError unsupportedParameter(String name, String model) {
        return invalid("Unsupported parameter: '" + name + "' is not supported with model '" + model + "'.", name,
                "unsupported_parameter");
    }

    ApiError missing(String name) {
        return invalid("Missing required parameter: '" + name + "'.", name, "missing_required_parameter");
    }

    ApiError unauthorized(boolean missingKey, String presented) {
        switch (dialect) {
            case AZURE:
                return azure(401, "401", "Access denied due to invalid subscription key or wrong API endpoint. Make "
                        + "sure to provide a valid key for an active subscription and use a correct regional API "
                        + "endpoint for your resource.");
            case AIMLAPI:
                return flat(401, missingKey ? "Missing API key. Send it as 'Authorization: Bearer <key>'."
                        : "Invalid API key.", "401 unauthorized");
            default:
                if (missingKey) {
                    return openAi(401, "You didn't provide an API key. You need to provide your API key in an "
                            + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                            "invalid_request_error", null, null);
                }
                return openAi(401, "Incorrect API key provided: " + RecordedRequest.mask(presented)
                        + ". You can find your API key at https://platform.openai.com/account/api-keys.",
                        "invalid_request_error", null, "invalid_api_key");
        }
    }

    ApiError routeNotFound() {
        String what = ex.head.method + " " + ex.head.path;
        switch (dialect) {
            case AZURE:
                return azure(404, "404", "Resource not found");
            case AIMLAPI:
                return flat(404, "Cannot " + what, "404 route not found");
            default:
                return openAi(404, "Invalid URL (" + what + ")", "invalid_request_error", null, null);
        }
    }

    ApiError modelNotFound(String model) {
        if (dialect == Dialect.AIMLAPI) {
            return flat(400, "Body validation error! model: Invalid enum value. Expected one of the supported "
                    + "model ids, received '" + model + "'", "400 unknown model (model)");
        }
        return openAi(404, "The model `" + model + "` does not exist or you do not have access to it.",
                "invalid_request_error", null, "model_not_found");
    }

    ApiError deploymentNotFound() {
        return azure(404, "DeploymentNotFound", "The API deployment for this resource does not exist. If you created "
                + "the deployment within the last 5 minutes, please wait a moment and try again.");
    }

    ApiError azureBadRequest(String message) {
        return azure(400, "BadRequest", message);
    }

    ApiError contentPolicy(Models.Model model, String prompt) {
        boolean dalle = model != null && model.isDalle();
        switch (dialect) {
            case AZURE:
                if (dalle) {
                    ObjectNode error = JSON.createObjectNode();
                    error.put("code", "content_policy_violation");
                    error.put("type", "invalid_request_error");
                    error.putNull("param");
                    error.put("message", "Your request was rejected as a result of our safety system. Your prompt "
                            + "may contain text that is not allowed by our safety system.");
                    ObjectNode inner = error.putObject("inner_error");
                    inner.put("code", "ResponsibleAIPolicyViolation");
                    ObjectNode cfr = inner.putObject("content_filter_results");
                    for (String k : new String[] {"hate", "self_harm", "sexual", "violence"}) {
                        cfr.putObject(k).put("filtered", k.equals("violence")).put("severity",
                                k.equals("violence") ? "high" : "safe");
                    }
                    cfr.putObject("jailbreak").put("filtered", false).put("detected", false);
                    cfr.putObject("profanity").put("filtered", false).put("detected", false);
                    inner.put("revised_prompt", prompt == null ? "" : prompt);
                    ObjectNode root = JSON.createObjectNode();
                    root.set("error", error);
                    return new ApiError(400, root.toString(), "400 content_policy_violation");
                }
                ObjectNode root = JSON.createObjectNode();
                root.put("created", Instant.now().getEpochSecond());
                root.putObject("error").put("code", "contentFilter")
                        .put("message", "Your task failed as a result of our safety system.");
                return new ApiError(400, root.toString(), "400 contentFilter");
            case AIMLAPI:
                return flat(400, "Your request was rejected as a result of our safety system. Your prompt may "
                        + "contain text that is not allowed by our safety system.", "400 content policy");
            default:
                if (dalle) {
                    return openAi(400, "Your request was rejected as a result of our safety system. Your prompt may "
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
    }

    ApiError rateLimited(Duration retryAfter, int limit, String model) {
        long ms = retryAfter.toMillis();
        long seconds = Math.max(0, (ms + 999) / 1000);
        ApiError e;
        switch (dialect) {
            case AZURE:
                e = azure(429, "429", "Requests to the Images_Generations Operation under Azure OpenAI API version "
                        + apiVersionForMessage() + " have exceeded call rate limit of your current pricing tier. "
                        + "Please retry after " + seconds + " seconds.");
                break;
            case AIMLAPI:
                e = flat(429, "Too Many Requests", "429 rate limited");
                break;
            default:
                e = openAi(429, "Rate limit reached for " + (model == null ? "images" : model)
                        + " in organization org-emulator on requests per min (RPM): Limit " + limit + ", Used "
                        + limit + ", Requested 1. Please try again in " + goDuration(retryAfter)
                        + ". Visit https://platform.openai.com/account/rate-limits to learn more.", "requests", null,
                        "rate_limit_exceeded");
        }
        return e.header("retry-after", Long.toString(seconds))
                .header("retry-after-ms", Long.toString(ms))
                .header("x-ratelimit-limit-requests", Integer.toString(limit))
                .header("x-ratelimit-remaining-requests", "0")
                .header("x-ratelimit-reset-requests", goDuration(retryAfter))
                .header("x-ratelimit-limit-tokens", "1000000")
                .header("x-ratelimit-remaining-tokens", "1000000")
                .header("x-ratelimit-reset-tokens", "0s");
    }

    ApiError quotaExhausted() {
        switch (dialect) {
            case AZURE:
                return azure(429, "429", "Requests to the Images_Generations Operation under Azure OpenAI API version "
                        + apiVersionForMessage() + " have exceeded the quota of your current subscription. Please "
                        + "retry after 86400 seconds.").header("retry-after", "86400");
            case AIMLAPI:
                return flat(403, "You've run out of credits. Please top up your balance or update your payment "
                        + "method to continue: https://aimlapi.com/app/billing", "403 out of credits");
            default:
                return openAi(429, "You exceeded your current quota, please check your plan and billing details. "
                        + "For more information on this error, read the docs: "
                        + "https://platform.openai.com/docs/guides/error-codes/api-errors.", "insufficient_quota",
                        null, "insufficient_quota");
        }
    }

    /** The body a scripted {@link Fault#status(int)} answers with. */
    ApiError status(int status, String model) {
        if (status == 401) {
            return unauthorized(false, "sk-emulator-fault");
        }
        if (status == 429) {
            return rateLimited(Duration.ofSeconds(1), 1, model);
        }
        if (status == 404) {
            return routeNotFound();
        }
        String message;
        switch (status) {
            case 403:
                message = "Your organization must be verified to use the model `" + (model == null ? "gpt-image-2"
                        : model) + "`. Please go to: https://platform.openai.com/settings/organization/general and "
                        + "click on Verify Organization.";
                break;
            case 500:
                message = "The server had an error while processing your request. Sorry about that!";
                break;
            case 502:
                message = "Bad gateway.";
                break;
            case 503:
                message = "The engine is currently overloaded, please try again later.";
                break;
            case 504:
                message = "Gateway timeout.";
                break;
            default:
                message = Response.reason(status) + " (scripted by the emulator).";
        }
        switch (dialect) {
            case AZURE:
                if (status == 403) {
                    return azure(403, "Forbidden", "Your resource has been temporarily blocked because we detected "
                            + "behavior that may violate our content policy.");
                }
                return azure(status, status >= 500 ? "InternalServerError" : Integer.toString(status),
                        status >= 500 ? "The service is temporarily unable to process your request. Please try "
                                + "again later." : message);
            case AIMLAPI:
                return flat(status, message, status + " scripted");
            default:
                return openAi(status, message, status >= 500 ? "server_error" : "invalid_request_error", null, null);
        }
    }

    ApiError openAi(int status, String message, String type, String param, String code) {
        ObjectNode error = JSON.createObjectNode();
        error.put("message", message);
        error.put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("error", error);
        return new ApiError(status, root.toString(),
                status + " " + (code != null ? code : type) + paramSuffix(param));
    }

    ApiError azure(int status, String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message);
        return new ApiError(status, root.toString(), status + " " + code);
    }

    ApiError flat(int status, String message, String outcome) {
        ObjectNode root = JSON.createObjectNode();
        root.put("message", message);
        root.put("path", ex.head.path);
        root.put("requestId", ex.requestId);
        root.put("statusCode", Integer.toString(status));
        root.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        return new ApiError(status, root.toString(), outcome);
    }

    private String apiVersionForMessage() {
        String v = HttpParsing.queryParams(ex.head.query).get("api-version");
        return v == null ? "v1" : v;
    }

    private static String paramSuffix(String param) {
        return param == null ? "" : " (" + param + ")";
    }

    /** A Go-style duration as in OpenAI's {@code x-ratelimit-reset-*} headers: {@code 12ms}, {@code 1s}, {@code 6m0s}. */
    static String goDuration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long totalSeconds = ms / 1000;
        long millis = ms % 1000;
        String seconds = millis == 0 ? Long.toString(totalSeconds % 60)
                : String.format(java.util.Locale.ROOT, "%d.%03d", totalSeconds % 60, millis).replaceAll("0+$", "");
        long minutes = totalSeconds / 60;
        if (minutes == 0) {
            return seconds + "s";
        }
        long hours = minutes / 60;
        return (hours > 0 ? hours + "h" : "") + (minutes % 60) + "m" + seconds + "s";
    }
}
