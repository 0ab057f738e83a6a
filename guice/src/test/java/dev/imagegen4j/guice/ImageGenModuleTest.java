package dev.imagegen4j.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Names;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGenModuleTest {

    private static ImageApiEmulator primary;
    private static ImageApiEmulator backup;

    @BeforeAll
    static void start() {
        primary = ImageApiEmulator.start();
        backup = ImageApiEmulator.start();
    }

    @AfterAll
    static void stop() {
        primary.close();
        backup.close();
    }

    private static Path config(Path dir) throws Exception {
        Path file = dir.resolve("imagegen4j.yaml");
        Files.writeString(file, """
                default: main
                generators:
                  primary: { provider: openai, api-key: "${KEY}", base-url: "%s/v1" }
                  backup: { provider: openai, api-key: "${KEY}", base-url: "%s/v1" }
                routes:
                  main: { failover: [primary, backup], retries: 0 }
                """.formatted(primary.baseUrl(), backup.baseUrl()));
        return file;
    }

    @Test
    void should_serve_the_default_and_named_generators_from_a_config_file(@TempDir Path dir) throws Exception {
        Injector injector = Guice.createInjector(ImageGenModule.fromConfig(config(dir), Map.of("KEY", "sk-guice")));

        ImageGenerator main = injector.getInstance(ImageGenerator.class);
        ImageGenerator backupGenerator = injector.getInstance(Key.get(ImageGenerator.class, Names.named("backup")));
        ImageResult viaMain = main.generate(ImageRequest.builder().prompt("a").build());
        ImageResult viaBackup = backupGenerator.generate(ImageRequest.builder().prompt("b").build());

        assertThat(main.providerId()).isEqualTo("main");
        assertThat(main).isSameAs(injector.getInstance(Key.get(ImageGenerator.class, Names.named("main"))));
        assertThat(viaMain.providerMetadata()).containsEntry("route", "main");
        assertThat(primary.journal().posts()).hasSize(1);
        assertThat(viaBackup.providerId()).isEqualTo("openai");
        assertThat(backup.journal().posts()).hasSize(1);
        main.close();
        backupGenerator.close();
    }

    @Test
    void should_bind_every_installed_provider_in_a_map() {
        Injector injector = Guice.createInjector(ImageGenModule.providersOnly());

        Map<String, ImageGeneratorProvider> providers =
                injector.getInstance(Key.get(new TypeLiteral<Map<String, ImageGeneratorProvider>>() { }));

        assertThat(providers).containsKey("openai");
    }

    @Test
    void should_do_no_io_when_constructed_and_fail_injector_creation_with_the_config_message() {
        ImageGenModule module = ImageGenModule.fromConfig(Path.of("does/not/exist.yaml"), Map.of());

        assertThatThrownBy(() -> Guice.createInjector(module))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("configuration file does/not/exist.yaml does not exist");
    }
}
