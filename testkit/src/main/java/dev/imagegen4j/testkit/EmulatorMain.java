package dev.imagegen4j.testkit;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone until the process is killed:
 * {@code java -jar imagegen4j-testkit.jar --port 8080 --dialect all}. Prints the base URL of each served
 * dialect. Options: {@code --port N} (default 8080; 0 = ephemeral), {@code --dialect openai|azure|aimlapi|all}
 * (default all; {@code aimlapi} makes AI/ML API answer on {@code /v1}), {@code --api-key KEY},
 * {@code --latency-ms N}, {@code --azure-deployment NAME=MODEL} (repeatable), {@code --aimlapi-status 200|201}.
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    /**
     * Entry point.
     *
     * @param args the command-line options described on the class
     */
    public static void main(String[] args) throws InterruptedException {
        System.setProperty("java.awt.headless", "true");
        ImageApiEmulator.Builder builder = ImageApiEmulator.builder().port(8080);
        String dialect = "all";
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--port":
                        builder.port(Integer.parseInt(value(args, ++i, a)));
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
                        builder.latency(Duration.ofMillis(Long.parseLong(value(args, ++i, a))));
                        break;
                    case "--azure-deployment": {
                        String v = value(args, ++i, a);
                        int eq = v.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--azure-deployment expects NAME=MODEL, was " + v);
                        }
                        builder.azureDeployment(v.substring(0, eq), v.substring(eq + 1));
                        break;
                    }
                    case "--aimlapi-status":
                        builder.aimlapiSuccessStatus(Integer.parseInt(value(args, ++i, a)));
                        break;
                    case "--help":
                    case "-h":
                        usage(System.out);
                        return;
                    default:
                        throw new IllegalArgumentException("unknown option " + a);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        ImageApiEmulator emulator;
        try {
            emulator = builder.build();
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "image-api-emulator-shutdown"));
        System.out.println("imagegen4j image API emulator listening on " + emulator.baseUrl());
        if (dialect.equals("openai") || dialect.equals("all")) {
            System.out.println("  OpenAI    base URL: " + emulator.baseUrl(Dialect.OPENAI));
        }
        if (dialect.equals("azure") || dialect.equals("all")) {
            System.out.println("  Azure     endpoint: " + emulator.baseUrl(Dialect.AZURE)
                    + "  (/openai/deployments/{deployment}/images/...?api-version=2025-04-01-preview, /openai/v1/images/...)");
        }
        if (dialect.equals("aimlapi") || dialect.equals("all")) {
            System.out.println("  AI/ML API base URL: " + emulator.baseUrl(Dialect.AIMLAPI));
        }
        System.out.println("Press Ctrl+C to stop.");
        System.out.flush();
        new CountDownLatch(1).await(); // until killed
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
    }
}
