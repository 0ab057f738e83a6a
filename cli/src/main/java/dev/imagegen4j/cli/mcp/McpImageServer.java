package dev.imagegen4j.cli.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * {@code imagegen mcp}: image tools for any agent over the Model Context Protocol, built on the official MCP Java
 * SDK. One server serves one generator and one model (chosen like every other {@code imagegen} command); its tool
 * schemas come from that model's catalog entry. See {@link McpImageTools} for the tools, {@link ImageJobs} for the
 * never-pay-twice rules, {@link ImageDirectory} for where files may be read and written, and {@link McpHttp} for the
 * Streamable HTTP transport's protections.
 *
 * <p>Nothing but protocol messages is written to the stdio transport's output: notices and logs go to
 * {@code log} (stderr).
 */
public final class McpImageServer implements AutoCloseable {

    /** The longest a tool call may wait for an image before answering with a job id. */
    public static final int MAX_WAIT_SECONDS = 3600;

    private static final String INSTRUCTIONS = "Image generation and editing. generate_image creates a picture from a "
            + "description and saves it; edit_image changes saved pictures (name them by file name, e.g. from an "
            + "earlier result). Results are files: show the user the path. When an answer says status 'running', "
            + "call get_image_result with its job_id instead of generating again. Pass an idempotency_key (any unique "
            + "string) so a retried call never pays twice.";

    private final ImageDirectory directory;
    private final ImageJobs jobs;
    private final McpImageTools tools;
    private final PrintStream log;
    private final String version;

    private McpImageServer(Builder b) throws IOException {
        this.directory = ImageDirectory.open(b.directory);
        this.jobs = new ImageJobs(new JobJournal(directory.root()), b.heartbeat);
        this.tools = new McpImageTools(b.generator, b.generatorName, b.catalog, b.model, directory, jobs, b.maxWait,
                b.previewEdge);
        this.log = b.log;
        this.version = b.version;
    }

    /** A builder; generator, catalog, model and directory are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The directory images are read from and written to (its real path). */
    public Path directory() {
        return directory.root();
    }

    /** Whether the tool schemas state the model's rules exactly (a catalog entry) rather than as examples. */
    public boolean exactSchemas() {
        return tools.schemas().exact();
    }

    /**
     * Serves one client over stdio until {@code in} ends, then waits (up to {@code drain}) for generations still
     * running so their paid images are saved.
     */
    public void serveStdio(InputStream in, OutputStream out, Duration drain) {
        CountDownLatch ended = new CountDownLatch(1);
        InputStream watched = new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int c;
                try {
                    c = super.read();
                } catch (IOException e) {
                    ended.countDown();
                    throw e;
                }
                if (c < 0) {
                    ended.countDown();
                }
                return c;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n;
                try {
                    n = super.read(b, off, len);
                } catch (IOException e) {
                    ended.countDown();
                    throw e;
                }
                if (n < 0) {
                    ended.countDown();
                }
                return n;
            }
        };
        McpJsonMapper json = jsonMapper();
        StdioServerTransportProvider transport = new StdioServerTransportProvider(json, watched, out);
        McpSyncServer server = configure(McpServer.sync(transport), json);
        try {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drain(drain);
            server.close();
        }
    }

    /** Serves over Streamable HTTP until the endpoint is closed. */
    public McpHttp serveHttp(McpHttp.Options options) throws IOException {
        McpJsonMapper json = jsonMapper();
        return McpHttp.start(options, json, provider -> configure(McpServer.sync(provider), json), log);
    }

    /** Waits up to {@code drain} for running generations and says on the log which ones are still running. */
    public void drain(Duration drain) {
        if (!jobs.running().isEmpty()) {
            log.println("imagegen mcp: waiting for " + jobs.running().size() + " running image job(s) to finish, so "
                    + "the images (paid for) are saved");
        }
        for (ImageJob j : jobs.drain(drain)) {
            log.println("imagegen mcp: job " + j.id + " was still running (" + j.status() + "); it may be generated "
                    + "and billed, and its image is not saved. A retry with its idempotency key reports this instead "
                    + "of sending it again.");
        }
    }

    private McpSyncServer configure(McpServer.SyncSpecification<?> spec, McpJsonMapper json) {
        return spec.serverInfo("imagegen4j", version).instructions(INSTRUCTIONS).jsonMapper(json)
                .jsonSchemaValidator(new DefaultJsonSchemaValidator(new ObjectMapper()))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
                .tools(tools.specifications()).resourceTemplates(List.of(images())).build();
    }

    /** The saved images as resources ({@code resources/read} of a result's resource link), for remote clients. */
    private McpServerFeatures.SyncResourceTemplateSpecification images() {
        String prefix = directory.root().toUri().toString();
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        McpSchema.ResourceTemplate template = McpSchema.ResourceTemplate.builder().uriTemplate(base + "{name}")
                .name("images").title("Saved images").description("The images in " + directory.root()).build();
        return new McpServerFeatures.SyncResourceTemplateSpecification(template, (ex, req) -> {
            Path file;
            try {
                file = directory.resolve(Path.of(URI.create(req.uri())).toString(), "the resource");
                if (!ImageFiles.isImageName(file.getFileName().toString())) {
                    throw new ToolError("not an image");
                }
            } catch (ToolError | IllegalArgumentException e) {
                throw McpError.RESOURCE_NOT_FOUND.apply(req.uri());
            }
            try {
                String blob = ImageFiles.inline(file).orElseThrow(() -> McpImageTools.protocolError(
                        file.getFileName() + " is larger than " + ImageFiles.MAX_INLINE_BYTES / (1024 * 1024)
                                + " MiB; read it from " + file));
                String mime = java.nio.file.Files.probeContentType(file);
                return new McpSchema.ReadResourceResult(List.of(new McpSchema.BlobResourceContents(req.uri(),
                        mime == null ? "application/octet-stream" : mime, blob)));
            } catch (IOException e) {
                throw McpImageTools.protocolError("cannot read " + file.getFileName() + ": " + e.getMessage());
            }
        });
    }

    private static McpJsonMapper jsonMapper() {
        return new JacksonMcpJsonMapper(new ObjectMapper());
    }

    @Override
    public void close() {
        jobs.close();
    }

    /** Builds a {@link McpImageServer}; not thread-safe. */
    public static final class Builder {
        private ImageGenerator generator;
        private String generatorName = "generator";
        private ModelCatalog catalog;
        private ModelId model;
        private Path directory;
        private int maxWait = 50;
        private int previewEdge;
        private Duration heartbeat = Duration.ofSeconds(5);
        private PrintStream log = System.err;
        private String version = "0.1.0-SNAPSHOT";

        private Builder() {
        }

        /** The generator (a provider or route) every request goes to, and how messages name it. */
        public Builder generator(ImageGenerator generator, String name) {
            this.generator = Objects.requireNonNull(generator, "generator");
            this.generatorName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The catalog requests are checked against (the generator's). */
        public Builder catalog(ModelCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** The model of every request; the tool schemas come from its catalog entry. */
        public Builder model(ModelId model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The one directory images are read from and written to; created if missing. */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** How long a tool call waits for an image before answering with a job id. Default 50 s. */
        public Builder maxWaitSeconds(int seconds) {
            this.maxWait = seconds;
            return this;
        }

        /** The longest edge of the preview image in each result, 0 for none (the default); at most 512. */
        public Builder previewEdge(int pixels) {
            this.previewEdge = pixels;
            return this;
        }

        /** How often a waiting call hears how its job is doing. Default 5 s. */
        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
            return this;
        }

        /** Where notices go (never the protocol's stream). Default stderr. */
        public Builder log(PrintStream log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** The version the server reports. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * The server; opens (creates) the directory and reads its job journal.
         *
         * @throws IllegalStateException    if the generator, catalog, model or directory is missing
         * @throws IllegalArgumentException naming a value out of range
         * @throws IOException              if the directory cannot be created or its journal read
         */
        public McpImageServer build() throws IOException {
            if (generator == null || catalog == null || model == null || directory == null) {
                throw new IllegalStateException("generator, catalog, model and directory are required");
            }
            if (maxWait < 1 || maxWait > MAX_WAIT_SECONDS) {
                throw new IllegalArgumentException("--wait " + maxWait + ": must be from 1 to " + MAX_WAIT_SECONDS
                        + " seconds");
            }
            if (previewEdge < 0 || previewEdge > ImageFiles.MAX_PREVIEW_EDGE) {
                throw new IllegalArgumentException("--preview " + previewEdge + ": must be from 0 (no preview) to "
                        + ImageFiles.MAX_PREVIEW_EDGE + " pixels");
            }
            return new McpImageServer(this);
        }
    }
}
