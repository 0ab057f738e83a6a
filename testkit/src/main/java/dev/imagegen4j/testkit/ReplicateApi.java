package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replicate's predictions API at {@code /replicate/v1}: {@code POST /models/{owner}/{name}/predictions} (and
 * {@code POST /predictions} with a {@code version}), {@code GET /predictions/{id}}, {@code POST
 * /predictions/{id}/cancel}, {@code GET /predictions} (the newest 100, one page); {@code Authorization: Bearer} (or the legacy {@code Token}); {@code Prefer: wait[=N]}
 * holds the create answer until the prediction finished or N (at most 60) seconds passed. A prediction is
 * {@code starting}, then {@code processing}, then {@code succeeded} with {@code output} URLs served by the emulator
 * (they expire with the emulator's output URL lifetime), {@code failed} with an {@code error}, or {@code canceled}.
 * Inputs are checked against each model's schema (kept here, apart from the library's host data): a bad value is a
 * 422 with {@code invalid_fields}; unknown inputs are ignored, as Replicate does. Errors are problem details
 * {@code {"title", "detail", "status"}}. The prediction id is the create request's {@code x-request-id}.
 * Thread-safe.
 */
final class ReplicateApi implements DialectHandler {

    private static final String PREFIX = "/replicate/v1";
    private static final Pattern CREATE = Pattern.compile("/models/([^/]+)/([^/]+)/predictions");
    private static final Pattern PREDICTION = Pattern.compile("/predictions/([^/]+)(/cancel)?");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String NSFW = "NSFW content detected. Try running it again, or try a different prompt.";

    /** One model's input schema: enums, ranges and which inputs shape the output. */
    private static final class Model {
        final String id;
        final String version;
        final boolean gpt;
        final Map<String, List<String>> enums;
        final String countInput;
        final int maxCount;
        final String defaultFormat;
        final boolean listOutput;

        Model(String id, boolean gpt, Map<String, List<String>> enums, String countInput, int maxCount,
                String defaultFormat, boolean listOutput) {
            this.id = id;
            this.version = Integer.toHexString(id.hashCode()) + "5e0f1d2c3b4a59687766554433221100aabbccddeeff0011";
            this.gpt = gpt;
            this.enums = enums;
            this.countInput = countInput;
            this.maxCount = maxCount;
            this.defaultFormat = defaultFormat;
            this.listOutput = listOutput;
        }
    }

    private static final List<String> FLUX_RATIOS = List.of("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4",
            "4:3", "9:16", "9:21");
    private static final List<Model> MODELS = models();

    private static List<Model> models() {
        List<Model> m = new ArrayList<>();
        for (String v : List.of("2.6-flare", "2.6-sunburst", "2.5-flare", "2.5-sunburst", "2")) {
            m.add(gpt("openai/gpt-image-" + v, v.equals("2") ? List.of("low", "medium", "high", "auto")
                    : List.of("low", "medium", "high", "xhigh", "max", "auto")));
        }
        m.add(new Model("black-forest-labs/flux-1.1-pro", false, Map.of("aspect_ratio", FLUX_RATIOS,
                "output_format", List.of("webp", "jpg", "png")), null, 1, "webp", false));
        m.add(new Model("black-forest-labs/flux-schnell", false, Map.of("aspect_ratio", FLUX_RATIOS,
                "output_format", List.of("webp", "jpg", "png")), "num_outputs", 4, "webp", true));
        return List.copyOf(m);
    }

    private static Model gpt(String id, List<String> qualities) {
        return new Model(id, true, Map.of("aspect_ratio", List.of("1:1", "3:2", "2:3"), "quality", qualities,
                "background", List.of("auto", "transparent", "opaque"), "output_format", List.of("png", "jpeg", "webp"),
                "moderation", List.of("auto", "low"), "input_fidelity", List.of("low", "high")), "number_of_images", 10,
                "png", true);
    }

    private final EmulatorContext ctx;

    ReplicateApi(EmulatorContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Dialect dialect() {
        return Dialect.REPLICATE;
    }

    @Override
    public boolean handles(String path) {
        return path.startsWith("/replicate/");
    }

    /** A prediction id: 26 characters of lower-case base32, as Replicate's. */
    @Override
    public String newRequestId() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 26; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(32)));
        }
        return sb.toString();
    }

    @Override
    public Response handle(Exchange ex, Fault fault) {
        try {
            String key = JobHosts.key(ex, "Bearer", "Token");
            if (key == null) {
                throw problem(401, "Unauthenticated", "You did not pass an authentication token");
            }
            if (!ctx.keyAccepted(key)) {
                throw problem(401, "Unauthenticated", "You did not pass a valid authentication token");
            }
            String path = ex.head.path.substring(Math.min(ex.head.path.length(), PREFIX.length()));
            if (!ex.head.path.startsWith(PREFIX + "/")) {
                throw problem(404, "Not found", "The requested resource could not be found.");
            }
            answerFaults(fault);
            Matcher create = CREATE.matcher(path);
            if (create.matches() && ex.head.method.equals("POST")) {
                return create(ex, model(create.group(1) + "/" + create.group(2)), fault);
            }
            if (path.equals("/predictions") && ex.head.method.equals("POST")) {
                JsonNode body = JobHosts.body(ex);
                String version = body == null ? "" : body.path("version").asText("");
                Model m = MODELS.stream().filter(x -> x.version.equals(version)
                        || version.endsWith(":" + x.version)).findFirst().orElse(null);
                if (m == null) {
                    throw problem(422, "Invalid version or not permitted", "The specified version does not exist "
                            + "(or perhaps you don't have permission to use it?)");
                }
                return create(ex, m, fault);
            }
            if (path.equals("/predictions") && ex.head.method.equals("GET")) {
                ObjectNode page = JobHosts.object();
                page.putNull("previous");
                page.putNull("next");
                ArrayNode results = page.putArray("results");
                List<JobStore.Job> all = new ArrayList<>(ctx.jobs.all());
                java.util.Collections.reverse(all);
                all.stream().filter(j -> j.dialect == Dialect.REPLICATE).limit(100).forEach(j -> results.add(prediction(j)));
                return JobHosts.json(200, page, "200 predictions list (" + results.size() + ")");
            }
            Matcher prediction = PREDICTION.matcher(path);
            if (prediction.matches()) {
                JobStore.Job job = ctx.jobs.get(prediction.group(1));
                if (job == null || job.dialect != Dialect.REPLICATE) {
                    throw problem(404, "Not found", "Prediction not found.");
                }
                ex.model = job.model;
                if (prediction.group(2) != null && ex.head.method.equals("POST")) {
                    job.cancel();
                    return JobHosts.json(200, prediction(job), "200 prediction " + job.id + " cancel: "
                            + status(job.state()));
                }
                if (prediction.group(2) == null && ex.head.method.equals("GET")) {
                    return JobHosts.json(200, prediction(job), "200 prediction " + job.id + " " + status(job.state()));
                }
            }
            throw problem(404, "Not found", "The requested resource could not be found.");
        } catch (ApiError e) {
            return e.toResponse();
        }
    }

    private void answerFaults(Fault fault) {
        switch (fault.kind()) {
            case STATUS:
                throw problem(fault.status(), fault.status() == 401 ? "Unauthenticated"
                        : Response.reason(fault.status()), fault.status() >= 500 ? "Internal server error (scripted "
                        + "by the emulator)" : Response.reason(fault.status()) + " (scripted by the emulator)");
            case RATE_LIMITED:
                throw JobHosts.rateLimited(problem(429, "Request was throttled", "Request was throttled. Expected "
                        + "available in " + Math.max(1, (fault.duration().toMillis() + 999) / 1000) + " seconds."),
                        fault.duration());
            case QUOTA_EXHAUSTED:
                throw problem(402, "Insufficient credit", "You have insufficient credit to run this model. Go to "
                        + "https://replicate.com/account/billing#billing to purchase credit.");
            default:
                break;
        }
    }

    private Model model(String id) {
        for (Model m : MODELS) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        // a model OpenAI shipped after the library (ImageApiEmulator.Builder#shipModel) is on Replicate as well
        for (Models.Entry e : ctx.shipped) {
            if (id.equals("openai/" + e.id)) {
                // the qualities of the family it was shipped like, as on OpenAI's own endpoint, plus its own
                Models.Model like = Models.openAi(e.id, ctx.shipped);
                List<String> qualities = new ArrayList<>(like.isGpt25OrLater()
                        ? List.of("low", "medium", "high", "xhigh", "max", "auto") : List.of("low", "medium", "high",
                        "auto"));
                qualities.addAll(like.extraQualities());
                return gpt(id, qualities);
            }
        }
        throw problem(404, "Model not found", "The model " + id + " does not exist, or you do not have access to it.");
    }

    private Response create(Exchange ex, Model m, Fault fault) {
        JsonNode body = JobHosts.body(ex);
        if (body == null || !body.path("input").isObject()) {
            throw invalid("input", "required", "input is required");
        }
        JsonNode input = body.get("input");
        String prompt = validate(m, input);
        String failure = fault.kind() == Fault.Kind.JOB_FAILS ? "Prediction failed: the model crashed (scripted by "
                + "the emulator)" : fault.kind() == Fault.Kind.CONTENT_POLICY ? NSFW : null;
        String ratio = input.path("aspect_ratio").asText("1:1");
        int[] size = m.gpt ? JobHosts.gptSize(ratio) : JobHosts.size(ratio, 1024 * 1024, 32);
        int count = m.countInput == null ? 1 : input.path(m.countInput).asInt(1);
        String format = input.path("output_format").asText(m.defaultFormat);
        String fileFormat = format.equals("jpg") ? "jpeg" : format;
        byte[] first = input.path("input_images").isArray() && input.path("input_images").size() > 0
                ? JobHosts.dataUrl(input.path("input_images").get(0).asText()) : JobHosts.dataUrl(
                input.path("image_prompt").asText(null));
        JobStore.Job job = new JobStore.Job(ex.requestId, Dialect.REPLICATE, m.id, input.deepCopy(),
                ctx.jobDuration(), failure, () -> JobHosts.render(ctx, prompt, count, size[0], size[1], fileFormat,
                first));
        ctx.jobs.add(job);
        ex.model = m.id;
        String prefer = ex.header("prefer");
        if (prefer != null && prefer.trim().toLowerCase(Locale.ROOT).startsWith("wait")) {
            Matcher w = Pattern.compile("wait\\s*=\\s*(\\d+)").matcher(prefer);
            long seconds = w.find() ? Math.min(60, Long.parseLong(w.group(1))) : 60;
            job.awaitDone(Duration.ofSeconds(seconds));
        }
        Response r = JobHosts.json(201, prediction(job), "201 prediction " + job.id + " created (" + m.id + ")");
        if (fault.kind() == Fault.Kind.MALFORMED_JSON) {
            return Response.json(201, "{\"id\":\"" + job.id + "\",\"status\":\"star", "201 prediction " + job.id
                    + " created (" + m.id + ") fault MALFORMED_JSON");
        }
        return r;
    }

    /** Checks the inputs against the model's schema; returns the prompt. */
    private static String validate(Model m, JsonNode input) {
        JsonNode prompt = input.get("prompt");
        if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) {
            throw invalid("input.prompt", "required", "prompt is required");
        }
        for (Map.Entry<String, List<String>> e : m.enums.entrySet()) {
            JsonNode v = input.get(e.getKey());
            if (v != null && !v.isNull() && (!v.isTextual() || !e.getValue().contains(v.asText()))) {
                throw invalid("input." + e.getKey(), "enum", e.getKey() + " must be one of the following: \""
                        + String.join("\", \"", e.getValue()) + "\"");
            }
        }
        if (m.countInput != null && input.has(m.countInput)) {
            JsonNode n = input.get(m.countInput);
            if (!n.isInt() || n.asInt() < 1 || n.asInt() > m.maxCount) {
                throw invalid("input." + m.countInput, "number", m.countInput + " must be an integer from 1 to "
                        + m.maxCount);
            }
        }
        if (input.has("seed") && !input.get("seed").isIntegralNumber()) {
            throw invalid("input.seed", "type", "seed: Invalid type. Expected: integer");
        }
        if (input.has("input_images") && !input.get("input_images").isArray()) {
            throw invalid("input.input_images", "type", "input_images: Invalid type. Expected: array");
        }
        return prompt.asText();
    }

    private ObjectNode prediction(JobStore.Job job) {
        ObjectNode p = JobHosts.object();
        JobStore.State state = job.state();
        Model m = model(job.model);
        p.put("id", job.id);
        p.put("model", job.model);
        p.put("version", m.version);
        p.set("input", job.input);
        p.put("logs", state == JobStore.State.QUEUED ? "" : "Generating...\n");
        if (state == JobStore.State.SUCCEEDED) {
            List<String> names = job.outputs();
            if (m.listOutput) {
                ArrayNode out = p.putArray("output");
                names.forEach(n -> out.add(JobHosts.url(ctx, n)));
            } else {
                p.put("output", JobHosts.url(ctx, names.get(0)));
            }
        } else {
            p.putNull("output");
        }
        p.put("data_removed", false);
        if (state == JobStore.State.FAILED) {
            p.put("error", job.failure);
        } else {
            p.putNull("error");
        }
        p.put("status", status(state));
        p.put("created_at", job.createdAt.toString());
        putInstant(p, "started_at", job.startedAt());
        putInstant(p, "completed_at", job.completedAt());
        String self = ctx.baseUrl() + PREFIX + "/predictions/" + job.id;
        ObjectNode urls = p.putObject("urls");
        urls.put("get", self);
        urls.put("cancel", self + "/cancel");
        urls.put("web", "https://replicate.com/p/" + job.id);
        ObjectNode metrics = p.putObject("metrics");
        if (state == JobStore.State.SUCCEEDED) {
            metrics.put("predict_time", job.runSeconds());
            metrics.put("image_count", job.outputs().size());
        }
        return p;
    }

    private static void putInstant(ObjectNode p, String field, Instant at) {
        if (at == null) {
            p.putNull(field);
        } else {
            p.put(field, at.toString());
        }
    }

    static String status(JobStore.State s) {
        switch (s) {
            case QUEUED:
                return "starting";
            case RUNNING:
                return "processing";
            case SUCCEEDED:
                return "succeeded";
            case FAILED:
                return "failed";
            default:
                return "canceled";
        }
    }

    private static ApiError problem(int status, String title, String detail) {
        ObjectNode body = JobHosts.object();
        body.put("title", title);
        body.put("detail", detail);
        body.put("status", status);
        return new ApiError(status, body.toString(), status + " " + title.toLowerCase(Locale.ROOT));
    }

    private static ApiError invalid(String field, String type, String description) {
        ObjectNode body = JobHosts.object();
        body.put("title", "Input validation failed");
        body.put("detail", "- " + field + ": " + description);
        body.put("status", 422);
        body.putArray("invalid_fields").addObject().put("type", type).put("field", field)
                .put("description", description);
        return new ApiError(422, body.toString(), "422 invalid (" + field + ")");
    }
}
