package dev.imagegen4j.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The error answers of one dialect for one request. Each dialect subclasses it with its own body shapes
 * (OpenAI {@code {"error":{message,type,param,code}}}, Azure the same envelope with Azure's codes, AI/ML API
 * the flat {@code {message, path, requestId, statusCode, timestamp}}); the static builders here render the
 * shapes so a new dialect can reuse them. Confined to the request's thread.
 */
abstract class Errors {

    /**
     * The emulator's JSON mapper. Strings may be as long as request bodies (a data URL in a JSON edit may have
     * 20,971,520 characters, more than Jackson's default limit).
     */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build());

    final Exchange ex;

    Errors(Exchange ex) {
        this.ex = ex;
    }

    /** A 400-class validation error naming the parameter ({@code param}) and a machine code. */
    abstract ApiError invalid(int status, String message, String param, String code);

    final ApiError invalid(String message, String param, String code) {
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

    /** 401: no key ({@code missingKey}) or a wrong one ({@code presented}, to be masked in any message). */
    abstract ApiError unauthorized(boolean missingKey, String presented);

    /** 404 for a route the dialect does not serve. */
    abstract ApiError routeNotFound();

    /** The answer for a model id the dialect does not know. */
    abstract ApiError modelNotFound(String model);

    /** The answer for a model the vendor has shut down (only with enforced retirements). */
    ApiError modelShutDown(Models.Model model, String shutDownOn, String successor) {
        return modelNotFound(model.id);
    }

    /** A content-policy refusal, 400, in the dialect's shape; {@code model} may be {@code null}. */
    abstract ApiError contentPolicy(Models.Model model, String prompt);

    /** The body of a 429 rate-limit answer; {@link #rateLimited} adds the headers. */
    abstract ApiError rateLimitedBody(Duration retryAfter, long retryAfterSeconds, int limit, String model);

    /** Quota or credits exhausted. */
    abstract ApiError quotaExhausted();

    /** The body of a scripted {@link Fault#status(int)} other than 401, 404 and 429. */
    abstract ApiError statusBody(int status, String message);

    /** A 429 with {@code retry-after}, {@code retry-after-ms} and {@code x-ratelimit-*} headers. */
    final ApiError rateLimited(Duration retryAfter, int limit, String model) {
        long ms = retryAfter.toMillis();
        long seconds = Math.max(0, (ms + 999) / 1000);
        return rateLimitedBody(retryAfter, seconds, limit, model)
                .header("retry-after", Long.toString(seconds))
                .header("retry-after-ms", Long.toString(ms))
                .header("x-ratelimit-limit-requests", Integer.toString(limit))
                .header("x-ratelimit-remaining-requests", "0")
                .header("x-ratelimit-reset-requests", goDuration(retryAfter))
                .header("x-ratelimit-limit-tokens", "1000000")
                .header("x-ratelimit-remaining-tokens", "1000000")
                .header("x-ratelimit-reset-tokens", "0s");
    }

    /** The answer to a scripted {@link Fault#status(int)}. */
    final ApiError status(int status, String model) {
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
        return statusBody(status, message);
    }

    // ---------------------------------------------------------------- shapes other dialects may reuse

    /** {@code {"error":{"message","type","param","code"}}} (null {@code param}/{@code code} written as null). */
    static ApiError openAiBody(int status, String message, String type, String param, String code) {
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
        return new ApiError(status, root.toString(), status + " " + (code != null ? code : type) + paramSuffix(param));
    }

    /** {@code {"error":{"code","message"}}}, Azure's envelope. */
    static ApiError azureBody(int status, String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message);
        return new ApiError(status, root.toString(), status + " " + code);
    }

    /** {@code {"message","path","requestId","statusCode","timestamp"}}, AI/ML API's flat body. */
    static ApiError flatBody(Exchange ex, int status, String message, String outcome) {
        ObjectNode root = JSON.createObjectNode();
        root.put("message", message);
        root.put("path", ex.head.path);
        root.put("requestId", ex.requestId);
        root.put("statusCode", Integer.toString(status));
        root.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        return new ApiError(status, root.toString(), outcome);
    }

    static String paramSuffix(String param) {
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
                : String.format(Locale.ROOT, "%d.%03d", totalSeconds % 60, millis).replaceAll("0+$", "");
        long minutes = totalSeconds / 60;
        if (minutes == 0) {
            return seconds + "s";
        }
        long hours = minutes / 60;
        return (hours > 0 ? hours + "h" : "") + (minutes % 60) + "m" + seconds + "s";
    }
}
