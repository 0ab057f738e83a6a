package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure OpenAI: classic routes {@code /openai/deployments/{deployment}/images/{generations,edits}?api-version=...}
 * and v1 routes {@code /openai/v1/images/...} (deployment in {@code model}); {@code api-key} or Bearer auth;
 * deployments map to models; GA api-versions serve dall-e-3 generations only; no WebP; quality defaults to
 * {@code high}; responses carry {@code created}, {@code data}, usage and, for dall-e-3, per-item filter
 * results; errors use Azure's codes. Immutable.
 */
final class AzureImagesDialect extends ImagesDialect {

    private static final Pattern CLASSIC = Pattern.compile("/openai/deployments/([^/]+)/images/([a-z]+)");
    private static final Pattern DATE_PREVIEW = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})-preview");
    static final Set<String> GA_VERSIONS = Set.of("2024-02-01", "2024-06-01", "2024-10-21");
    static final String FIRST_EDITS_PREVIEW = "2025-04-01";

    AzureImagesDialect(EmulatorContext ctx) {
        super(ctx);
    }

    @Override
    Dialect dialect() {
        return Dialect.AZURE;
    }

    @Override
    boolean handles(String path) {
        return path.startsWith("/openai/");
    }

    @Override
    String newRequestId() {
        return DialectHandler.uuidRequestId();
    }

    @Override
    AzureErrors errors(Exchange ex) {
        return new AzureErrors(ex);
    }

    @Override
    void decorate(Response response, Exchange ex) {
        response.header("apim-request-id", ex.requestId);
        response.header("x-ms-region", ctx.region);
    }

    @Override
    String presentedKey(Exchange ex) {
        String azureKey = ex.header("api-key");
        if (azureKey != null && !azureKey.isBlank()) {
            return azureKey.trim();
        }
        return super.presentedKey(ex);
    }

    @Override
    ImagesRoute route(Exchange ex, Errors errors) {
        AzureErrors azure = (AzureErrors) errors;
        String path = OpenAiImagesDialect.trimSlash(ex.head.path);
        boolean post = ex.head.method.equals("POST");
        String apiVersion = HttpParsing.queryParams(ex.head.query).get("api-version");
        Matcher m = CLASSIC.matcher(path);
        if (m.matches()) {
            ImagesRoute.Op op = ImagesRoute.Op.of(m.group(2), false);
            if (op == null || !post || apiVersion == null || apiVersion.isEmpty()) {
                throw errors.routeNotFound();
            }
            boolean ga = GA_VERSIONS.contains(apiVersion);
            Matcher preview = DATE_PREVIEW.matcher(apiVersion);
            boolean okPreview = preview.matches() && preview.group(1).compareTo(FIRST_EDITS_PREVIEW) >= 0;
            if (!ga && !okPreview) {
                throw azure.badRequest("API version not supported");
            }
            if (ga && op == ImagesRoute.Op.EDITS) {
                throw errors.routeNotFound();
            }
            ex.deployment = m.group(1);
            return new ImagesRoute(op, m.group(1), true, apiVersion, ga);
        }
        if (path.startsWith("/openai/v1/images/")) {
            ImagesRoute.Op op = ImagesRoute.Op.of(path.substring("/openai/v1/images/".length()), false);
            if (op == null || !post) {
                throw errors.routeNotFound();
            }
            if (apiVersion != null && !apiVersion.equals("v1") && !apiVersion.equals("preview")) {
                // the v1 API takes no dated api-version: the service refuses it rather than ignoring it
                throw azure.badRequest("API version not supported");
            }
            return new ImagesRoute(op, null, false, apiVersion, false);
        }
        throw errors.routeNotFound();
    }

    @Override
    Models.Model peekModel(Exchange ex, ImagesRoute route) {
        String dep = route.azureClassic ? route.deployment : Params.peekText(ex, "model");
        ex.deployment = dep;
        String model = dep == null ? null : deploymentModel(dep);
        return model == null ? null : Models.azure(model, ctx.shipped);
    }

    @Override
    Models.Model resolveModel(Exchange ex, ImagesRoute route, Params params, Errors errors) {
        String deployment = route.azureClassic ? route.deployment : params.string("model");
        if (deployment == null) {
            throw errors.missing("model");
        }
        ex.deployment = deployment;
        String model = deploymentModel(deployment);
        if (model == null) {
            throw ((AzureErrors) errors).deploymentNotFound();
        }
        return Models.azure(model, ctx.shipped);
    }

    /** The model behind a deployment: the configured map, then (when enabled) a deployment named as a model. */
    String deploymentModel(String deployment) {
        String configured = ctx.deployments.get(deployment);
        if (configured != null) {
            return configured;
        }
        return ctx.modelNamedDeployments && Models.azure(deployment, ctx.shipped) != null ? deployment : null;
    }

    @Override
    void checkModelOnRoute(Models.Model model, ImagesRoute route, Errors errors) {
        if (route.azureGaVersion && model.family != Models.Family.DALLE3) {
            // Azure's wording for a model newer than the api-version (observed for other model families)
            throw ((AzureErrors) errors).badRequest("Model " + model.id + " is enabled only for api versions "
                    + FIRST_EDITS_PREVIEW + "-preview and later");
        }
    }

    @Override
    void checkOutputFormat(String format, Errors errors) {
        if (format.equals("webp")) {
            throw errors.invalid("Invalid value: 'webp'. Azure OpenAI supports output_format 'png' and 'jpeg' only.",
                    "output_format", "invalid_value");
        }
    }

    @Override
    String defaultQuality(Models.Model model) {
        return model.isDalle() ? "standard" : "high";
    }

    @Override
    String defaultSize(Models.Model model, ImagesRoute route, boolean jsonEdit) {
        return model.isDalle() || route.azureGaVersion ? "1024x1024" : "auto";
    }

    @Override
    void shapeRoot(ObjectNode root, ImageJob job) {
        root.put("created", Instant.now().getEpochSecond());
    }

    @Override
    void shapeItem(ObjectNode item, ImageJob job) {
        if (job.model.family != Models.Family.DALLE3) {
            return;
        }
        ObjectNode cfr = item.putObject("content_filter_results");
        ObjectNode pfr = item.putObject("prompt_filter_results");
        for (String k : new String[] {"hate", "self_harm", "sexual", "violence"}) {
            cfr.putObject(k).put("filtered", false).put("severity", "safe");
            pfr.putObject(k).put("filtered", false).put("severity", "safe");
        }
        pfr.putObject("profanity").put("filtered", false).put("detected", false);
        pfr.putObject("jailbreak").put("filtered", false).put("detected", false);
    }

    /** Azure's error bodies: OpenAI's envelope for validation, Azure's codes for the rest. */
    static final class AzureErrors extends OpenAiImagesDialect.OpenAiErrors {

        AzureErrors(Exchange ex) {
            super(ex);
        }

        ApiError deploymentNotFound() {
            return azureBody(404, "DeploymentNotFound", "The API deployment for this resource does not exist. If you "
                    + "created the deployment within the last 5 minutes, please wait a moment and try again.");
        }

        ApiError badRequest(String message) {
            return azureBody(400, "BadRequest", message);
        }

        @Override
        ApiError unauthorized(boolean missingKey, String presented) {
            return azureBody(401, "401", "Access denied due to invalid subscription key or wrong API endpoint. Make "
                    + "sure to provide a valid key for an active subscription and use a correct regional API "
                    + "endpoint for your resource.");
        }

        @Override
        ApiError routeNotFound() {
            return azureBody(404, "404", "Resource not found");
        }

        @Override
        ApiError contentPolicy(Models.Model model, String prompt) {
            if (model != null && model.isDalle()) {
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
        }

        @Override
        ApiError rateLimitedBody(Duration retryAfter, long retryAfterSeconds, int limit, String model) {
            return azureBody(429, "429", "Requests to the Images_Generations Operation under Azure OpenAI API "
                    + "version " + apiVersion() + " have exceeded call rate limit of your current pricing tier. "
                    + "Please retry after " + retryAfterSeconds + " seconds.");
        }

        @Override
        ApiError quotaExhausted() {
            return azureBody(429, "429", "Requests to the Images_Generations Operation under Azure OpenAI API "
                    + "version " + apiVersion() + " have exceeded the quota of your current subscription. Please "
                    + "retry after 86400 seconds.").header("retry-after", "86400");
        }

        @Override
        ApiError statusBody(int status, String message) {
            if (status == 403) {
                return azureBody(403, "Forbidden", "Your resource has been temporarily blocked because we detected "
                        + "behavior that may violate our content policy.");
            }
            return azureBody(status, status >= 500 ? "InternalServerError" : Integer.toString(status),
                    status >= 500 ? "The service is temporarily unable to process your request. Please try "
                            + "again later." : message);
        }

        private String apiVersion() {
            String v = HttpParsing.queryParams(ex.head.query).get("api-version");
            return v == null ? "v1" : v;
        }
    }
}
