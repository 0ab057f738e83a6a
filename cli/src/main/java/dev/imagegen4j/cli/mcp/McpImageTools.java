package dev.imagegen4j.cli.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.imagegen4j.AllProvidersFailedException;
import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSize;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.internal.FileNames;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The image tools: {@code generate_image}, {@code edit_image}, {@code get_image_result} and {@code list_models}.
 * Requests go to one generator and one model, chosen when the server starts; inputs are checked against the
 * model's catalog entry before a job starts (a mistake is answered at once and costs nothing), each generation
 * runs as an {@link ImageJob}, and files stay inside the {@link ImageDirectory}. Thread-safe.
 */
final class McpImageTools {

    static final String GENERATE = "generate_image";
    static final String EDIT = "edit_image";
    static final String RESULT = "get_image_result";
    static final String MODELS = "list_models";

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final ImageGenerator generator;
    private final String generatorName;
    private final ModelCatalog catalog;
    private final ModelId model;
    private final ModelCapabilities caps;
    private final ModelCatalog.Resolution resolution;
    private final ToolSchemas schemas;
    private final ImageDirectory directory;
    private final ImageJobs jobs;
    private final int maxWaitSeconds;
    private final int previewEdge;

    McpImageTools(ImageGenerator generator, String generatorName, ModelCatalog catalog, ModelId model,
            ImageDirectory directory, ImageJobs jobs, int maxWaitSeconds, int previewEdge) {
        this.generator = generator;
        this.generatorName = generatorName;
        this.catalog = catalog;
        this.model = model;
        this.caps = generator.capabilities(model);
        this.resolution = catalog.resolve(model);
        this.schemas = new ToolSchemas(model, caps, resolution, maxWaitSeconds);
        this.directory = directory;
        this.jobs = jobs;
        this.maxWaitSeconds = maxWaitSeconds;
        this.previewEdge = previewEdge;
    }

    ToolSchemas schemas() {
        return schemas;
    }

    /** The tool specifications: edit_image only when the model edits. */
    List<McpServerFeatures.SyncToolSpecification> specifications() {
        List<McpServerFeatures.SyncToolSpecification> tools = new ArrayList<>();
        tools.add(tool(GENERATE, "Generate an image", "Creates an image with " + model + " from a description and "
                + "saves it in " + directory.root() + ". Answers with the saved file's path, a resource link, size, "
                + "model, usage and cost. Long images may answer with status 'running' and a job_id: then call "
                + "get_image_result.", schemas.generateInput(), ToolSchemas.imageOutput(), false, this::generate));
        if (caps.supports(ImageOperation.EDIT)) {
            tools.add(tool(EDIT, "Edit images", "Changes one or more images with " + model + " following an "
                    + "instruction (e.g. 'make the sky darker') and saves the result as a new file; images are file "
                    + "names in " + directory.root() + ", such as an earlier result's name" + (caps.supportsMask()
                    ? ", with an optional mask." : "."), schemas.editInput(), ToolSchemas.imageOutput(), false,
                    this::edit));
        }
        tools.add(tool(RESULT, "Get an image job's result", "Waits for and returns the result of an image job started "
                + "by generate_image or edit_image (its job_id). Never generates or pays again.",
                ToolSchemas.resultInput(maxWaitSeconds), ToolSchemas.imageOutput(), true, this::result));
        tools.add(tool(MODELS, "List image models", "Lists the image models imagegen4j knows (operations, sizes, "
                + "options, lifecycle) and which one this server uses (" + model + ", chosen when it starts).",
                ToolSchemas.emptyInput(), ToolSchemas.modelsOutput(), true, (ex, req) -> listModels()));
        return tools;
    }

    private static McpServerFeatures.SyncToolSpecification tool(String name, String title, String description,
            Map<String, Object> input, Map<String, Object> output, boolean readOnly,
            java.util.function.BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).title(title).description(description)
                .inputSchema(input).outputSchema(output)
                .annotations(McpSchema.ToolAnnotations.builder().title(title).readOnlyHint(readOnly)
                        .destructiveHint(false).idempotentHint(readOnly).openWorldHint(!readOnly).build())
                .build();
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool).callHandler((ex, req) -> {
            try {
                return handler.apply(ex, req);
            } catch (ToolError e) {
                return ToolResults.error(e.getMessage());
            } catch (McpError e) {
                throw e;
            } catch (RuntimeException e) {
                // a failure outside a job (e.g. the journal cannot be written before a request is sent)
                throw protocolError(name + " failed: " + e.getMessage());
            }
        }).build();
    }

    private CallToolResult generate(McpSyncServerExchange exchange, CallToolRequest call) {
        ToolArguments a = new ToolArguments(call.arguments());
        String prompt = a.requiredString(ToolSchemas.PROMPT);
        ImageRequest.Builder b = request(a, prompt, false);
        return submit(exchange, call, GENERATE, a, b, ImageDirectory.slug(prompt));
    }

    private CallToolResult edit(McpSyncServerExchange exchange, CallToolRequest call) {
        ToolArguments a = new ToolArguments(call.arguments());
        String prompt = a.requiredString(ToolSchemas.PROMPT);
        List<String> refs = a.strings(ToolSchemas.IMAGES);
        if (refs.isEmpty()) {
            throw new ToolError("images is empty: name at least one image to edit. " + directory.listing());
        }
        ImageRequest.Builder b = request(a, prompt, true);
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            Path p = image(refs.get(i), ToolSchemas.IMAGES + "[" + i + "]");
            inputs.add(p);
            b.image(ImageInput.of(p));
        }
        a.string(ToolSchemas.MASK).ifPresent(m -> b.mask(ImageInput.of(image(m, ToolSchemas.MASK))));
        String base = ImageDirectory.slug(FileNames.stem(inputs.get(0).getFileName().toString()) + " " + prompt);
        return submit(exchange, call, EDIT, a, b, base);
    }

    /** A reference: a job id of a finished job (its first image), or a file in the directory that is an image. */
    private Path image(String reference, String what) {
        Optional<ImageJob> job = reference.startsWith("job-") ? jobs.find(reference.strip()) : Optional.empty();
        if (job.isPresent()) {
            ImageJob.Outcome o = job.get().outcome().getNow(null);
            if (o == null) {
                throw new ToolError(what + ": job " + job.get().id + " is still running; wait for it with "
                        + "get_image_result first");
            }
            if (o.done() == null) {
                throw new ToolError(what + ": job " + job.get().id + " made no image (it failed)");
            }
            Object images = o.done().get("images");
            if (images instanceof List && !((List<?>) images).isEmpty()) {
                return directory.resolve(String.valueOf(((Map<?, ?>) ((List<?>) images).get(0)).get("path")), what);
            }
        }
        Path p = directory.resolve(reference, what);
        if (!ImageInput.of(p).isRecognizedImage()) {
            throw new ToolError(what + " ('" + p.getFileName() + "') is not a PNG, JPEG, WebP or GIF image. "
                    + directory.listing());
        }
        return p;
    }

    private ImageRequest.Builder request(ToolArguments a, String prompt, boolean edit) {
        ImageRequest.Builder b = ImageRequest.builder().prompt(prompt).model(model);
        a.string(ToolSchemas.SIZE).ifPresent(s -> b.size(ToolArguments.parse(ToolSchemas.SIZE, s, () -> ImageSize.parse(s))));
        a.integer(ToolSchemas.N).ifPresent(n -> {
            if (n < 1 || n > schemas.maxN()) {
                throw new ToolError("n " + n + ": must be from 1 to " + schemas.maxN() + " for " + model
                        + " on this server");
            }
            b.n(n.intValue());
        });
        for (String name : schemas.optionNames(edit)) {
            Object v = a.raw(name);
            if (v != null) {
                ToolArguments.option(b, name, v);
            }
        }
        return b;
    }

    private CallToolResult submit(McpSyncServerExchange exchange, CallToolRequest call, String tool, ToolArguments a,
            ImageRequest.Builder b, String baseName) {
        String key = a.string(ToolSchemas.KEY).map(String::strip).orElse(null);
        if (key != null && !key.matches(ToolSchemas.KEY_PATTERN)) {
            throw new ToolError(ToolSchemas.KEY + " must be 1 to 128 letters, digits, '.', '_', ':' or '-'");
        }
        ImageRequest probe;
        try {
            probe = b.build();
            // the catalog's policy, before any job starts: a rule the request breaks is answered now and costs nothing
            catalog.validate(probe, resolution, caps);
        } catch (InvalidRequestException | IllegalArgumentException | IllegalStateException e) {
            throw new ToolError("Could not " + (tool.equals(EDIT) ? "edit" : "generate") + " the image: "
                    + e.getMessage());
        }
        ImageRequest request = b.sink(directory.sink(baseName)).build();
        String fingerprint = fingerprint(tool, call.arguments());
        ImageJobs.Submission s = jobs.submit(tool, key, fingerprint, listener -> {
            ImageResult r = generator.generate(request, listener);
            return ToolResults.done(r, files(r, baseName), generatorName);
        }, McpImageTools::describe);
        return await(exchange, call, s.job(), s.replayed(), a);
    }

    /** The saved files; an image a provider kept in memory (it ignored the sink) is saved here. */
    private List<Path> files(ImageResult r, String baseName) {
        List<Path> out = new ArrayList<>();
        for (GeneratedImage g : r.images()) {
            Optional<Path> f = g.file();
            if (f.isPresent()) {
                out.add(f.get());
                continue;
            }
            dev.imagegen4j.ImageSink.Target t = null;
            try {
                t = directory.sink(baseName).open(g.index(), g.format());
                g.writeTo(t.stream());
                out.add(t.commit().orElseThrow());
            } catch (java.io.IOException e) {
                if (t != null) {
                    t.abort();
                }
                throw new ResultUnknownException("image " + (g.index() + 1) + " was generated but could not be saved "
                        + "in " + directory.root() + ": " + e.getMessage(), e, r.providerId(), 200,
                        r.requestId().orElse(null));
            }
        }
        return out;
    }

    private CallToolResult result(McpSyncServerExchange exchange, CallToolRequest call) {
        ToolArguments a = new ToolArguments(call.arguments());
        String id = a.requiredString(ToolSchemas.JOB_ID).strip();
        ImageJob job = jobs.find(id).orElseThrow(() -> {
            List<String> recent = jobs.recentIds(10);
            return new ToolError("there is no job '" + id + "'" + (recent.isEmpty() ? "; no image jobs were started "
                    + "yet" : "; recent jobs: " + String.join(", ", recent)));
        });
        return await(exchange, call, job, false, a);
    }

    private CallToolResult await(McpSyncServerExchange exchange, CallToolRequest call, ImageJob job, boolean replayed,
            ToolArguments a) {
        int wait = (int) Math.min(maxWaitSeconds, a.integer(ToolSchemas.WAIT).orElse((long) maxWaitSeconds));
        boolean include = a.bool(ToolSchemas.INCLUDE_IMAGE);
        Object token = call.progressToken();
        ProgressWaiter waiter = token == null || exchange == null ? null
                : new ProgressWaiter(exchange, token, jobs.sender());
        ImageJob.Outcome o;
        if (waiter != null) {
            job.addWaiter(waiter);
            if (!job.isDone()) {
                waiter.send((replayed ? "joined the first call's job: " : "") + job.status());
            }
        }
        try {
            o = job.outcome().get(Math.max(0, wait), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return ToolResults.running(job, replayed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolResults.running(job, replayed);
        } catch (ExecutionException e) {
            throw protocolError("job " + job.id + " failed unexpectedly");
        } finally {
            if (waiter != null) {
                job.removeWaiter(waiter);
            }
        }
        if (o.done() != null) {
            return ToolResults.success(job, o.done(), replayed, previewEdge, include);
        }
        String prefix = replayed ? "(The first call with this idempotency_key, job " + job.id + ", ended so; it is "
                + "not sent again.) " : "";
        if (o.failure().fixable()) {
            return ToolResults.error(prefix + o.failure().message());
        }
        throw protocolError(prefix + o.failure().message() + " (job " + job.id + ")");
    }

    private CallToolResult listModels() {
        List<Map<String, Object>> models = new ArrayList<>();
        StringBuilder text = new StringBuilder("This server makes images with " + model + " (" + rulesKind() + ") via "
                + generatorName + ". Models imagegen4j knows:");
        catalog.entries().forEach((id, c) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id.value());
            m.put("family", c.family());
            m.put("serving", id.equals(model) || id.equals(resolution.matched()) && !resolution.isInferred());
            List<String> ops = new ArrayList<>();
            c.operations().forEach(op -> ops.add(op.name().toLowerCase(java.util.Locale.ROOT)));
            m.put("operations", ops);
            m.put("mask", c.supportsMask());
            m.put("max_n", c.maxN());
            m.put("sizes", c.sizeRule().describe());
            Map<String, Object> options = new LinkedHashMap<>();
            c.options().forEach((name, rule) -> options.put(name, rule.describe()));
            m.put("options", options);
            c.lifecycle().deprecated().ifPresent(d -> m.put("deprecated", d.toString()));
            if (!c.lifecycle().shutdowns().isEmpty()) {
                Map<String, Object> s = new LinkedHashMap<>();
                c.lifecycle().shutdowns().forEach((p, d) -> s.put(p, d.toString()));
                m.put("shutdown", s);
            }
            c.lifecycle().successor().ifPresent(s -> m.put("successor", s.value()));
            models.add(m);
            text.append("\n- ").append(id).append(Boolean.TRUE.equals(m.get("serving")) ? " (this server)" : "")
                    .append(": ").append(String.join(", ", ops)).append("; sizes ").append(c.sizeRule().describe());
            c.option("quality").ifPresent(q -> text.append("; quality ").append(q.describe()));
            c.lifecycle().successor().ifPresent(s -> text.append("; successor ").append(s));
        });
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("server_model", model.value());
        structured.put("server_model_rules", rulesKind());
        structured.put("catalog_version", catalog.version());
        structured.put("models", models);
        return CallToolResult.builder().content(List.of(new McpSchema.TextContent(text.toString())))
                .structuredContent(structured).isError(false).build();
    }

    private String rulesKind() {
        switch (resolution.kind()) {
            case EXACT:
            case SNAPSHOT:
                return "catalog entry " + resolution.matched();
            case INFERRED:
                return "not in the catalog; rules inferred from " + resolution.matched();
            default:
                return "not in the catalog; generic checks only";
        }
    }

    /** How a failure is answered: the rule for mistakes the model can fix, what happened and what to do otherwise. */
    static ImageJob.Failure describe(Throwable t) {
        boolean released = ImageJob.nothingPaid(t);
        String id = t instanceof ImageGenerationException ? ((ImageGenerationException) t).requestId()
                .filter(r -> !String.valueOf(t.getMessage()).contains(r)).map(r -> " (request id " + r + ")").orElse("")
                : "";
        if (t instanceof ToolError) {
            return new ImageJob.Failure(true, t.getMessage(), true);
        }
        if (t instanceof ContentPolicyException) {
            return new ImageJob.Failure(true, "The prompt or image was refused by the content policy" + id + ": "
                    + t.getMessage() + ". Nothing was generated; change the request to comply.", released);
        }
        if (t instanceof InvalidRequestException) {
            return new ImageJob.Failure(true, "Could not make the image: " + t.getMessage() + id, released);
        }
        if (t instanceof ResultUnknownException) {
            return new ImageJob.Failure(false, "outcome unknown" + id + ": " + t.getMessage() + ". The image may have "
                    + "been generated and billed; it is not sent again under the same idempotency_key.", false);
        }
        if (t instanceof AuthenticationException) {
            return new ImageJob.Failure(false, "the image service refused the credentials" + id + ": "
                    + t.getMessage(), released);
        }
        if (t instanceof RateLimitException) {
            return new ImageJob.Failure(false, "rate limited by the image service" + id + ": " + t.getMessage()
                    + ((RateLimitException) t).retryAfter().map(d -> " (retry after " + d.toSeconds() + " s)")
                    .orElse(""), released);
        }
        if (t instanceof AllProvidersFailedException || t instanceof ImageGenerationException) {
            return new ImageJob.Failure(false, "the image service failed" + id + ": " + t.getMessage(), released);
        }
        return new ImageJob.Failure(false, "unexpected failure (" + t.getClass().getSimpleName() + "): "
                + t.getMessage() + ". The image may have been generated and billed.", released);
    }

    static McpError protocolError(String message) {
        return McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(message).build();
    }

    /** What a call asks for, so a retry with the same idempotency key can be told from a different request. */
    private String fingerprint(String tool, Map<String, Object> arguments) {
        Map<String, Object> args = new TreeMap<>(arguments == null ? Map.of() : arguments);
        args.remove(ToolSchemas.KEY);
        args.remove(ToolSchemas.WAIT);
        args.remove(ToolSchemas.INCLUDE_IMAGE);
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("tool", tool);
        what.put("model", model.value());
        what.put("arguments", args);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsString(what)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }
}
