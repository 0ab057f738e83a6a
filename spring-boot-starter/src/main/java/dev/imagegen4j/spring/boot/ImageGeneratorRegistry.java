package dev.imagegen4j.spring.boot;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.observe.ImageObservation;
import dev.imagegen4j.observe.ImageObserver;
import dev.imagegen4j.routing.CircuitState;
import dev.imagegen4j.routing.ImageRouter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.DisposableBean;

/**
 * The generators and routes of the application's imagegen4j configuration, each opened once (on first use) and
 * observed under its name. The starter's {@code ImageGenerator} beans come from here; it closes them when the
 * context closes. Thread-safe.
 */
public final class ImageGeneratorRegistry implements DisposableBean {

    private final ImageGenConfig config;
    private final ImageObserver observer;
    private final Map<String, ImageGenerator> opened = new LinkedHashMap<>();
    private final Map<String, ImageGenerator> raw = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param config   the configuration
     * @param observer observes every generator and route ({@link ImageObserver#NONE} for none)
     */
    public ImageGeneratorRegistry(ImageGenConfig config, ImageObserver observer) {
        this.config = Objects.requireNonNull(config, "config");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** The configuration. */
    public ImageGenConfig config() {
        return config;
    }

    /** The generator and route names, generators first, in configuration order. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>(config.generatorNames());
        names.addAll(config.routeNames());
        return names;
    }

    /** The name of the default generator or route. */
    public String defaultName() {
        return config.defaultName();
    }

    /**
     * The generator or route called {@code name}, opened on first use and observed under its name.
     *
     * @throws dev.imagegen4j.config.ConfigException if there is no such name
     * @throws IllegalStateException                 after the registry was closed
     */
    public synchronized ImageGenerator generator(String name) {
        if (closed) {
            throw new IllegalStateException("the imagegen4j generators were closed with the application context");
        }
        ImageGenerator g = opened.get(name);
        if (g == null) {
            ImageGenerator created = config.open(name);
            raw.put(name, created);
            g = observer == ImageObserver.NONE ? created : ImageObservation.observe(name, created, observer);
            opened.put(name, g);
        }
        return g;
    }

    /**
     * The circuit states of route {@code name}'s members, if it has been opened (reading them sends nothing and
     * opens nothing); empty for a generator, an unopened route, or a route without breakers.
     */
    public synchronized Optional<Map<String, CircuitState>> circuitStates(String name) {
        ImageGenerator g = raw.get(name);
        return g == null ? Optional.empty() : Optional.of(ImageRouter.circuitStates(g));
    }

    /** Whether {@code name} has been opened. */
    public synchronized boolean isOpened(String name) {
        return opened.containsKey(name);
    }

    /** Closes every opened generator and route. */
    @Override
    public synchronized void destroy() {
        closed = true;
        RuntimeException first = null;
        for (ImageGenerator g : opened.values()) {
            try {
                g.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        opened.clear();
        raw.clear();
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "ImageGeneratorRegistry[" + config + ", opened=" + opened.keySet() + "]";
    }
}
