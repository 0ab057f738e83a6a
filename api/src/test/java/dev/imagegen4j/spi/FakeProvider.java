package dev.imagegen4j.spi;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import java.util.Set;

/** A provider registered in test resources, for discovery tests. */
public class FakeProvider implements ImageGeneratorProvider {

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public Set<String> settingKeys() {
        return Set.of("api-key", "base-url");
    }

    @Override
    public ImageGenerator create(ProviderSettings settings) {
        settings.requireOnlyKeys(id(), settingKeys());
        String key = settings.secret("api-key").orElseThrow(() -> new IllegalArgumentException("api-key is required"))
                .reveal();
        return new ImageGenerator() {
            @Override
            public ImageResult generate(ImageRequest request, ImageListener listener) {
                throw new IllegalStateException("fake generator for key of length " + key.length());
            }

            @Override
            public ModelCapabilities capabilities(ModelId model) {
                return ModelCatalog.builtIn().resolve(model).capabilities();
            }

            @Override
            public String providerId() {
                return id();
            }
        };
    }
}
