package dev.imagegen4j.examples;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.FaultRule;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A failover route from a configuration file. With {@code IMAGEGEN4J_CONFIG} set it opens that file's
 * default generator or route; otherwise it writes a file with two emulators, the primary failing every
 * request with 503, and shows the route serving from the backup.
 */
public final class FailoverConfigExample {

    private FailoverConfigExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.getenv(), Path.of(args.length > 0 ? args[0] : "example-output"));
    }

    static ImageResult run(Map<String, String> env, Path dir) throws Exception {
        Files.createDirectories(dir);
        String configured = env.get(ImageGenConfig.ENV_VAR);
        if (configured != null && !configured.isBlank()) {
            try (ImageGenerator images = ImageGenConfig.load(Path.of(configured), env).openDefault()) {
                return generate(images);
            }
        }
        try (ImageApiEmulator primary = ImageApiEmulator.start(); ImageApiEmulator backup = ImageApiEmulator.start()) {
            primary.addRule(FaultRule.always(Fault.status(503)));
            Path file = dir.resolve("imagegen4j.yaml");
            Files.writeString(file, """
                    default: main
                    generators:
                      primary: { provider: openai, api-key: "${EXAMPLE_KEY:-offline}", base-url: "%s/v1" }
                      backup:  { provider: openai, api-key: "${EXAMPLE_KEY:-offline}", base-url: "%s/v1" }
                    routes:
                      main: { failover: [primary, backup], retries: 1, backoff: { initial: 100ms, max: 1s } }
                    """.formatted(primary.baseUrl(), backup.baseUrl()));
            System.out.println("wrote " + file + ":\n" + Files.readString(file));
            try (ImageGenerator images = ImageGenConfig.load(file, env).openDefault()) {
                ImageResult r = generate(images);
                System.out.println("primary received " + primary.journal().posts().size() + " requests (503 each), "
                        + "backup " + backup.journal().posts().size());
                return r;
            }
        }
    }

    private static ImageResult generate(ImageGenerator images) {
        ImageResult r = images.generate(ImageRequest.builder().prompt("a harbour at night").build());
        System.out.println("served by " + r.providerMetadata().get("route-member") + " (" + r.providerId() + ", "
                + r.wireModel() + ") after " + r.providerMetadata().get("route-attempts") + " attempts");
        return r;
    }
}
