package dev.imagegen4j.gateways;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.JobHandle;
import dev.imagegen4j.JobProgress;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.Secret;
import dev.imagegen4j.openai.wire.WireClient;
import dev.imagegen4j.openai.wire.WireCodec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replicate's predictions: {@code POST {base}/models/{owner}/{name}/predictions} (or {@code /predictions} with a
 * {@code version} for {@code owner/name:version} ids) with {@code Prefer: wait}, {@code GET {base}/predictions/{id}},
 * {@code POST {base}/predictions/{id}/cancel}; {@code Authorization: Bearer}. Statuses {@code starting},
 * {@code processing}, {@code succeeded}, {@code failed}, {@code canceled}; {@code output} is a URL or a list of URLs
 * (or data URLs, decoded as they arrive). Immutable.
 */
final class ReplicateHost implements JobRunner.Host {

    private final URI base;
    private final Secret key;
    private final Duration wait;

    ReplicateHost(URI base, Secret key, Duration wait) {
        this.base = base;
        this.key = key;
        this.wait = wait;
    }

    WireClient.Request submit(HostCalls.Prepared p, Map<String, Object> inputs) {
        String id = p.wireModel;
        Map<String, Object> body = new LinkedHashMap<>();
        URI uri;
        int colon = id.indexOf(':');
        if (colon > 0) {
            body.put("version", id.substring(colon + 1));
            uri = URI.create(base + "/predictions");
        } else {
            int slash = id.indexOf('/');
            if (slash <= 0 || slash == id.length() - 1 || id.indexOf('/', slash + 1) >= 0) {
                throw new InvalidRequestException("model", "Replicate model '" + id + "' for " + p.model + " must be "
                        + "owner/name or owner/name:version (set it in the models setting)");
            }
            uri = URI.create(base + "/models/" + Origins.segment(id.substring(0, slash)) + "/"
                    + Origins.segment(id.substring(slash + 1)) + "/predictions");
        }
        body.put("input", inputs);
        WireClient.Request r = auth(WireClient.Request.post(uri, body)).images(WireCodec.ImageStrings.dataUrlsIn("output", null));
        if (!wait.isZero()) {
            r = r.header("Prefer", "wait=" + wait.toSeconds());
        }
        return r;
    }

    private WireClient.Request auth(WireClient.Request r) {
        return r.header("Authorization", "Bearer " + key.reveal());
    }

    @Override
    public JobRunner.Status status(JsonNode doc) {
        String s = doc.path("status").asText("");
        JobProgress.State state;
        switch (s) {
            case "starting":
                state = JobProgress.State.QUEUED;
                break;
            case "processing":
                state = JobProgress.State.RUNNING;
                break;
            case "succeeded":
                state = JobProgress.State.SUCCEEDED;
                break;
            case "failed":
                state = JobProgress.State.FAILED;
                break;
            case "canceled":
            case "aborted":
                state = JobProgress.State.CANCELED;
                break;
            default:
                state = JobProgress.State.QUEUED; // an unknown status: keep polling until a terminal one
        }
        JsonNode error = doc.path("error");
        return new JobRunner.Status(state, -1, error.isNull() || error.isMissingNode() ? null
                : error.isTextual() ? error.asText() : error.toString());
    }

    @Override
    public JobHandle accepted(WireClient.Answer answer, HostCalls.Prepared p) {
        String id = answer.json().path("id").asText("");
        if (id.isBlank()) {
            throw new ResultUnknownException("the prediction was accepted (HTTP " + answer.status() + ") but the answer "
                    + "names no prediction id; it may run and be billed", null, "replicate", answer.status(),
                    answer.requestId().orElse(null));
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("get", Origins.sameOrigin(answer.json().path("urls").path("get").asText(null), base,
                predictions(id)).toString());
        attrs.put("cancel", Origins.sameOrigin(answer.json().path("urls").path("cancel").asText(null), base,
                URI.create(predictions(id) + "/cancel")).toString());
        return JobHandle.of("replicate", id, p.model, p.wireModel, Instant.now(), attrs);
    }

    private URI predictions(String id) {
        return URI.create(base + "/predictions/" + Origins.segment(id));
    }

    @Override
    public WireClient.Request poll(JobHandle job) {
        URI get = Origins.sameOrigin(job.attribute("get").orElse(null), base, predictions(job.id()));
        return auth(WireClient.Request.get(get).timeout(Duration.ofSeconds(60))).images(WireCodec.ImageStrings.dataUrlsIn("output", null));
    }

    @Override
    public Optional<WireClient.Request> result(JobHandle job) {
        return Optional.empty();
    }

    @Override
    public List<URI> outputs(WireClient.Answer answer, JobHandle job) {
        JsonNode output = answer.json().path("output");
        List<JsonNode> items = new ArrayList<>();
        if (output.isArray()) {
            output.forEach(items::add);
        } else if (!output.isNull() && !output.isMissingNode()) {
            items.add(output);
        }
        List<URI> out = new ArrayList<>();
        for (JsonNode item : items) {
            out.add(Outputs.url("replicate", item.asText(""), out.size(), job.id(), answer.status()));
        }
        return out;
    }

    @Override
    public WireClient.Request cancel(JobHandle job) {
        URI cancel = Origins.sameOrigin(job.attribute("cancel").orElse(null), base,
                URI.create(predictions(job.id()) + "/cancel"));
        return auth(WireClient.Request.post(cancel, Map.of()));
    }

    @Override
    public void describe(ImageResult.Builder result, JsonNode status) {
        JsonNode metrics = status.path("metrics");
        if (metrics.path("predict_time").isNumber()) {
            result.providerMetadata("predict-time-seconds", metrics.path("predict_time").asDouble());
        }
        if (status.path("version").isTextual()) {
            result.providerMetadata("version", status.path("version").asText());
        }
    }
}
