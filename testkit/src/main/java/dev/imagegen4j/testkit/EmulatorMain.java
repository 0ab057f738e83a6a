package dev.imagegen4j.testkit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone until the process is killed:
 * {@code java -jar imagegen4j-testkit.jar --port 8080 --dialect all}. Prints the base URL of each served
 * dialect and the Azure deployments, then one line per request on stderr (method, path, model, status, ms).
 *
 * <p>Options: {@code --port N} (default 8080; 0 = ephemeral), {@code --dialect openai|azure|aimlapi|all}
 * (default all; {@code aimlapi} makes AI/ML API answer on {@code /v1}), {@code --api-key KEY},
 * {@code --latency-ms N}, {@code --azure-deployment NAME=MODEL} (repeatable; default {@value #DEFAULT_DEPLOYMENT}
 * = {@value #DEFAULT_DEPLOYMENT_MODEL} plus a deployment named after every model Azure serves),
 * {@code --aimlapi-status 200|201}, {@code --journal FILE} (one JSON line per request, appended and flushed),
 * {@code --enforce-retirements} (OpenAI answers 404 for models it shut down), {@code --ship-model
 * ID=LIKE[:QUALITY,...]} (serve a model the library's catalog does not know yet), {@code --quiet} (no request
 * log lines).
 */
public final class EmulatorMain {

    /** The Azure deployment served when none is given, as in the project README's examples. */
    static final String DEFAULT_DEPLOYMENT = "img2-prod";
    static final String DEFAULT_DEPLOYMENT_MODEL = "gpt-image-2";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private EmulatorMain() {
    }

    /**
     * Entry point.
     *
     * @param args the command-line options described on the class
     */
    public static void main(String[] args) throws InterruptedException {
        System.setProperty("java.awt.headless", "true");
        ImageApiEmulator emulator;
        try {
            emulator = start(args, System.out, System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (emulator == null) {
            return; // --help
        }
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "image-api-emulator-shutdown"));
        new CountDownLatch(1).await(); // until killed
    }

    /**
     * Parses {@code args}, starts the emulator and prints where it listens on {@code out}; request log lines go
     * to {@code err} unless {@code --quiet}.
     *
     * @return the running emulator, or {@code null} when {@code --help} was asked for
     * @throws IllegalArgumentException for a usage error, naming the option
     */
    static ImageApiEmulator start(String[] args, PrintStream out, PrintStream err) {
        ImageApiEmulator.Builder builder = ImageApiEmulator.builder().port(8080);
        String dialect = "all";
        Map<String, String> deployments = new LinkedHashMap<>();
        boolean quiet = false;
        Path journal = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port":
                    builder.port(integer(value(args, ++i, a), a));
                    break;
                case "--dialect":
                    dialect = value(args, ++i, a);
                    if (!dialect.matches("openai|azure|aimlapi|all")) {
                        throw new IllegalArgumentException("--dialect must be openai, azure, aimlapi or all, was "
                                + dialect);
                    }
                    if (dialect.equals("aimlapi")) {
                        builder.dialect(Dialect.AIMLAPI);
                    }
                    break;
                case "--api-key":
                    builder.apiKey(value(args, ++i, a));
                    break;
                case "--latency-ms":
                    builder.latency(Duration.ofMillis(integer(value(args, ++i, a), a)));
                    break;
                case "--azure-deployment": {
                    String v = value(args, ++i, a);
                    int eq = v.indexOf('=');
                    if (eq <= 0 || eq == v.length() - 1) {
                        throw new IllegalArgumentException("--azure-deployment expects NAME=MODEL, was " + v);
                    }
                    deployments.put(v.substring(0, eq), v.substring(eq + 1));
                    break;
                }
                case "--aimlapi-status":
                    builder.aimlapiSuccessStatus(integer(value(args, ++i, a), a));
                    break;
                case "--journal":
                    journal = Path.of(value(args, ++i, a));
                    builder.journalFile(journal);
                    break;
                case "--enforce-retirements":
                    builder.enforceRetirements(true);
                    break;
                case "--ship-model":
                    builder.shipModel(value(args, ++i, a));
                    break;
                case "--quiet":
                case "-q":
                    quiet = true;
                    break;
                case "--help":
                case "-h":
                    usage(out);
                    return null;
                default:
                    throw new IllegalArgumentException("unknown option " + a);
            }
        }
        configureDeployments(builder, deployments);
        if (!quiet) {
            builder.requestLog(line -> err.println(LocalTime.now(ZoneOffset.UTC).format(CLOCK) + " " + line));
        }
        ImageApiEmulator emulator = builder.build();
        out.println("imagegen4j image API emulator listening on " + emulator.baseUrl());
        if (dialect.equals("openai") || dialect.equals("all")) {
            out.println("  OpenAI     base URL: " + emulator.baseUrl(Dialect.OPENAI));
        }
        if (dialect.equals("azure") || dialect.equals("all")) {
            out.println("  Azure      endpoint: " + emulator.baseUrl(Dialect.AZURE)
                    + "  (/openai/deployments/{deployment}/images/...?api-version=2025-04-01-preview, /openai/v1/images/...)");
            out.println("             deployments: " + describe(deployments));
        }
        if (dialect.equals("aimlapi") || dialect.equals("all")) {
            out.println("  AI/ML API  base URL: " + emulator.baseUrl(Dialect.AIMLAPI));
        }
        out.println("  Gemini     base URL: " + emulator.baseUrl(Dialect.GEMINI)
                + "  (/v1beta/models/{model}:generateContent; Vertex AI /v1/projects/.../publishers/google/models/...)");
        out.println("  Replicate  base URL: " + emulator.baseUrl(Dialect.REPLICATE));
        out.println("  fal        queue: " + emulator.baseUrl(Dialect.FAL) + "  sync: " + emulator.falSyncUrl());
        out.println("  OpenRouter base URL: " + emulator.baseUrl(Dialect.OPENROUTER));
        if (journal != null) {
            out.println("  journal: " + journal.toAbsolutePath());
        }
        out.println("Press Ctrl+C to stop.");
        out.flush();
        return emulator;
    }

    /**
     * Applies {@code deployments}, or the defaults when empty: {@value #DEFAULT_DEPLOYMENT} ->
     * {@value #DEFAULT_DEPLOYMENT_MODEL} plus a deployment named after every model Azure serves.
     */
    static void configureDeployments(ImageApiEmulator.Builder builder, Map<String, String> deployments) {
        if (deployments.isEmpty()) {
            builder.azureDeployment(DEFAULT_DEPLOYMENT, DEFAULT_DEPLOYMENT_MODEL).azureModelNamedDeployments(true);
            return;
        }
        deployments.forEach(builder::azureDeployment);
    }

    /** The deployments as printed at start-up. */
    static String describe(Map<String, String> deployments) {
        if (deployments.isEmpty()) {
            return DEFAULT_DEPLOYMENT + " -> " + DEFAULT_DEPLOYMENT_MODEL + ", and one named after each model "
                    + "(e.g. gpt-image-2.5-flare)";
        }
        StringBuilder sb = new StringBuilder();
        deployments.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" -> ").append(v));
        return sb.toString();
    }

    private static int integer(String v, String option) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a number, was " + v);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar imagegen4j-testkit.jar [--port N] [--dialect openai|azure|aimlapi|all]");
        out.println("           [--api-key KEY] [--latency-ms N] [--azure-deployment NAME=MODEL]... "
                + "[--aimlapi-status 200|201]");
        out.println("           [--journal FILE] [--enforce-retirements] [--ship-model ID=LIKE[:QUALITY,...]]... [--quiet]");
    }
}
