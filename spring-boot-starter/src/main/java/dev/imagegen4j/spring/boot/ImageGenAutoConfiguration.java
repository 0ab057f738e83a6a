package dev.imagegen4j.spring.boot;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.micrometer.MicrometerImageObserver;
import dev.imagegen4j.observe.ImageObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * imagegen4j for Spring Boot: the generators and routes of {@code imagegen4j:} in the application's configuration
 * (the structure of an imagegen4j configuration file) as beans.
 *
 * <ul>
 *   <li>{@link ImageGenConfig}, parsed from {@code imagegen4j.*} (or the file of {@code imagegen4j.config-file}) with
 *       the configuration file's rules and messages;</li>
 *   <li>an {@link ImageGeneratorRegistry} that opens each generator and route once, observed, and closes them with
 *       the context;</li>
 *   <li>the default {@link ImageGenerator} (unqualified), and one bean per generator and route, named and
 *       qualified by its name ({@code @Qualifier("backup")}), injected only where asked for by name;</li>
 *   <li>a {@link MicrometerImageObserver} on the application's {@code ObservationRegistry} and
 *       {@code MeterRegistry} ({@code imagegen4j.observations.enabled}); any other {@link ImageObserver} bean (e.g.
 *       an {@code OpenTelemetryImageObserver}) observes too.</li>
 * </ul>
 * Every bean backs off when the application defines its own ({@code @ConditionalOnMissingBean}); nothing is
 * created unless {@code imagegen4j.generators} or {@code imagegen4j.config-file} is set; {@code imagegen4j.enabled=false}
 * turns it all off.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "imagegen4j", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ImageGenObservationProperties.class)
public class ImageGenAutoConfiguration {

    /** Registers the named generator and route beans. */
    @Bean
    static NamedGeneratorRegistrar imageGenNamedGeneratorRegistrar() {
        return new NamedGeneratorRegistrar();
    }

    /** The configuration from {@code imagegen4j.*}. */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnImageGenConfiguredCondition.class)
    ImageGenConfig imageGenConfig(Environment environment) {
        return ApplicationConfigTree.load(environment, ImageGenAutoConfiguration.class.getClassLoader());
    }

    /** Observations and meters through the application's registries. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnProperty(prefix = "imagegen4j.observations", name = "enabled", matchIfMissing = true)
    MicrometerImageObserver imageGenMicrometerObserver(ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<MeterRegistry> meters, ObjectProvider<ImageGenConfig> config,
            ImageGenObservationProperties properties) {
        return MicrometerImageObserver.builder(observations.getIfUnique(() -> ObservationRegistry.NOOP))
                .meterRegistry(meters.getIfUnique())
                .capturePrompts(properties.isIncludePrompts())
                .catalog(config.getIfAvailable() != null ? config.getIfAvailable().catalog() : ModelCatalog.builtIn())
                .build();
    }

    /** The opened generators and routes. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ImageGenConfig.class)
    ImageGeneratorRegistry imageGeneratorRegistry(ImageGenConfig config, ObjectProvider<ImageObserver> observers) {
        List<ImageObserver> all = observers.orderedStream().toList();
        return new ImageGeneratorRegistry(config, all.isEmpty() ? ImageObserver.NONE : ImageObserver.of(all));
    }

    /** The configuration's default generator or route. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(ImageGenerator.class)
    @ConditionalOnBean(ImageGeneratorRegistry.class)
    ImageGenerator imageGenerator(ImageGeneratorRegistry registry) {
        return registry.generator(registry.defaultName());
    }
}
