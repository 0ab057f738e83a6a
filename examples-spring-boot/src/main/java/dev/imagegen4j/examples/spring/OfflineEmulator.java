package dev.imagegen4j.examples.spring;

import dev.imagegen4j.testkit.ImageApiEmulator;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Without {@code OPENAI_API_KEY}, starts the testkit emulator (once per JVM) and points the example's generators at
 * it through {@code example.openai.base-url} and {@code example.openai.api-key}, which {@code application.yml} uses.
 * {@code example.emulator=false} turns this off. Registered in {@code META-INF/spring.factories}.
 */
public final class OfflineEmulator implements EnvironmentPostProcessor {

    private static final Log LOG = LogFactory.getLog(OfflineEmulator.class);
    private static ImageApiEmulator emulator;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String key = environment.getProperty("OPENAI_API_KEY");
        boolean enabled = environment.getProperty("example.emulator", Boolean.class, true);
        if ((key != null && !key.isBlank()) || !enabled) {
            return;
        }
        ImageApiEmulator emu = start();
        LOG.info("No OPENAI_API_KEY: serving images from the in-process emulator at " + emu.baseUrl());
        environment.getPropertySources().addFirst(new MapPropertySource("imagegen4j-example-emulator", Map.of(
                "example.openai.base-url", emu.baseUrl() + "/v1",
                "example.openai.api-key", "sk-emulator-example")));
    }

    /** The emulator started for this JVM, if any. */
    static synchronized java.util.Optional<ImageApiEmulator> running() {
        return java.util.Optional.ofNullable(emulator);
    }

    private static synchronized ImageApiEmulator start() {
        if (emulator == null) {
            emulator = ImageApiEmulator.start();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "imagegen4j-example-emulator-stop"));
        }
        return emulator;
    }
}
