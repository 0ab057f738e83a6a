package dev.imagegen4j.gateways;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.ImageResult;
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
 * fal's queue: {@code POST {queue}/{app}} with the app's inputs, answered {@code {request_id, status_url,
 * response_url, cancel_url, queue_position}}; {@code GET status_url} ({@code IN_QUEUE} with its position,
 * {@code IN_PROGRESS}, {@code COMPLETED}, with {@code error} when it failed); {@code GET response_url} for the output
 * ({@code images[] {url, content_type, width, height}}, {@code seed}, {@code has_nsfw_concepts}); {@code PUT
 * cancel_url}. And the synchronous endpoint {@code POST {sync}/{app}}, answered with the output. Authorization:
 * {@code Key}. Vendor URLs are used only on the configured origin (else derived from the app), so the key never
 * leaves it. Immutable.
 */
final class FalHost implements JobRunner.Host {

    private final URI queue;
    private final URI sync;
    private final Secret key;

    FalHost(URI queue, URI sync, Secret key) {
        this.queue = queue;
        this.sync = sync;
        this.key = key;
    }

    private WireClient.Request auth(WireClient.Request r) {
        return r.header("Authorization", "Key " + key.reveal());
    }

    private static String app(String id) {
        StringBuilder out = new StringBuilder();
        for (String part : id.split("/")) {
            if (!part.isEmpty()) {
                out.append('/').append(Origins.segment(part));
            }
        }
        return out.toString();
    }

    WireClient.Request submit(HostCalls.Prepared p, Map<String, Object> inputs) {
        return auth(WireClient.Request.post(URI.create(queue + app(p.wireModel)), inputs));
    }

    WireClient.Request syncCall(HostCalls.Prepared p, Map<String, Object> inputs) {
        return auth(WireClient.Request.post(URI.create(sync + app(p.wireModel)), inputs)).images(WireCodec.ImageStrings.dataUrlsIn("url", null));
    }

    private URI requests(JobHandle job) {
        return URI.create(queue + app(job.wireModel()) + "/requests/" + Origins.segment(job.id()));
    }

    @Override
    public JobRunner.Status status(JsonNode doc) {
        String s = doc.path("status").asText("");
        JsonNode error = doc.path("error");
        boolean failed = !error.isMissingNode() && !error.isNull() && !error.asText("").isBlank();
        JobProgress.State state = failed ? JobProgress.State.FAILED : s.equals("IN_PROGRESS") ? JobProgress.State.RUNNING
                : s.equals("COMPLETED") ? JobProgress.State.SUCCEEDED : s.equals("CANCELLED") || s.equals("CANCELED")
                ? JobProgress.State.CANCELED : JobProgress.State.QUEUED;
        int position = doc.path("queue_position").isInt() ? doc.path("queue_position").asInt() : -1;
        return new JobRunner.Status(state, state == JobProgress.State.QUEUED ? position : -1,
                failed ? error.asText() : null);
    }

    @Override
    public JobHandle accepted(WireClient.Answer answer, HostCalls.Prepared p) {
        JsonNode doc = answer.json();
        String id = doc.path("request_id").asText("");
        if (id.isBlank()) {
            throw new ResultUnknownException("the request was queued (HTTP " + answer.status() + ") but the answer "
                    + "names no request id; it may run and be billed", null, "fal", answer.status(),
                    answer.requestId().orElse(null));
        }
        JobHandle draft = JobHandle.of("fal", id, p.model, p.wireModel, Instant.now(), Map.of());
        URI base = requests(draft);
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("status_url", Origins.sameOrigin(doc.path("status_url").asText(null), queue,
                URI.create(base + "/status")).toString());
        attrs.put("response_url", Origins.sameOrigin(doc.path("response_url").asText(null), queue, base).toString());
        attrs.put("cancel_url", Origins.sameOrigin(doc.path("cancel_url").asText(null), queue,
                URI.create(base + "/cancel")).toString());
        return JobHandle.of("fal", id, p.model, p.wireModel, draft.submittedAt(), attrs);
    }

    private URI attribute(JobHandle job, String name, URI fallback) {
        return Origins.sameOrigin(job.attribute(name).orElse(null), queue, fallback);
    }

    @Override
    public WireClient.Request poll(JobHandle job) {
        return auth(WireClient.Request.get(attribute(job, "status_url", URI.create(requests(job) + "/status")))
                .timeout(Duration.ofSeconds(60)));
    }

    @Override
    public Optional<WireClient.Request> result(JobHandle job) {
        return Optional.of(auth(WireClient.Request.get(attribute(job, "response_url", requests(job)))
                .timeout(Duration.ofSeconds(60))).images(WireCodec.ImageStrings.dataUrlsIn("url", null)));
    }

    @Override
    public List<URI> outputs(WireClient.Answer answer, JobHandle job) {
        return outputs(answer, job.id());
    }

    List<URI> outputs(WireClient.Answer answer, String id) {
        JsonNode doc = answer.json();
        List<JsonNode> images = new ArrayList<>();
        if (doc.path("images").isArray()) {
            doc.path("images").forEach(images::add);
        } else if (doc.path("image").isObject()) {
            images.add(doc.path("image"));
        }
        List<URI> out = new ArrayList<>();
        for (JsonNode image : images) {
            out.add(Outputs.url("fal", image.path("url").asText(""), out.size(), id, answer.status()));
        }
        return out;
    }

    @Override
    public WireClient.Request cancel(JobHandle job) {
        return auth(WireClient.Request.put(attribute(job, "cancel_url", URI.create(requests(job) + "/cancel")), null));
    }

    @Override
    public void describe(ImageResult.Builder result, JsonNode output) {
        if (output.path("seed").isNumber()) {
            result.providerMetadata("seed", output.path("seed").asLong());
        }
        JsonNode nsfw = output.path("has_nsfw_concepts");
        if (nsfw.isArray()) {
            for (int i = 0; i < nsfw.size(); i++) {
                if (nsfw.get(i).asBoolean(false)) {
                    result.addWarning("fal flagged image " + i + " as NSFW (it may be blacked out)");
                }
            }
        }
    }
}
