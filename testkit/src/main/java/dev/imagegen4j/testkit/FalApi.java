package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * fal at {@code /fal}: the queue ({@code POST /fal/queue/{app}} answered {@code {request_id, status_url,
 * response_url, cancel_url, queue_position}}; {@code GET .../requests/{id}/status} with {@code IN_QUEUE} and the
 * position, {@code IN_PROGRESS}, {@code COMPLETED} (with {@code error} when the job failed); {@code GET
 * .../requests/{id}} for the output; {@code PUT .../requests/{id}/cancel}) and the synchronous endpoint
 * ({@code POST /fal/run/{app}}, answered with the output once the job finished). {@code Authorization: Key}.
 * Apps and their inputs are kept here, apart from the library's host data; a bad input is a FastAPI 422
 * {@code {"detail": [{"loc", "msg", "type"}]}}. Every answer about a request carries {@code x-fal-request-id}, and
 * the request id is the submit's {@code x-request-id}. A content-policy fault lets the job run and refuses its output
 * (422 {@code content_policy_violation}). Thread-safe.
 */
final class FalApi implements DialectHandler {

    private static final String QUEUE = "/fal/queue/";
    private static final String RUN = "/fal/run/";

    /** One app: GPT Image (sizes as text, edits) or FLUX (sizes as objects or enums, seed). */
    private static final class App {
        final String id;
        final boolean gpt;
        final boolean edit;
        final List<String> formats;

        App(String id, boolean gpt, boolean edit, List<String> formats) {
            this.id = id;
            this.gpt = gpt;
            this.edit = edit;
            this.formats = formats;
        }
    }

    private static final List<App> APPS = List.of(
            new App("openai/gpt-image-2.5/flare/text-to-image", true, false, List.of("png", "jpeg", "webp")),
            new App("openai/gpt-image-2.5/flare/edit", true, true, List.of("png", "jpeg", "webp")),
            new App("openai/gpt-image-2.5/sunburst/text-to-image", true, false, List.of("png", "jpeg", "webp")),
            new App("openai/gpt-image-2.5/sunburst/edit", true, true, List.of("png", "jpeg", "webp")),
            new App("fal-ai/flux/dev", false, false, List.of("jpeg", "png")),
            new App("fal-ai/flux-pro/v1.1", false, false, List.of("jpeg", "png")));
    private static final List<String> GPT_SIZES = List.of("auto", "1024x1024", "1536x1024", "1024x1536");
    private static final Map<String, int[]> FLUX_SIZES = Map.of("square_hd", new int[] {1024, 1024}, "square",
            new int[] {512, 512}, "portrait_4_3", new int[] {768, 1024}, "portrait_16_9", new int[] {576, 1024},
            "landscape_4_3", new int[] {1024, 768}, "landscape_16_9", new int[] {1024, 576});
    private static final Set<String> QUALITIES = Set.of("auto", "low", "medium", "high", "xhigh", "max");

    private final EmulatorContext ctx;

    FalApi(EmulatorContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Dialect dialect() {
        return Dialect.FAL;
    }

    @Override
    public boolean handles(String path) {
        return path.startsWith("/fal/");
    }

    @Override
    public String newRequestId() {
        return DialectHandler.uuidRequestId();
    }

    @Override
    public Response handle(Exchange ex, Fault fault) {
        String jobId = null;
        try {
            String key = JobHosts.key(ex, "Key");
            if (key == null) {
                throw detail(401, "Authentication is required to access this application: send Authorization: Key "
                        + "<your key>");
            }
            if (!ctx.keyAccepted(key)) {
                throw detail(401, "Invalid API key");
            }
            String path = ex.head.path;
            String method = ex.head.method;
            boolean queue = path.startsWith(QUEUE);
            if (!queue && !path.startsWith(RUN)) {
                throw detail(404, "Not Found");
            }
            String rest = path.substring(queue ? QUEUE.length() : RUN.length());
            int requests = rest.indexOf("/requests/");
            if (queue && requests > 0) {
                String app = rest.substring(0, requests);
                String[] tail = rest.substring(requests + "/requests/".length()).split("/");
                JobStore.Job job = ctx.jobs.get(tail[0]);
                if (job == null || job.dialect != Dialect.FAL || !job.model.equals(app)) {
                    throw detail(404, "Request not found");
                }
                jobId = job.id;
                ex.model = job.model;
                answerFaults(fault);
                if (tail.length == 2 && tail[1].equals("status") && method.equals("GET")) {
                    return withId(JobHosts.json(200, status(job, true), "200 status " + job.id + " "
                            + job.state().name().toLowerCase(Locale.ROOT)), job.id);
                }
                if (tail.length == 2 && tail[1].equals("cancel") && method.equals("PUT")) {
                    JobStore.State before = job.state();
                    job.cancel();
                    boolean stopped = before == JobStore.State.QUEUED || before == JobStore.State.RUNNING;
                    ObjectNode o = JobHosts.object().put("status", stopped ? "CANCELLATION_REQUESTED"
                            : "ALREADY_COMPLETED");
                    return withId(JobHosts.json(stopped ? 202 : 400, o, (stopped ? "202" : "400") + " cancel "
                            + job.id), job.id);
                }
                if (tail.length == 1 && method.equals("GET")) {
                    return withId(result(job, ex), job.id);
                }
                throw detail(405, "Method Not Allowed");
            }
            if (!method.equals("POST")) {
                throw detail(405, "Method Not Allowed");
            }
            App app = APPS.stream().filter(a -> a.id.equals(rest)).findFirst().orElseThrow(() -> detail(404,
                    "Application '" + rest + "' not found"));
            answerFaults(fault);
            JobStore.Job job = submit(ex, app, fault);
            jobId = job.id;
            if (fault.kind() == Fault.Kind.MALFORMED_JSON) {
                return withId(Response.json(200, "{\"status\":\"IN_QUEUE\",\"request_id\":\"" + job.id.substring(0, 8),
                        "200 queued " + job.id + " fault MALFORMED_JSON"), job.id);
            }
            if (queue) {
                ObjectNode o = status(job, false);
                o.put("request_id", job.id);
                String base = ctx.baseUrl() + QUEUE + app.id + "/requests/" + job.id;
                o.put("response_url", base);
                o.put("status_url", base + "/status");
                o.put("cancel_url", base + "/cancel");
                return withId(JobHosts.json(200, o, "200 queued " + job.id + " (" + app.id + ")"), job.id);
            }
            job.awaitDone(java.time.Duration.ofMinutes(10));
            if (job.state() == JobStore.State.FAILED) {
                throw detail(500, job.failure);
            }
            return withId(result(job, ex), job.id);
        } catch (ApiError e) {
            if (jobId != null) {
                e.header("x-fal-request-id", jobId);
            }
            return e.toResponse();
        }
    }

    private static Response withId(Response r, String id) {
        return r.header("x-fal-request-id", id);
    }

    private static void answerFaults(Fault fault) {
        switch (fault.kind()) {
            case STATUS:
                throw detail(fault.status(), fault.status() == 401 ? "Invalid API key" : fault.status() >= 500
                        ? "Internal Server Error (scripted by the emulator)" : Response.reason(fault.status())
                        + " (scripted by the emulator)");
            case RATE_LIMITED:
                throw JobHosts.rateLimited(detail(429, "Too many requests: concurrency limit reached"),
                        fault.duration());
            case QUOTA_EXHAUSTED:
                throw detail(403, "User is locked. Reason: Exhausted balance. Top up your balance at "
                        + "fal.ai/dashboard/billing.");
            default:
                break;
        }
    }

    private JobStore.Job submit(Exchange ex, App app, Fault fault) {
        JsonNode in = JobHosts.body(ex);
        if (in == null) {
            throw invalid("body", "field required", "value_error.missing");
        }
        JsonNode prompt = in.get("prompt");
        if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) {
            throw invalid("prompt", "field required", "value_error.missing");
        }
        int n = 1;
        if (in.has("num_images")) {
            if (!in.get("num_images").isInt() || in.get("num_images").asInt() < 1 || in.get("num_images").asInt() > 4) {
                throw invalid("num_images", "ensure this value is between 1 and 4", "value_error.number");
            }
            n = in.get("num_images").asInt();
        }
        String format = in.path("output_format").asText(app.gpt ? "png" : "jpeg");
        if (!app.formats.contains(format)) {
            throw invalid("output_format", "value is not a valid enumeration member; permitted: '"
                    + String.join("', '", app.formats) + "'", "type_error.enum");
        }
        int[] size = app.gpt ? gptSize(in) : fluxSize(in);
        if (app.gpt && in.has("quality") && !QUALITIES.contains(in.get("quality").asText())) {
            throw invalid("quality", "value is not a valid enumeration member", "type_error.enum");
        }
        if (!app.gpt && in.has("seed") && !in.get("seed").isIntegralNumber()) {
            throw invalid("seed", "value is not a valid integer", "type_error.integer");
        }
        byte[] first = null;
        if (app.edit) {
            JsonNode urls = in.get("image_urls");
            if (urls == null || !urls.isArray() || urls.size() == 0) {
                throw invalid("image_urls", "field required", "value_error.missing");
            }
            first = JobHosts.dataUrl(urls.get(0).asText());
        } else if (in.has("image_urls") || in.has("mask_url")) {
            throw invalid(in.has("image_urls") ? "image_urls" : "mask_url", "extra fields not permitted: use the "
                    + "/edit app", "value_error.extra");
        }
        String failure = fault.kind() == Fault.Kind.JOB_FAILS ? "Internal error while generating (scripted by the "
                + "emulator)" : null;
        String text = prompt.asText();
        int count = n;
        byte[] image = first;
        JobStore.Job job = new JobStore.Job(ex.requestId, Dialect.FAL, app.id, in.deepCopy(), ctx.jobDuration(),
                failure, () -> JobHosts.render(ctx, text, count, size[0], size[1], format, image));
        if (fault.kind() == Fault.Kind.CONTENT_POLICY) {
            flagged.add(job.id);
        }
        ctx.jobs.add(job);
        ex.model = app.id;
        return job;
    }

    /** Jobs whose output the content checker refuses (scripted). */
    private final Set<String> flagged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static int[] gptSize(JsonNode in) {
        String s = in.path("image_size").asText("auto");
        if (!GPT_SIZES.contains(s)) {
            throw invalid("image_size", "value is not a valid enumeration member; permitted: '"
                    + String.join("', '", GPT_SIZES) + "'", "type_error.enum");
        }
        if (s.equals("auto")) {
            return new int[] {1024, 1024};
        }
        String[] wh = s.split("x");
        return new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
    }

    private static int[] fluxSize(JsonNode in) {
        JsonNode s = in.get("image_size");
        if (s == null || s.isNull()) {
            return new int[] {1024, 768};
        }
        if (s.isTextual()) {
            int[] v = FLUX_SIZES.get(s.asText());
            if (v == null) {
                throw invalid("image_size", "value is not a valid enumeration member; permitted: "
                        + FLUX_SIZES.keySet(), "type_error.enum");
            }
            return v;
        }
        int w = s.path("width").asInt(-1);
        int h = s.path("height").asInt(-1);
        if (w < 64 || h < 64 || w > 4096 || h > 4096) {
            throw invalid("image_size", "width and height must be 64 to 4096", "value_error.number");
        }
        return new int[] {w, h};
    }

    private ObjectNode status(JobStore.Job job, boolean withUrl) {
        ObjectNode o = JobHosts.object();
        JobStore.State s = job.state();
        switch (s) {
            case QUEUED:
                o.put("status", "IN_QUEUE");
                o.put("queue_position", ctx.jobs.position(job));
                break;
            case RUNNING:
                o.put("status", "IN_PROGRESS");
                o.putArray("logs").addObject().put("message", "generating").put("level", "INFO");
                break;
            case CANCELED:
                o.put("status", "CANCELLED");
                break;
            default:
                o.put("status", "COMPLETED");
                o.putArray("logs");
                o.putObject("metrics").put("inference_time", job.runSeconds());
                if (s == JobStore.State.FAILED) {
                    o.put("error", job.failure);
                    o.put("error_type", "internal_error");
                }
        }
        if (withUrl) {
            o.put("response_url", ctx.baseUrl() + QUEUE + job.model + "/requests/" + job.id);
        }
        return o;
    }

    private Response result(JobStore.Job job, Exchange ex) {
        JobStore.State s = job.state();
        if (s == JobStore.State.QUEUED || s == JobStore.State.RUNNING) {
            throw detail(400, "Request is still in progress");
        }
        if (s == JobStore.State.CANCELED) {
            throw detail(400, "Request was cancelled");
        }
        if (s == JobStore.State.FAILED) {
            throw detail(500, job.failure);
        }
        if (flagged.contains(job.id)) {
            ObjectNode body = JobHosts.object();
            body.putArray("detail").addObject().put("msg", "The content was flagged by the safety checker.")
                    .put("type", "content_policy_violation").putArray("loc").add("body").add("prompt");
            throw new ApiError(422, body.toString(), "422 content_policy_violation");
        }
        ObjectNode o = JobHosts.object();
        ArrayNode images = o.putArray("images");
        boolean gpt = job.model.startsWith("openai/");
        int[] size = gpt ? gptSize(job.input) : fluxSize(job.input);
        String format = job.input.path("output_format").asText(gpt ? "png" : "jpeg");
        for (String name : job.outputs()) {
            images.addObject().put("url", JobHosts.url(ctx, name)).put("content_type", "image/" + format)
                    .put("width", size[0]).put("height", size[1]);
        }
        if (job.input.has("seed")) {
            o.put("seed", job.input.get("seed").asLong());
        } else {
            o.put("seed", Math.abs((long) job.id.hashCode()));
        }
        ArrayNode nsfw = o.putArray("has_nsfw_concepts");
        job.outputs().forEach(x -> nsfw.add(false));
        o.put("prompt", job.input.path("prompt").asText());
        o.putObject("timings").put("inference", job.runSeconds());
        ex.model = job.model;
        return JobHosts.json(200, o, "200 result " + job.id + " (" + job.outputs().size() + " image(s))");
    }

    private static ApiError detail(int status, String message) {
        return new ApiError(status, JobHosts.object().put("detail", message).toString(), status + " " + message);
    }

    private static ApiError invalid(String field, String msg, String type) {
        ObjectNode body = JobHosts.object();
        body.putArray("detail").addObject().put("msg", msg).put("type", type).putArray("loc").add("body").add(field);
        return new ApiError(422, body.toString(), "422 " + type + " (" + field + ")");
    }
}
