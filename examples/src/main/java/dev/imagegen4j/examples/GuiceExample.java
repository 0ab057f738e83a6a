package dev.imagegen4j.examples;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.name.Named;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.guice.ImageGenModule;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Guice: the configuration file's default generator and a named one, injected into a service. */
public final class GuiceExample {

    /** An application service that needs images. */
    static final class PosterService {
        private final ImageGenerator images;
        private final ImageGenerator drafts;

        @Inject
        PosterService(ImageGenerator images, @Named("drafts") ImageGenerator drafts) {
            this.images = images;
            this.drafts = drafts;
        }

        ImageResult poster(String subject) {
            drafts.generate(ImageRequest.builder().prompt("draft: " + subject).build());
            return images.generate(ImageRequest.builder().prompt("poster: " + subject).build());
        }
    }

    private GuiceExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.getenv(), Path.of(args.length > 0 ? args[0] : "example-output"));
    }

    static ImageResult run(Map<String, String> env, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (ImageApiEmulator emu = ImageApiEmulator.start()) {
            Path config = dir.resolve("guice-imagegen4j.yaml");
            String key = env.getOrDefault("OPENAI_API_KEY", "");
            String base = key.isBlank() ? emu.baseUrl() + "/v1" : "https://api.openai.com/v1";
            Files.writeString(config, """
                    default: main
                    generators:
                      main:   { provider: openai, api-key: "${OPENAI_API_KEY:-offline}", base-url: "%s", quality: medium }
                      drafts: { provider: openai, api-key: "${OPENAI_API_KEY:-offline}", base-url: "%s", quality: low }
                    """.formatted(base, base));
            Injector injector = Guice.createInjector(ImageGenModule.fromConfig(config, env));
            PosterService service = injector.getInstance(PosterService.class);
            ImageResult r = service.poster("a jazz festival by the sea");
            System.out.println("poster via " + r.providerId() + ", quality " + r.quality().orElse(null));
            injector.getInstance(ImageGenerator.class).close();
            return r;
        }
    }
}
