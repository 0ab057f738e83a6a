package dev.imagegen4j.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The three dialects' routes, auth, validation and responses. One instance per emulator; thread-safe
 * (per-request state lives in {@link Exchange} and {@link Job}).
 */
final class ImageApi {

    private static final ObjectMapper JSON = Errors.JSON;
    private static final SecureRandom IDS = new SecureRandom();
    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
    private static final Pattern CLASSIC = Pattern.compile("/openai/deployments/([^/]+)/images/([a-z]+)");
    private static final Pattern DATE_PREVIEW = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})-preview");
    static final Set<String> AZURE_GA_VERSIONS = Set.of("2024-02-01", "2024-06-01", "2024-10-21");
    static final String FIRST_EDITS_PREVIEW = "2025-04-01";
    static final int MAX_IMAGES = 16;
    private static final String SYNTHETIC_MARK = "@@imagegen4j-synthetic-payload@@";

    enum Op { GENERATIONS, EDITS, VARIATIONS }

    private static final Set<String> GENERATION_FIELDS = Set.of("prompt", "model", "n", "quality", "response_format",
            "output_format", "output_compression", "stream", "partial_images", "size", "moderation", "background",
            "style", "user");
    private static final Set<String> MULTIPART_EDIT_FIELDS = Set.of("image", "image[]", "mask", "prompt", "model",
            "n", "size", "quality", "response_format", "output_format", "output_compression", "background",
            "input_fidelity", "stream", "partial_images", "user", "moderation");
    private static final Set<String> JSON_EDIT_FIELDS = Set.of("images", "prompt", "mask", "model", "n", "quality",
            "input_fidelity", "size", "output_format", "output_compression", "moderation", "background", "stream",
            "partial_images", "user");
    private static final Set<String> VARIATION_FIELDS = Set.of("image", "model", "n", "response_format", "size",
            "user");
    /** Parts that carry files, whether or not the client gave them a file name. */
    private static final Set<String> FILE_FIELDS = Set.of("image", "image[]", "mask");
    private static final Set<String> GPT_ONLY = Set.of("background", "output_format", "output_compression",
            "moderation", "stream", "partial_images", "input_fidelity");

    private final Dialect primary;
    private final String apiKey;
    private final Map<String, String> deployments;
    private final int aimlapiSuccessStatus;
    private final String region;
    private final Duration latency;
    private final ImageRenderer renderer = new ImageRenderer();
    final FileStore files = new FileStore();
    private final ArrayDeque<Long> window = new ArrayDeque<>();
    private volatile int rateLimitPerMinute;
    private volatile long syntheticBytes = -1;
    private volatile String baseUrl = "http://127.0.0.1";

    ImageApi(Dialect primary, String apiKey, Map<String, String> deployments, int aimlapiSuccessStatus, String region,
            Duration latency) {
        this.primary = primary;
        this.apiKey = apiKey;
        this.deployments = Map.copyOf(deployments);
        this.aimlapiSuccessStatus = aimlapiSuccessStatus;
        this.region = region;
        this.latency = latency;
    }

    void baseUrl(String url) {
        this.baseUrl = url;
    }

    Duration latency() {
        return latency;
    }

    String region() {
        return region;
    }

    void rateLimit(int perMinute) {
        synchronized (window) {
            rateLimitPerMinute = perMinute;
            window.clear();
        }
    }

    void synthetic(long bytes) {
        syntheticBytes = bytes;
    }

    Dialect dialectOf(String path) {
        if (path.startsWith("/openai/")) {
            return Dialect.AZURE;
        }
        if (path.startsWith("/aimlapi/")) {
            return Dialect.AIMLAPI;
        }
        if (path.startsWith("/v1/") || path.equals("/v1")) {
            return primary;
        }
        return null;
    }

    String newRequestId(Dialect dialect) {
        if (dialect == Dialect.AZURE || dialect == Dialect.AIMLAPI) {
            return UUID.randomUUID().toString();
        }
        byte[] b = new byte[16];
        IDS.nextBytes(b);
        StringBuilder sb = new StringBuilder("req_");
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }

    /** Parses a JSON or multipart body for the journal; leaves the fields unset if it does not parse. */
    void parseBodyQuietly(Exchange ex) {
        if (ex.body.length == 0) {
            return;
        }
        String type = ex.header("content-type");
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("multipart/form-data")) {
                ex.parts = Multipart.parse(ex.body, HttpParsing.headerParam(type, "boundary"));
            } else if (lower.contains("json") || lower.isEmpty()) {
                ex.json = JSON.readTree(ex.body);
            }
        } catch (IOException | Multipart.MalformedMultipart e) {
            // validation reports it in the dialect's shape
        }
    }

    Response handle(Exchange ex, Fault fault) {
        parseBodyQuietly(ex);
        Errors errors = new Errors(ex);
        try {
            if (ex.head.path.startsWith("/files/") && (ex.head.method.equals("GET") || ex.head.method.equals("HEAD"))) {
                Response file = files.get(ex.head.path.substring("/files/".length()));
                if (file == null) {
                    return Response.json(404, "{\"error\":{\"message\":\"File not found or expired.\","
                            + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}", "404 file");
                }
                return file;
            }
            if (ex.dialect == null) {
                throw errors.routeNotFound();
            }
            authenticate(ex, errors);
            Route route = route(ex, errors);
            Models.Model peeked = peekModel(ex, route);
            checkRateLimit(errors, peeked);
            switch (fault.kind()) {
                case STATUS:
                    throw errors.status(fault.status(), peeked == null ? null : peeked.id);
                case RATE_LIMITED:
                    throw errors.rateLimited(fault.duration(), Math.max(1, rateLimitPerMinute),
                            peeked == null ? null : peeked.id);
                case QUOTA_EXHAUSTED:
                    throw errors.quotaExhausted();
                case CONTENT_POLICY:
                    throw errors.contentPolicy(peeked, paramText(ex, "prompt"));
                default:
                    break;
            }
            Job job = new Validator(ex, route, errors).validate();
            if (fault.kind() == Fault.Kind.MALFORMED_JSON) {
                String broken = "{\"created\":" + Instant.now().getEpochSecond() + ",\"data\":[{\"b64_json\":\"iVBORw0KGgo";
                return Response.json(200, broken, "200 fault MALFORMED_JSON");
            }
            Response r = respond(ex, job, fault);
            addRateLimitHeaders(r);
            return r;
        } catch (ApiError e) {
            Response r = e.toResponse();
            if (!e.headers.containsKey("x-ratelimit-limit-requests")) {
                addRateLimitHeaders(r);
            }
            return r;
        }
    }

    // ---------------------------------------------------------------- auth, routes, rate limit

    private void authenticate(Exchange ex, Errors errors) {
        String presented = null;
        String authorization = ex.header("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).trim();
        }
        if (ex.dialect == Dialect.AZURE) {
            String azureKey = ex.header("api-key");
            if (azureKey != null && !azureKey.isBlank()) {
                presented = azureKey.trim();
            }
        }
        if (presented == null || presented.isEmpty()) {
            throw errors.unauthorized(true, null);
        }
        if (apiKey != null && !apiKey.equals(presented)) {
            throw errors.unauthorized(false, presented);
        }
    }

    static final class Route {
        final Op op;
        final String deployment;
        final boolean azureClassic;
        final String apiVersion;

        Route(Op op, String deployment, boolean azureClassic, String apiVersion) {
            this.op = op;
            this.deployment = deployment;
            this.azureClassic = azureClassic;
            this.apiVersion = apiVersion;
        }

        boolean azureGaVersion() {
            return azureClassic && AZURE_GA_VERSIONS.contains(apiVersion);
        }
    }

    private Route route(Exchange ex, Errors errors) {
        String path = ex.head.path;
        if (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        boolean post = ex.head.method.equals("POST");
        if (ex.dialect == Dialect.AZURE) {
            String apiVersion = HttpParsing.queryParams(ex.head.query).get("api-version");
            Matcher m = CLASSIC.matcher(path);
            if (m.matches()) {
                Op op = op(m.group(2), false);
                if (op == null || !post || apiVersion == null || apiVersion.isEmpty()) {
                    throw errors.routeNotFound();
                }
                boolean ga = AZURE_GA_VERSIONS.contains(apiVersion);
                Matcher preview = DATE_PREVIEW.matcher(apiVersion);
                boolean okPreview = preview.matches() && preview.group(1).compareTo(FIRST_EDITS_PREVIEW) >= 0;
                if (!ga && !okPreview) {
                    throw errors.azureBadRequest("API version not supported");
                }
                if (ga && op == Op.EDITS) {
                    throw errors.routeNotFound();
                }
                return new Route(op, m.group(1), true, apiVersion);
            }
            if (path.startsWith("/openai/v1/images/")) {
                Op op = op(path.substring("/openai/v1/images/".length()), false);
                if (op == null || !post) {
                    throw errors.routeNotFound();
                }
                if (apiVersion != null && !apiVersion.equals("v1") && !apiVersion.equals("preview")) {
                    throw errors.azureBadRequest("API version not supported");
                }
                return new Route(op, null, false, apiVersion);
            }
            throw errors.routeNotFound();
        }
        String rest = ex.dialect == Dialect.AIMLAPI && path.startsWith("/aimlapi") ? path.substring(8) : path;
        if (!rest.startsWith("/v1/images/") || !post) {
            throw errors.routeNotFound();
        }
        Op op = op(rest.substring("/v1/images/".length()), ex.dialect == Dialect.OPENAI);
        if (op == null) {
            throw errors.routeNotFound();
        }
        return new Route(op, null, false, null);
    }

    private static Op op(String name, boolean variationsAllowed) {
        switch (name) {
            case "generations": return Op.GENERATIONS;
            case "edits": return Op.EDITS;
            case "variations": return variationsAllowed ? Op.VARIATIONS : null;
            default: return null;
        }
    }

    /** The model a request addresses, without failing; {@code null} when unknown. */
    private Models.Model peekModel(Exchange ex, Route route) {
        if (ex.dialect == Dialect.AZURE) {
            String dep = route.azureClassic ? route.deployment : paramText(ex, "model");
            String model = dep == null ? null : deploymentModel(dep);
            return model == null ? null : Models.azure(model);
        }
        String id = paramText(ex, "model");
        if (id == null) {
            return ex.dialect == Dialect.OPENAI ? Models.openAi(route.op == Op.EDITS ? "gpt-image-1.5" : "dall-e-2")
                    : null;
        }
        return ex.dialect == Dialect.AIMLAPI ? Models.aimlapi(id) : Models.openAi(id);
    }

    /** The model behind an Azure deployment: configured map, or (none configured) a deployment named as a model. */
    String deploymentModel(String deployment) {
        if (!deployments.isEmpty()) {
            return deployments.get(deployment);
        }
        return Models.azure(deployment) != null ? deployment : null;
    }

    static String paramText(Exchange ex, String name) {
        if (ex.json != null && ex.json.isObject()) {
            JsonNode v = ex.json.get(name);
            return v == null || v.isNull() ? null : v.asText();
        }
        for (RecordedPart p : ex.parts) {
            if (p.name().equals(name) && !p.isFile()) {
                return p.text();
            }
        }
        return null;
    }

    private void checkRateLimit(Errors errors, Models.Model model) {
        int limit = rateLimitPerMinute;
        if (limit <= 0) {
            return;
        }
        long now = System.nanoTime();
        long minute = Duration.ofMinutes(1).toNanos();
        synchronized (window) {
            while (!window.isEmpty() && now - window.peekFirst() >= minute) {
                window.pollFirst();
            }
            if (window.size() >= limit) {
                Duration wait = Duration.ofNanos(minute - (now - window.peekFirst()));
                throw errors.rateLimited(wait, limit, model == null ? null : model.id);
            }
            window.addLast(now);
        }
    }

    private void addRateLimitHeaders(Response r) {
        int limit = rateLimitPerMinute;
        if (limit <= 0 || r.headers.containsKey("x-ratelimit-limit-requests")) {
            return;
        }
        int used;
        long resetNanos = 0;
        synchronized (window) {
            used = window.size();
            if (!window.isEmpty()) {
                resetNanos = Duration.ofMinutes(1).toNanos() - (System.nanoTime() - window.peekFirst());
            }
        }
        r.header("x-ratelimit-limit-requests", Integer.toString(limit));
        r.header("x-ratelimit-remaining-requests", Integer.toString(Math.max(0, limit - used)));
        r.header("x-ratelimit-reset-requests", Errors.goDuration(Duration.ofNanos(Math.max(0, resetNanos))));
    }

    // ---------------------------------------------------------------- validation

    /** A validated request. */
    static final class Job {
        Op op;
        Dialect dialect;
        Models.Model model;
        String prompt = "";
        int n = 1;
        String requestedSize;
        int width;
        int height;
        String requestedQuality;
        String quality;
        String requestedBackground;
        String background;
        String format = "png";
        int compression = 100;
        String responseFormat;
        String style;
        boolean stream;
        int partials;
        final List<int[]> inputSizes = new ArrayList<>();
    }

    /** Reads request parameters with the service's type rules (JSON types vs multipart text). */
    private static final class Params {
        private final JsonNode json;
        private final Map<String, String> text = new LinkedHashMap<>();
        private final Errors errors;

        Params(Exchange ex, Errors errors) {
            this.errors = errors;
            this.json = ex.json;
            for (RecordedPart p : ex.parts) {
                if (!p.isFile() && !FILE_FIELDS.contains(p.name())) {
                    text.putIfAbsent(p.name(), p.text());
                }
            }
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            if (json != null) {
                json.fieldNames().forEachRemaining(names::add);
            } else {
                names.addAll(text.keySet());
            }
            return names;
        }

        boolean has(String name) {
            if (json != null) {
                return json.hasNonNull(name);
            }
            return text.containsKey(name);
        }

        String string(String name) {
            if (json != null) {
                JsonNode v = json.get(name);
                if (v == null || v.isNull()) {
                    return null;
                }
                if (!v.isTextual()) {
                    throw typeError(name, "a string", v);
                }
                return v.asText();
            }
            return text.get(name);
        }

        Integer integer(String name) {
            if (json != null) {
                JsonNode v = json.get(name);
                if (v == null || v.isNull()) {
                    return null;
                }
                if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                    throw typeError(name, "an integer", v);
                }
                return v.intValue();
            }
            String s = text.get(name);
            if (s == null) {
                return null;
            }
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw errors.invalid("Invalid type for '" + name + "': expected an integer, but got a string "
                        + "instead.", name, "invalid_type");
            }
        }

        Boolean bool(String name) {
            if (json != null) {
                JsonNode v = json.get(name);
                if (v == null || v.isNull()) {
                    return null;
                }
                if (!v.isBoolean()) {
                    throw typeError(name, "a boolean", v);
                }
                return v.booleanValue();
            }
            String s = text.get(name);
            if (s == null) {
                return null;
            }
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s);
            }
            throw errors.invalid("Invalid type for '" + name + "': expected a boolean, but got a string instead.",
                    name, "invalid_type");
        }

        private ApiError typeError(String name, String expected, JsonNode v) {
            String got = v.isTextual() ? "a string" : v.isBoolean() ? "a boolean" : v.isNumber()
                    ? (v.isIntegralNumber() ? "an integer" : "a decimal") : v.isArray() ? "an array" : "an object";
            return errors.invalid("Invalid type for '" + name + "': expected " + expected + ", but got " + got
                    + " instead.", name, "invalid_type");
        }
    }

    private final class Validator {
        private final Exchange ex;
        private final Route route;
        private final Errors errors;
        private final Job job = new Job();
        private Params params;
        private boolean jsonEdit;

        Validator(Exchange ex, Route route, Errors errors) {
            this.ex = ex;
            this.route = route;
            this.errors = errors;
        }

        Job validate() {
            job.op = route.op;
            job.dialect = ex.dialect;
            checkBody();
            params = new Params(ex, errors);
            checkUnknownFields();
            resolveModel();
            checkOperation();
            if (route.op != Op.VARIATIONS) {
                checkPrompt();
            }
            checkN();
            checkModelSpecificParams();
            checkResponseFormat();
            checkOutput();
            checkStream();
            checkQuality();
            checkSize();
            if (route.op != Op.GENERATIONS) {
                checkImages();
            }
            return job;
        }

        private void checkBody() {
            String type = ex.header("content-type");
            String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
            boolean multipart = lower.startsWith("multipart/form-data");
            if (route.op == Op.GENERATIONS || (route.op == Op.EDITS && !multipart)) {
                if (ex.json == null || !ex.json.isObject()) {
                    if (multipart && route.op == Op.GENERATIONS) {
                        throw errors.invalid("Invalid Content-Type header (" + type + "), expected "
                                + "application/json.", null, null);
                    }
                    if (ex.body.length == 0 && route.op == Op.EDITS) {
                        throw errors.invalid("Invalid Content-Type header (" + type + "), expected "
                                + "multipart/form-data or application/json.", null, null);
                    }
                    throw errors.invalid("We could not parse the JSON body of your request. (HINT: This likely means "
                            + "you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, "
                            + "but what was sent was not valid JSON.)", null, null);
                }
                jsonEdit = route.op == Op.EDITS;
                if (jsonEdit && ex.dialect == Dialect.AIMLAPI) {
                    throw errors.invalid("image: Required. This model only accepts local files sent as "
                            + "multipart/form-data.", "image", "invalid_value");
                }
                return;
            }
            if (!multipart) {
                throw errors.invalid("Invalid Content-Type header (" + type + "), expected multipart/form-data.", null,
                        null);
            }
            if (ex.parts.isEmpty()) {
                try {
                    ex.parts = Multipart.parse(ex.body, HttpParsing.headerParam(type, "boundary"));
                } catch (Multipart.MalformedMultipart e) {
                    throw errors.invalid("Could not parse multipart form: " + e.getMessage(), null, null);
                }
            }
        }

        private void checkUnknownFields() {
            if (ex.dialect == Dialect.AIMLAPI) {
                return; // AI/ML API strips unknown keys
            }
            Set<String> allowed = route.op == Op.GENERATIONS ? GENERATION_FIELDS : route.op == Op.VARIATIONS
                    ? VARIATION_FIELDS : jsonEdit ? JSON_EDIT_FIELDS : MULTIPART_EDIT_FIELDS;
            for (String name : params.names()) {
                if (!allowed.contains(name)) {
                    throw errors.unknownParameter(name);
                }
            }
            for (RecordedPart p : ex.parts) {
                if ((p.isFile() || FILE_FIELDS.contains(p.name())) && !allowed.contains(p.name())) {
                    throw errors.unknownParameter(p.name());
                }
            }
        }

        private void resolveModel() {
            String id = params.string("model");
            switch (ex.dialect) {
                case AZURE: {
                    String deployment = route.azureClassic ? route.deployment : id;
                    if (deployment == null) {
                        throw errors.missing("model");
                    }
                    String model = deploymentModel(deployment);
                    if (model == null) {
                        throw errors.deploymentNotFound();
                    }
                    job.model = Models.azure(model);
                    break;
                }
                case AIMLAPI:
                    if (id == null) {
                        throw errors.invalid("model: Required", "model", "missing_required_parameter");
                    }
                    job.model = Models.aimlapi(id);
                    if (job.model == null) {
                        throw errors.modelNotFound(id);
                    }
                    break;
                default:
                    if (id == null) {
                        boolean gptParams = GPT_ONLY.stream().anyMatch(params::has);
                        id = route.op == Op.EDITS ? "gpt-image-1.5" : route.op == Op.VARIATIONS ? "dall-e-2"
                                : gptParams ? "gpt-image-1.5" : "dall-e-2";
                    }
                    job.model = Models.openAi(id);
                    if (job.model == null) {
                        throw errors.modelNotFound(id);
                    }
            }
        }

        private void checkOperation() {
            Models.Model m = job.model;
            boolean ok;
            switch (route.op) {
                case GENERATIONS:
                    ok = !m.editsOnly;
                    break;
                case EDITS:
                    ok = m.family != Models.Family.DALLE3;
                    break;
                default:
                    ok = m.family == Models.Family.DALLE2;
            }
            if (!ok) {
                throw errors.invalid("Invalid value: '" + m.id + "'. The model does not support image "
                        + route.op.name().toLowerCase(Locale.ROOT) + ".", "model", "invalid_value");
            }
            if (route.azureGaVersion() && m.family != Models.Family.DALLE3) {
                throw errors.invalid("The API version " + route.apiVersion + " does not support model '" + m.id
                        + "'. Use api-version " + FIRST_EDITS_PREVIEW + "-preview or later, or the v1 API.", "model",
                        "invalid_value");
            }
        }

        private void checkPrompt() {
            String prompt = params.string("prompt");
            if (prompt == null) {
                throw errors.missing("prompt");
            }
            if (prompt.isEmpty()) {
                throw errors.invalid("Invalid 'prompt': empty string. Expected a string with minimum length 1, but "
                        + "got an empty string instead.", "prompt", "empty_string");
            }
            int max = job.model.maxPrompt();
            if (prompt.length() > max) {
                throw errors.invalid("Invalid 'prompt': string too long. Expected a string with maximum length "
                        + max + ", but got a string with length " + prompt.length() + " instead.", "prompt",
                        "string_above_max_length");
            }
            job.prompt = prompt;
        }

        private void checkN() {
            Integer n = params.integer("n");
            if (n == null) {
                return;
            }
            int max = job.model.family == Models.Family.DALLE3 ? 1 : 10;
            if (ex.dialect == Dialect.AIMLAPI && route.op == Op.GENERATIONS && job.model.family != Models.Family.DALLE2) {
                max = 1;
            }
            if (n < 1) {
                throw errors.invalid("Invalid 'n': integer below minimum value. Expected a value >= 1, but got " + n
                        + " instead.", "n", "integer_below_min_value");
            }
            if (n > max) {
                throw errors.invalid("Invalid 'n': integer above maximum value. Expected a value <= " + max
                        + ", but got " + n + " instead.", "n", "integer_above_max_value");
            }
            job.n = n;
        }

        private void checkModelSpecificParams() {
            Models.Model m = job.model;
            if (m.isDalle()) {
                for (String name : GPT_ONLY) {
                    if (params.has(name)) {
                        throw errors.unsupportedParameter(name, m.id);
                    }
                }
            }
            if (params.has("style")) {
                if (m.family != Models.Family.DALLE3) {
                    throw errors.unsupportedParameter("style", m.id);
                }
                job.style = oneOf("style", params.string("style"), List.of("vivid", "natural"));
            }
            if (params.has("input_fidelity")) {
                if (m.isMini()) {
                    throw errors.unsupportedParameter("input_fidelity", m.id);
                }
                oneOf("input_fidelity", params.string("input_fidelity"), List.of("high", "low"));
            }
            if (params.has("moderation")) {
                oneOf("moderation", params.string("moderation"), List.of("low", "auto"));
            }
            if (params.has("user")) {
                params.string("user");
            }
        }

        private void checkResponseFormat() {
            boolean accepted = job.model.isDalle() || ex.dialect == Dialect.AIMLAPI;
            if (params.has("response_format")) {
                if (!accepted) {
                    throw errors.unsupportedParameter("response_format", job.model.id);
                }
                job.responseFormat = oneOf("response_format", params.string("response_format"),
                        List.of("url", "b64_json"));
            } else if (accepted) {
                job.responseFormat = "url";
            }
        }

        private void checkOutput() {
            if (job.model.isDalle()) {
                job.background = null;
                return;
            }
            if (params.has("output_format")) {
                job.format = oneOf("output_format", params.string("output_format"), List.of("png", "jpeg", "webp"));
                if (ex.dialect == Dialect.AZURE && job.format.equals("webp")) {
                    throw errors.invalid("Invalid value: 'webp'. Azure OpenAI supports output_format 'png' and "
                            + "'jpeg' only.", "output_format", "invalid_value");
                }
            }
            if (params.has("output_compression")) {
                int c = params.integer("output_compression");
                if (c < 0 || c > 100) {
                    throw errors.invalid("Invalid 'output_compression': expected a value between 0 and 100, but got "
                            + c + " instead.", "output_compression", c < 0 ? "integer_below_min_value"
                            : "integer_above_max_value");
                }
                job.compression = c;
            }
            job.requestedBackground = params.has("background")
                    ? oneOf("background", params.string("background"), List.of("transparent", "opaque", "auto"))
                    : "auto";
            if (job.requestedBackground.equals("transparent") && job.format.equals("jpeg")) {
                throw errors.invalid("Transparent background is not supported with output_format 'jpeg'. Use 'png' "
                        + "or 'webp'.", "background", "invalid_value");
            }
            job.background = job.requestedBackground.equals("transparent") ? "transparent" : "opaque";
        }

        private void checkStream() {
            Boolean stream = params.bool("stream");
            Integer partials = params.integer("partial_images");
            if (ex.dialect == Dialect.AIMLAPI && (stream != null || partials != null)) {
                throw errors.invalid((stream != null ? "stream" : "partial_images")
                        + ": Unrecognized key. Streaming is not supported.", stream != null ? "stream"
                        : "partial_images", "unknown_parameter");
            }
            job.stream = stream != null && stream;
            if (partials != null) {
                if (partials < 0 || partials > 3) {
                    throw errors.invalid("Invalid 'partial_images': expected a value between 0 and 3, but got "
                            + partials + " instead.", "partial_images", partials < 0 ? "integer_below_min_value"
                            : "integer_above_max_value");
                }
                job.partials = partials;
            }
        }

        private void checkQuality() {
            Models.Model m = job.model;
            List<String> allowed;
            String dflt;
            switch (m.family) {
                case DALLE2:
                    allowed = List.of("standard", "auto");
                    dflt = "standard";
                    break;
                case DALLE3:
                    allowed = route.op == Op.EDITS ? List.of("standard", "auto") : List.of("standard", "hd", "auto");
                    dflt = "standard";
                    break;
                default:
                    if (ex.dialect == Dialect.AIMLAPI) {
                        allowed = List.of("low", "medium", "high");
                        dflt = "medium";
                    } else {
                        allowed = List.of("low", "medium", "high", "auto");
                        dflt = ex.dialect == Dialect.AZURE ? "high" : "auto";
                    }
            }
            String q = params.has("quality") ? oneOf("quality", params.string("quality"), allowed) : dflt;
            job.requestedQuality = q;
            job.quality = q.equals("auto") ? (m.isDalle() ? "standard" : "high") : q;
        }

        private void checkSize() {
            Models.Model m = job.model;
            List<String> presets;
            switch (m.family) {
                case DALLE2:
                    presets = List.of("256x256", "512x512", "1024x1024");
                    break;
                case DALLE3:
                    presets = List.of("1024x1024", "1792x1024", "1024x1792");
                    break;
                default:
                    presets = ex.dialect == Dialect.AIMLAPI ? List.of("1024x1024", "1024x1536", "1536x1024")
                            : List.of("1024x1024", "1536x1024", "1024x1536", "auto");
            }
            String dflt;
            if (m.isDalle() || ex.dialect == Dialect.AIMLAPI || route.azureGaVersion()) {
                dflt = "1024x1024";
            } else if (route.op == Op.EDITS && !jsonEdit && ex.dialect == Dialect.OPENAI) {
                dflt = "1024x1024";
            } else {
                dflt = "auto";
            }
            String size = params.has("size") ? params.string("size") : dflt;
            job.requestedSize = size;
            if (size.equals("auto") && presets.contains("auto")) {
                String p = job.prompt.toLowerCase(Locale.ROOT);
                if (p.contains("landscape") || p.contains("wide") || p.contains("panorama")) {
                    job.width = 1536;
                    job.height = 1024;
                } else if (p.contains("portrait") || p.contains("tall")) {
                    job.width = 1024;
                    job.height = 1536;
                } else {
                    job.width = 1024;
                    job.height = 1024;
                }
                return;
            }
            Matcher wh = SIZE.matcher(size);
            boolean custom = m.family == Models.Family.GPT_IMAGE_2 && ex.dialect != Dialect.AIMLAPI;
            if (presets.contains(size) && wh.matches()) {
                job.width = Integer.parseInt(wh.group(1));
                job.height = Integer.parseInt(wh.group(2));
                return;
            }
            if (!custom || !wh.matches()) {
                throw errors.invalid("Invalid value: '" + size + "'. Supported values are: '"
                        + String.join("', '", presets) + "'.", "size", "invalid_value");
            }
            int w = Integer.parseInt(wh.group(1));
            int h = Integer.parseInt(wh.group(2));
            String problem = null;
            if (w % 16 != 0 || h % 16 != 0) {
                problem = "Width and height must both be divisible by 16.";
            } else if (Math.max(w, h) > 3840) {
                problem = "The longest edge must be at most 3840 pixels.";
            } else if (Math.max(w, h) > 3L * Math.min(w, h)) {
                problem = "The aspect ratio must be between 1:3 and 3:1.";
            } else if ((long) w * h < 655_360L || (long) w * h > 8_294_400L) {
                problem = "The total number of pixels must be between 655360 and 8294400.";
            }
            if (problem != null) {
                throw errors.invalid("Invalid size '" + size + "'. " + problem, "size", "invalid_value");
            }
            job.width = w;
            job.height = h;
        }

        private void checkImages() {
            List<byte[]> images = new ArrayList<>();
            byte[] mask = null;
            boolean maskGiven = false;
            if (jsonEdit) {
                if (job.model.isDalle()) {
                    throw errors.invalid("The JSON edit body is only supported for GPT image models; send "
                            + "multipart/form-data for '" + job.model.id + "'.", "model", "invalid_value");
                }
                JsonNode arr = ex.json.get("images");
                if (arr == null || arr.isNull()) {
                    throw errors.missing("images");
                }
                if (!arr.isArray()) {
                    throw errors.invalid("Invalid type for 'images': expected an array, but got "
                            + arr.getNodeType().name().toLowerCase(Locale.ROOT) + " instead.", "images",
                            "invalid_type");
                }
                if (arr.size() < 1 || arr.size() > MAX_IMAGES) {
                    throw errors.invalid("Invalid 'images': array " + (arr.size() < 1 ? "too short" : "too long")
                            + ". Expected an array with " + (arr.size() < 1 ? "minimum length 1" : "maximum length "
                            + MAX_IMAGES) + ", but got an array with length " + arr.size() + " instead.", "images",
                            arr.size() < 1 ? "array_below_min_length" : "array_above_max_length");
                }
                for (int i = 0; i < arr.size(); i++) {
                    images.add(imageRef(arr.get(i), "images[" + i + "]"));
                }
                JsonNode m = ex.json.get("mask");
                if (m != null && !m.isNull()) {
                    maskGiven = true;
                    mask = imageRef(m, "mask");
                }
            } else {
                for (RecordedPart p : ex.parts) {
                    if (p.name().equals("image") || p.name().equals("image[]")) {
                        images.add(p.contentNoCopy());
                    } else if (p.name().equals("mask")) {
                        maskGiven = true;
                        mask = p.contentNoCopy();
                    }
                }
                if (images.isEmpty()) {
                    throw errors.missing("image");
                }
                if (images.size() > MAX_IMAGES) {
                    throw errors.invalid("Invalid 'image': array too long. Expected an array with maximum length "
                            + MAX_IMAGES + ", but got an array with length " + images.size() + " instead.", "image",
                            "array_above_max_length");
                }
            }
            boolean dalle2 = job.model.family == Models.Family.DALLE2;
            if (dalle2 && images.size() != 1) {
                throw errors.invalid("Invalid 'image': " + job.model.id + " accepts exactly one image.", "image",
                        "invalid_value");
            }
            long maxBytes = dalle2 ? 4L * 1024 * 1024 : 50L * 1024 * 1024;
            for (int i = 0; i < images.size(); i++) {
                byte[] img = images.get(i);
                if (img == null) {
                    job.inputSizes.add(null); // a URL or file id the emulator does not fetch
                    continue;
                }
                if (img.length > maxBytes) {
                    throw errors.invalid("Invalid 'image': image " + (i + 1) + " is larger than " + maxBytes / (1024
                            * 1024) + " MB.", "image", "image_too_large");
                }
                ImageInfo info = ImageInfo.of(img);
                if (info == null) {
                    throw errors.invalid("Invalid image file or mode for image " + (i + 1) + ", please check your "
                            + "image file. Supported formats are png, jpeg and webp.", "image",
                            "invalid_image_format");
                }
                if (dalle2 && (!info.format.equals("png") || info.width != info.height)) {
                    throw errors.invalid("Invalid input image - " + job.model.id + " requires a square PNG image.",
                            "image", "invalid_image_format");
                }
                job.inputSizes.add(new int[] {info.width, info.height});
            }
            if (maskGiven && mask != null) {
                ImageInfo m = ImageInfo.of(mask);
                if (m == null || !m.format.equals("png")) {
                    throw errors.invalid("Invalid mask image: the mask must be a PNG image.", "mask",
                            "invalid_image_format");
                }
                int[] first = job.inputSizes.get(0);
                if (first != null && (first[0] != m.width || first[1] != m.height)) {
                    throw errors.invalid("Invalid mask image: the mask and the image must have the same dimensions; "
                            + "got image " + first[0] + "x" + first[1] + " and mask " + m.width + "x" + m.height + ".",
                            "mask", "invalid_value");
                }
            }
        }

        /** Decodes an {@code ImageRefParam}: a data URL's bytes, or {@code null} for an http(s) URL or file id. */
        private byte[] imageRef(JsonNode ref, String param) {
            if (!ref.isObject()) {
                throw errors.invalid("Invalid type for '" + param + "': expected an object.", param, "invalid_type");
            }
            Iterator<String> names = ref.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!n.equals("image_url") && !n.equals("file_id")) {
                    throw errors.unknownParameter(param + "." + n);
                }
            }
            boolean url = ref.hasNonNull("image_url");
            boolean file = ref.hasNonNull("file_id");
            if (url == file) {
                throw errors.invalid("Invalid '" + param + "': provide exactly one of 'image_url' or 'file_id'.",
                        param, "invalid_value");
            }
            if (file) {
                return null;
            }
            String u = ref.get("image_url").asText();
            if (u.startsWith("http://") || u.startsWith("https://")) {
                return null;
            }
            if (!u.startsWith("data:") || !u.contains(";base64,")) {
                throw errors.invalid("Invalid '" + param + ".image_url': expected an http(s) URL or a base64 data URL.",
                        param + ".image_url", "invalid_value");
            }
            try {
                return Base64.getDecoder().decode(u.substring(u.indexOf(";base64,") + 8));
            } catch (IllegalArgumentException e) {
                throw errors.invalid("Invalid '" + param + ".image_url': the data URL is not valid base64.",
                        param + ".image_url", "invalid_value");
            }
        }

        private String oneOf(String name, String value, List<String> allowed) {
            if (value == null || !allowed.contains(value)) {
                throw errors.invalid("Invalid value: '" + value + "'. Supported values are: '"
                        + String.join("', '", allowed) + "'.", name, "invalid_value");
            }
            return value;
        }
    }

    /** Format and dimensions read from an image header. */
    static final class ImageInfo {
        final String format;
        final int width;
        final int height;

        private ImageInfo(String format, int width, int height) {
            this.format = format;
            this.width = width;
            this.height = height;
        }

        static ImageInfo of(byte[] bytes) {
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
                if (in == null) {
                    return null;
                }
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                if (!readers.hasNext()) {
                    return null;
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in);
                    String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                    if (format.equals("jpg")) {
                        format = "jpeg";
                    }
                    return new ImageInfo(format, reader.getWidth(0), reader.getHeight(0));
                } finally {
                    reader.dispose();
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    // ---------------------------------------------------------------- responses

    private Response respond(Exchange ex, Job job, Fault fault) {
        Usage usage = Usage.of(job.prompt, job.inputSizes.toArray(new int[0][]), job.width, job.height, job.quality,
                job.n, job.stream ? job.partials : 0);
        if (job.stream && job.model.isGptImage()) {
            return stream(job, usage, fault);
        }
        int status = ex.dialect == Dialect.AIMLAPI ? aimlapiSuccessStatus : 200;
        long synthetic = syntheticBytes;
        ObjectNode root = JSON.createObjectNode();
        boolean gptShape = job.model.isGptImage() && ex.dialect != Dialect.AIMLAPI;
        if (ex.dialect == Dialect.AIMLAPI) {
            root.putNull("created");
        } else {
            root.put("created", Instant.now().getEpochSecond());
        }
        if (gptShape && ex.dialect == Dialect.OPENAI) {
            root.put("background", job.background);
            root.put("output_format", job.format);
            root.put("quality", job.quality);
            root.put("size", job.width + "x" + job.height);
        }
        ArrayNode data = root.putArray("data");
        boolean url = synthetic < 0 && "url".equals(job.responseFormat);
        for (int i = 0; i < job.n; i++) {
            ObjectNode item = data.addObject();
            if (synthetic >= 0) {
                if (ex.dialect == Dialect.AIMLAPI) {
                    item.putNull("url");
                }
                item.put("b64_json", SYNTHETIC_MARK);
            } else {
                byte[] png = renderer.render(job.width, job.height, job.format, "transparent".equals(job.background),
                        job.compression, job.prompt, job.n > 1 ? "#" + (i + 1) : "");
                if (url) {
                    item.put("url", baseUrl + "/files/" + files.put(png, job.format));
                    if (ex.dialect == Dialect.AIMLAPI) {
                        item.putNull("b64_json");
                    }
                } else {
                    if (ex.dialect == Dialect.AIMLAPI) {
                        item.putNull("url");
                    }
                    item.put("b64_json", Base64.getEncoder().encodeToString(png));
                }
            }
            if (job.model.family == Models.Family.DALLE3) {
                item.put("revised_prompt", "A placeholder rendering of: " + job.prompt);
            }
            if (ex.dialect == Dialect.AZURE && job.model.family == Models.Family.DALLE3) {
                ObjectNode cfr = item.putObject("content_filter_results");
                ObjectNode pfr = item.putObject("prompt_filter_results");
                for (String k : new String[] {"hate", "self_harm", "sexual", "violence"}) {
                    cfr.putObject(k).put("filtered", false).put("severity", "safe");
                    pfr.putObject(k).put("filtered", false).put("severity", "safe");
                }
                pfr.putObject("profanity").put("filtered", false).put("detected", false);
                pfr.putObject("jailbreak").put("filtered", false).put("detected", false);
            }
        }
        if (ex.dialect == Dialect.AIMLAPI) {
            root.putObject("meta").putObject("usage").put("credits_used", usage.credits()).put("usd_spent",
                    usage.usd());
        } else if (job.model.isGptImage()) {
            usage.writeTo(root.putObject("usage"), true);
        }
        String outcome = status + " " + job.op.name().toLowerCase(Locale.ROOT) + " " + job.model.id + " "
                + job.width + "x" + job.height + " x" + job.n;
        if (synthetic >= 0) {
            return syntheticResponse(status, root, synthetic, job.n, outcome + " synthetic " + synthetic + " bytes");
        }
        return Response.json(status, root.toString(), outcome);
    }

    private Response syntheticResponse(int status, ObjectNode root, long decodedBytes, int n, String outcome) {
        String text = root.toString();
        String[] pieces = text.split(Pattern.quote(SYNTHETIC_MARK), -1);
        if (pieces.length != n + 1) {
            throw new IllegalStateException("synthetic marker not found in " + text);
        }
        long b64 = 4 * ((decodedBytes + 2) / 3);
        long length = n * b64;
        for (String p : pieces) {
            length += p.getBytes(StandardCharsets.UTF_8).length;
        }
        return Response.streaming(status, "application/json", length, out -> {
            for (int i = 0; i < n; i++) {
                out.write(pieces[i].getBytes(StandardCharsets.UTF_8));
                writeSyntheticBase64(out, decodedBytes, i);
            }
            out.write(pieces[n].getBytes(StandardCharsets.UTF_8));
        }, outcome);
    }

    /** Streams base64 of {@code decodedBytes} pseudo-random bytes (seed = item index) in 48 KiB slices. */
    static void writeSyntheticBase64(OutputStream out, long decodedBytes, int seed) throws IOException {
        SplittableRandom random = new SplittableRandom(0x5EED_1234L + seed);
        byte[] raw = new byte[48 * 1024];
        Base64.Encoder enc = Base64.getEncoder();
        long left = decodedBytes;
        while (left > 0) {
            int len = (int) Math.min(raw.length, left);
            for (int i = 0; i < len; i += 8) {
                long r = random.nextLong();
                for (int j = 0; j < 8 && i + j < len; j++) {
                    raw[i + j] = (byte) (r >>> (8 * j));
                }
            }
            byte[] encoded = len == raw.length ? enc.encode(raw) : enc.encode(java.util.Arrays.copyOf(raw, len));
            out.write(encoded);
            left -= len;
        }
    }

    private Response stream(Job job, Usage usage, Fault fault) {
        String prefix = job.op == Op.EDITS ? "image_edit" : "image_generation";
        boolean transparent = "transparent".equals(job.background);
        long created = Instant.now().getEpochSecond();
        String outcome = "200 stream " + job.op.name().toLowerCase(Locale.ROOT) + " " + job.model.id + " "
                + job.width + "x" + job.height + " x" + job.n + " partials=" + job.partials;
        Response r = Response.streaming(200, "text/event-stream; charset=utf-8", -1, out -> {
            for (int i = 0; i < job.n; i++) {
                for (int p = 0; p < job.partials; p++) {
                    byte[] img = renderer.render(job.width, job.height, job.format, transparent, job.compression,
                            job.prompt, "partial " + (p + 1) + "/" + job.partials + (job.n > 1 ? " #" + (i + 1) : ""));
                    ObjectNode ev = JSON.createObjectNode();
                    ev.put("type", prefix + ".partial_image");
                    ev.put("b64_json", Base64.getEncoder().encodeToString(img));
                    ev.put("created_at", created);
                    ev.put("size", job.requestedSize);
                    ev.put("quality", job.requestedQuality);
                    ev.put("background", job.requestedBackground);
                    ev.put("output_format", job.format);
                    ev.put("partial_image_index", p);
                    writeEvent(out, ev);
                    if (fault.kind() == Fault.Kind.STREAM_ERROR) {
                        writeStreamError(out);
                        return;
                    }
                }
                if (fault.kind() == Fault.Kind.STREAM_ERROR) {
                    writeStreamError(out);
                    return;
                }
                byte[] img = renderer.render(job.width, job.height, job.format, transparent, job.compression,
                        job.prompt, job.n > 1 ? "#" + (i + 1) : "");
                ObjectNode ev = JSON.createObjectNode();
                ev.put("type", prefix + ".completed");
                ev.put("b64_json", Base64.getEncoder().encodeToString(img));
                ev.put("created_at", Instant.now().getEpochSecond());
                ev.put("size", job.width + "x" + job.height);
                ev.put("quality", job.quality);
                ev.put("background", job.background);
                ev.put("output_format", job.format);
                usage.writeTo(ev.putObject("usage"), false);
                writeEvent(out, ev);
            }
            if (fault.kind() == Fault.Kind.STREAM_DONE_MARKER) {
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }, outcome);
        r.header("cache-control", "no-cache");
        return r;
    }

    private static void writeEvent(OutputStream out, ObjectNode event) throws IOException {
        String frame;
        try {
            frame = "event: " + event.get("type").asText() + "\ndata: " + JSON.writeValueAsString(event) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void writeStreamError(OutputStream out) throws IOException {
        ObjectNode ev = JSON.createObjectNode();
        ev.put("type", "error");
        ObjectNode error = ev.putObject("error");
        error.put("type", "server_error");
        error.put("code", "server_error");
        error.put("message", "The server had an error while processing your request. Sorry about that!");
        error.putNull("param");
        out.write(("event: error\ndata: " + ev + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void clearFiles() {
        files.clear();
    }
}
