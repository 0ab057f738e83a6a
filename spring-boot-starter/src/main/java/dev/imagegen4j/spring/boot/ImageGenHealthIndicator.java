package dev.imagegen4j.spring.boot;

import dev.imagegen4j.routing.CircuitState;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of imagegen4j from what it already knows, never from a request (an image request costs money): the
 * configuration (default, generators with their providers, routes) and each opened route's circuit states. DOWN
 * when every member of an opened route has an open circuit (its requests fail at once until a cool-down ends);
 * otherwise UP. A route not used yet shows {@code not opened}.
 */
public final class ImageGenHealthIndicator implements HealthIndicator {

    private final ImageGeneratorRegistry registry;

    /** @param registry the generators and routes */
    public ImageGenHealthIndicator(ImageGeneratorRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        var config = registry.config();
        Map<String, String> generators = new LinkedHashMap<>();
        config.generatorNames().forEach(n -> generators.put(n, config.providerOf(n).orElse("?")));
        Map<String, Object> routes = new LinkedHashMap<>();
        boolean down = false;
        for (String route : config.routeNames()) {
            Optional<Map<String, CircuitState>> states = registry.circuitStates(route);
            if (states.isEmpty()) {
                routes.put(route, "not opened");
                continue;
            }
            Map<String, String> members = new LinkedHashMap<>();
            states.get().forEach((m, s) -> members.put(m, s.name().toLowerCase(Locale.ROOT)));
            routes.put(route, members);
            if (!states.get().isEmpty() && states.get().values().stream().allMatch(s -> s == CircuitState.OPEN)) {
                down = true;
            }
        }
        return (down ? Health.down() : Health.up())
                .withDetail("default", config.defaultName())
                .withDetail("generators", generators)
                .withDetail("routes", routes)
                .withDetail("catalog", config.catalog().version())
                .build();
    }
}
