package dev.imagegen4j.cli;

import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code imagegen emulator}: the testkit emulator in the foreground until interrupted, printing the base URL of
 * every dialect and one line per request on stderr.
 */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {"Run the OpenAI / Azure OpenAI / AI/ML API emulator until interrupted.",
            "Prints the base URL of every dialect, then one line per request on stderr (method, path, model, "
                    + "status, ms)."})
final class EmulatorCommand implements Callable<Integer> {

    /** The Azure deployment served when none is given, as in the README's examples. */
    static final String DEFAULT_DEPLOYMENT = "img2-prod";
    static final String DEFAULT_DEPLOYMENT_MODEL = "gpt-image-2";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @ParentCommand
    ImagegenCli parent;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (0 picks a free one). Default 8080.")
    int port;

    @Option(names = "--dialect", paramLabel = "D", defaultValue = "openai",
            description = "Dialect served on /v1: openai or aimlapi (Azure routes are always under /openai, "
                    + "AI/ML API always under /aimlapi/v1). Default openai.")
    String dialect;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Only accept this key (default: any non-empty key).")
    String apiKey;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "0", description = "Added latency per request.")
    long latencyMs;

    @Option(names = "--azure-deployment", paramLabel = "NAME=MODEL",
            description = {"An Azure deployment and the model it serves (repeatable).",
                "Default: " + DEFAULT_DEPLOYMENT + "=" + DEFAULT_DEPLOYMENT_MODEL
                        + " plus a deployment named after every model Azure serves."})
    List<String> azureDeployments = new ArrayList<>();

    @Option(names = "--journal", paramLabel = "FILE",
            description = "Append one JSON line per request (time, method, path, dialect, model, deployment, status, "
                    + "request_id, outcome, ms) to FILE, flushed per line.")
    Path journal;

    @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "0",
            description = "Answer 429 (with retry-after) beyond N image requests in any 60 s window, as a vendor's "
                    + "per-minute limit does. Default 0: no limit.")
    int rateLimit;

    @Option(names = "--enforce-retirements",
            description = "Answer as OpenAI does for models it shut down (gpt-image-1, dall-e-2, dall-e-3: 404).")
    boolean enforceRetirements;

    @Option(names = "--ship-model", paramLabel = "ID=LIKE[:Q,...]",
            description = {"Serve a model the library's catalog does not know yet, with the rules of LIKE and extra "
                + "qualities (repeatable), e.g. gpt-image-3-preview=gpt-image-2.6-flare:ultra."})
    List<String> shipModels = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "No request log lines on stderr.")
    boolean quiet;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        ImageApiEmulator emu = build();
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            emu.close();
            stop.countDown();
        }, "imagegen-emulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            printStart(emu);
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopped by the embedding thread: a normal end
        } finally {
            emu.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
        return ExitCodes.OK;
    }

    private ImageApiEmulator build() {
        Dialect primary;
        try {
            primary = Dialect.valueOf(dialect.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            primary = null;
        }
        if (primary != Dialect.OPENAI && primary != Dialect.AIMLAPI) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--dialect " + dialect + ": must be openai or aimlapi (Azure is always served under /openai)");
        }
        if (rateLimit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--rate-limit " + rateLimit + ": must not be negative (0 is no limit)");
        }
        if (latencyMs < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--latency-ms " + latencyMs + ": must not be negative");
        }
        ImageApiEmulator.Builder b = ImageApiEmulator.builder().port(port).dialect(primary)
                .latency(Duration.ofMillis(latencyMs)).enforceRetirements(enforceRetirements);
        if (apiKey != null) {
            b.apiKey(apiKey);
        }
        Map<String, String> deployments = deployments();
        if (deployments.isEmpty()) {
            b.azureDeployment(DEFAULT_DEPLOYMENT, DEFAULT_DEPLOYMENT_MODEL).azureModelNamedDeployments(true);
        } else {
            deployments.forEach(b::azureDeployment);
        }
        if (journal != null) {
            b.journalFile(parent.ctx.cwd.resolve(journal));
        }
        for (String ship : shipModels) {
            try {
                b.shipModel(ship);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (!quiet) {
            java.io.PrintStream err = parent.ctx.err;
            b.requestLog(line -> err.println(LocalTime.now(ZoneOffset.UTC).format(CLOCK) + " " + line));
        }
        try {
            return b.build().rateLimit(rateLimit);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Map<String, String> deployments() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String d : azureDeployments) {
            int eq = d.indexOf('=');
            if (eq <= 0 || eq == d.length() - 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--azure-deployment " + d + ": expected NAME=MODEL, e.g. img2-prod=gpt-image-2");
            }
            out.put(d.substring(0, eq), d.substring(eq + 1));
        }
        return out;
    }

    private void printStart(ImageApiEmulator emu) {
        java.io.PrintStream out = parent.ctx.out;
        out.println("emulator listening on " + emu.baseUrl());
        if (emu.primaryDialect() == Dialect.OPENAI) {
            out.println("  OpenAI base URL:    " + emu.baseUrl(Dialect.OPENAI));
        } else {
            out.println("  OpenAI:             not served (--dialect " + dialect + " answers on /v1)");
        }
        out.println("  Azure endpoint:     " + emu.baseUrl(Dialect.AZURE) + "  (api-version 2025-04-01-preview, or the "
                + "v1 routes under /openai/v1)");
        Map<String, String> deployments = deployments();
        out.println("    deployments:      " + (deployments.isEmpty() ? DEFAULT_DEPLOYMENT + " -> "
                + DEFAULT_DEPLOYMENT_MODEL + ", and one named after each model (e.g. gpt-image-2.5-flare)"
                : describe(deployments)));
        out.println("  AI/ML API base URL: " + emu.baseUrl(Dialect.AIMLAPI));
        out.println("  Gemini base URL:    " + emu.baseUrl(Dialect.GEMINI) + "  (GEMINI_API_KEY=any GEMINI_BASE_URL="
                + emu.baseUrl(Dialect.GEMINI) + " imagegen generate ... --provider google)");
        out.println("  Replicate base URL: " + emu.baseUrl(Dialect.REPLICATE));
        out.println("  fal queue URL:      " + emu.baseUrl(Dialect.FAL) + "  (sync: " + emu.falSyncUrl() + ")");
        out.println("  OpenRouter base URL: " + emu.baseUrl(Dialect.OPENROUTER));
        if (journal != null) {
            out.println("  journal:            " + parent.ctx.cwd.resolve(journal).toAbsolutePath());
        }
        if (rateLimit > 0) {
            out.println("  rate limit:         " + rateLimit + " image requests per minute (then 429 with retry-after)");
        }
        if (enforceRetirements) {
            out.println("  retirements:        enforced (gpt-image-1, dall-e-2, dall-e-3 answer 404 on OpenAI)");
        }
        out.println("press Ctrl-C to stop");
        out.flush();
    }

    private static String describe(Map<String, String> deployments) {
        StringBuilder sb = new StringBuilder();
        deployments.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" -> ").append(v));
        return sb.toString();
    }
}
