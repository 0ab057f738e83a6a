package dev.imagegen4j.spring.boot;

import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.ModelCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * {@code imagegen4j} in {@code /actuator/info}: the installed providers, the built-in catalog's version, and the
 * configured default, generators and routes. Sends nothing.
 */
public final class ImageGenInfoContributor implements InfoContributor {

    private final ImageGeneratorRegistry registry;

    /** @param registry the generators and routes */
    public ImageGenInfoContributor(ImageGeneratorRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("providers", List.copyOf(ImageGenerators.installed(ImageGenInfoContributor.class.getClassLoader())
                .keySet()));
        info.put("catalog", ModelCatalog.builtIn().version());
        info.put("default", registry.defaultName());
        info.put("generators", List.copyOf(registry.config().generatorNames()));
        info.put("routes", List.copyOf(registry.config().routeNames()));
        builder.withDetail("imagegen4j", info);
    }
}
