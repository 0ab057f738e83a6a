package dev.imagegen4j.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code imagegen4j.observations.*}: how the starter observes generators and routes. */
@ConfigurationProperties("imagegen4j.observations")
public class ImageGenObservationProperties {

    /** Whether calls are observed through the application's ObservationRegistry and MeterRegistry. */
    private boolean enabled = true;

    /**
     * Whether prompts go into span attributes (imagegen4j.request.prompt). Prompts may hold personal data; they are
     * never metric tags.
     */
    private boolean includePrompts = false;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isIncludePrompts() {
        return includePrompts;
    }

    public void setIncludePrompts(boolean includePrompts) {
        this.includePrompts = includePrompts;
    }
}
