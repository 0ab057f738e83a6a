package dev.imagegen4j.cli;

import dev.imagegen4j.ModelId;
import dev.imagegen4j.cli.mcp.McpHttp;
import dev.imagegen4j.cli.mcp.McpImageServer;
import dev.imagegen4j.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imagegen mcp}: the image tools for any MCP client, over stdio (default) or Streamable HTTP
 * ({@code --http}). The generator is chosen as for every other command; stdout belongs to the protocol, so every
 * notice goes to stderr.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = {"Serve image tools (generate_image, edit_image, get_image_result, list_models) to AI agents over "
            + "the Model Context Protocol: stdio by default, Streamable HTTP with --http.",
            "The tool schemas come from the model's catalog entry. Images are saved in --out, named from the prompt, "
                + "never overwritten. Over HTTP a bearer token from $" + McpHttp.TOKEN_VARIABLE + " is required "
                + "unless --host is a loopback address."})
final class McpCommand implements Callable<Integer> {

    /** How long the server waits for running generations when its client goes away. */
    private static final Duration DRAIN = Duration.ofMinutes(10);
    /** How long a stopped HTTP server waits for running generations. */
    private static final Duration HTTP_DRAIN = Duration.ofSeconds(30);

    @ParentCommand
    ImagegenCli parent;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--model", paramLabel = "MODEL",
            description = "The model of every image (default: the configured generator's, else the catalog's default).")
    String model;

    @Option(names = {"-o", "--out", "--output"}, paramLabel = "DIR", defaultValue = "generated-images",
            description = "The one directory images are saved in and read from (default: ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--http", description = "Serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio.")
    boolean http;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on with --http (default: ${DEFAULT-VALUE}); any other than loopback "
                    + "needs $" + McpHttp.TOKEN_VARIABLE + ".")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8765",
            description = "Port with --http (default: ${DEFAULT-VALUE}; 0 = any free port, printed on stderr).")
    int port;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN",
            description = "A web origin allowed to call the HTTP endpoint, e.g. http://localhost:6274 (repeatable; "
                    + "default none: requests from web pages are refused).")
    List<String> origins = new ArrayList<>();

    @Option(names = "--preview", paramLabel = "PX", defaultValue = "0",
            description = "Add a small JPEG preview (longest edge PX, at most 512) to each result (default 0: none).")
    int preview;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "50",
            description = "How long a tool call waits for an image before answering with a job id to fetch it "
                    + "later with get_image_result (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws IOException {
        Context ctx = parent.ctx;
        Logging.configure(connection.verbose);
        if (!connection.verbose) {
            // the SDK logs each client's initialize at INFO; keep stderr for what matters
            System.setProperty("org.slf4j.simpleLogger.log.io.modelcontextprotocol", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        }
        McpHttp.Options httpOptions = http ? httpOptions(ctx) : null;
        // stdout belongs to the protocol: whatever else would print there goes to stderr instead
        PrintStream stdout = System.out;
        boolean guard = !http && ctx.out == stdout;
        if (guard) {
            System.setOut(ctx.err);
        }
        try (GeneratorChoice choice = GeneratorChoice.resolve(connection, ctx)) {
            if (choice.notice != null) {
                ctx.err.println(choice.notice);
            }
            ModelId chosen = model != null ? ModelId.of(model)
                    : choice.configuredModel != null ? choice.configuredModel : choice.catalog.defaultModel();
            McpImageServer server;
            try {
                server = McpImageServer.builder().generator(choice.generator, choice.description)
                        .catalog(choice.catalog).model(chosen).directory(ctx.cwd.resolve(out)).maxWaitSeconds(waitSeconds)
                        .previewEdge(preview).log(ctx.err).version(version()).build();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot use the image directory " + ctx.cwd.resolve(out) + ": "
                        + e.getMessage(), e);
            }
            try (server) {
                String what = "imagegen mcp: " + chosen + (server.exactSchemas() ? "" : " (not in the catalog: schemas "
                        + "list known values as examples)") + " via " + choice.description + "; images in "
                        + server.directory();
                if (http) {
                    serveHttp(server, httpOptions, what, ctx);
                } else {
                    ctx.err.println(what + "; serving MCP on stdio");
                    server.serveStdio(System.in, guard ? stdout : ctx.out, DRAIN);
                }
            }
            return ExitCodes.OK;
        } finally {
            if (guard) {
                System.setOut(stdout);
            }
        }
    }

    private McpHttp.Options httpOptions(Context ctx) {
        String token = ctx.env.get(McpHttp.TOKEN_VARIABLE);
        try {
            return new McpHttp.Options(host, port, token == null || token.isEmpty() ? null
                    : McpHttp.Options.token(token), origins);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage().contains("bearer token") ? "$" + McpHttp.TOKEN_VARIABLE + ": "
                    + e.getMessage() : e.getMessage(), e);
        }
    }

    private static void serveHttp(McpImageServer server, McpHttp.Options options, String what, Context ctx)
            throws IOException {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C or SIGTERM: stop taking calls, give running generations a little time to save their (paid) images
        Runnable onSignal = () -> {
            stop.countDown();
            try {
                stopped.await(HTTP_DRAIN.toSeconds() + 5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (Interruption hook = Interruption.install(onSignal)) {
            try (McpHttp endpoint = server.serveHttp(options)) {
                ctx.err.println(what + "; serving MCP (Streamable HTTP) at " + endpoint.uri()
                        + (options.token() == null ? "" : " (bearer token required)"));
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ctx.err.println("imagegen mcp: stopping");
            }
            server.drain(HTTP_DRAIN);
        } finally {
            stopped.countDown();
        }
    }

    private static String version() {
        String v = McpCommand.class.getPackage().getImplementationVersion();
        return v == null ? VersionInfo.version() : v;
    }
}
