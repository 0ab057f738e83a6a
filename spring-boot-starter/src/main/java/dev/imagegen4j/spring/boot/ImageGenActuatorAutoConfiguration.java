package dev.imagegen4j.spring.boot;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The actuator side: health component {@code imagegen4j} (configuration and circuit states; it never sends a request)
 * and info contributor {@code imagegen4j} (installed providers, catalog version, generators and routes). Turn them off
 * with {@code management.health.imagegen4j.enabled=false} and {@code management.info.imagegen4j.enabled=false}.
 */
@AutoConfiguration(after = ImageGenAutoConfiguration.class)
@ConditionalOnBean(ImageGeneratorRegistry.class)
public class ImageGenActuatorAutoConfiguration {

    /** The health indicator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("imagegen4j")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "imagegen4jHealthIndicator")
        ImageGenHealthIndicator imagegen4jHealthIndicator(ImageGeneratorRegistry registry) {
            return new ImageGenHealthIndicator(registry);
        }
    }

    /** The info contributor. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(InfoContributor.class)
    @ConditionalOnProperty(prefix = "management.info.imagegen4j", name = "enabled", matchIfMissing = true)
    static class Info {
        @Bean
        @ConditionalOnMissingBean(name = "imagegen4jInfoContributor")
        ImageGenInfoContributor imagegen4jInfoContributor(ImageGeneratorRegistry registry) {
            return new ImageGenInfoContributor(registry);
        }
    }
}
