package dev.imagegen4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.config.ConfigException;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.micrometer.MicrometerImageObserver;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.FaultRule;
import dev.imagegen4j.testkit.ImageApiEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration in application contexts, against emulators over HTTP. */
class ImageGenAutoConfigurationTest {

    private static ImageApiEmulator first;
    private static ImageApiEmulator second;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ImageGenAutoConfiguration.class,
                    ImageGenActuatorAutoConfiguration.class));

    @BeforeAll
    static void start() {
        first = ImageApiEmulator.start();
        second = ImageApiEmulator.start();
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    @BeforeEach
    void reset() {
        first.reset();
        second.reset();
    }

    /** Two generators over the emulators and a route, in the relaxed spellings people write. */
    private static String[] twoMembersAndARoute() {
        return new String[] {
            "test.emulator-key=sk-spring-test",
            "imagegen4j.default=primary",
            "imagegen4j.generators.eu.provider=openai",
            "imagegen4j.generators.eu.apiKey=${test.emulator-key}",
            "imagegen4j.generators.eu.base_url=" + first.baseUrl() + "/v1",
            "imagegen4j.generators.us.provider=openai",
            "imagegen4j.generators.us.api-key=${test.emulator-key}",
            "imagegen4j.generators.us.baseUrl=" + second.baseUrl() + "/v1",
            "imagegen4j.routes.primary.failover[0]=eu",
            "imagegen4j.routes.primary.failover[1]=us",
            "imagegen4j.routes.primary.retries=0",
            "imagegen4j.routes.primary.retryUnknownResult=false",
            "imagegen4j.routes.primary.breaker.failures=1",
            "imagegen4j.routes.primary.breaker.cooldown=5m",
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class Registries {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ObservationRegistry observationRegistry(MeterRegistry meters) {
            TestObservationRegistry r = TestObservationRegistry.create();
            r.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
            return r;
        }
    }

    static class Injected {
        final ImageGenerator byDefault;
        final ImageGenerator backup;

        Injected(ImageGenerator byDefault, @Qualifier("us") ImageGenerator backup) {
            this.byDefault = byDefault;
            this.backup = backup;
        }
    }

    @Test
    void should_make_the_default_and_one_qualified_bean_per_generator_and_route_and_observe_calls() {
        runner.withPropertyValues(twoMembersAndARoute()).withUserConfiguration(Registries.class)
                .withBean(Injected.class).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(BeanFactoryUtils.beanNamesForTypeIncludingAncestors(context, ImageGenerator.class))
                            .containsExactlyInAnyOrder("eu", "us", "primary", "imageGenerator");
                    Injected injected = context.getBean(Injected.class);
                    assertThat(injected.byDefault.providerId()).isEqualTo("primary");
                    assertThat(injected.backup).isSameAs(context.getBean("us"));
                    assertThat(context.getBean(ImageGenerator.class)).isSameAs(context.getBean("primary"));

                    first.addRule(FaultRule.always(Fault.status(503)));
                    ImageResult r = injected.byDefault.generate(ImageRequest.builder().prompt("a fox").build());

                    assertThat(r.providerMetadata()).containsEntry("route-member", "us");
                    assertThat(first.journal().posts()).hasSize(1);
                    assertThat(second.journal().posts()).hasSize(1);
                    assertThat(first.journal().last().header("authorization")).contains("Bearer sk-spring-test");
                    TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
                            .hasObservationWithNameEqualTo("imagegen4j.calls").that()
                            .hasLowCardinalityKeyValue("imagegen4j.generator", "primary")
                            .hasLowCardinalityKeyValue("imagegen4j.outcome", "success");
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get("imagegen4j.calls").timer().count()).isEqualTo(1);
                    assertThat(meters.get("imagegen4j.failovers").counter().count()).isEqualTo(1);
                    assertThat(meters.get("imagegen4j.circuit.state").tags("imagegen4j.route.member", "eu",
                            "imagegen4j.circuit.state", "open").gauge().value()).isEqualTo(1);
                });
    }

    @Test
    void should_report_circuit_states_in_health_and_providers_in_info_without_sending_anything() {
        runner.withPropertyValues(twoMembersAndARoute()).run(context -> {
            ImageGenHealthIndicator health = context.getBean(ImageGenHealthIndicator.class);
            Health before = health.health();
            assertThat(before.getStatus()).isEqualTo(Status.UP);
            assertThat(before.getDetails()).containsEntry("default", "primary")
                    .containsEntry("generators", Map.of("eu", "openai", "us", "openai"));
            assertThat(first.journal().posts()).isEmpty();

            first.addRule(FaultRule.always(Fault.status(503)));
            second.addRule(FaultRule.always(Fault.status(503)));
            ImageGenerator route = context.getBean(ImageGenerator.class);
            try {
                route.generate(ImageRequest.builder().prompt("a fox").build());
            } catch (RuntimeException expected) {
                // both members fail once; both circuits open (threshold 1)
            }
            int posts = first.journal().posts().size() + second.journal().posts().size();

            Health after = health.health();
            assertThat(after.getStatus()).isEqualTo(Status.DOWN);
            assertThat(after.getDetails().get("routes")).isEqualTo(Map.of("primary", Map.of("eu", "open", "us", "open")));
            assertThat(first.journal().posts().size() + second.journal().posts().size()).isEqualTo(posts);

            Info.Builder info = new Info.Builder();
            context.getBean(ImageGenInfoContributor.class).contribute(info);
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) info.build().getDetails().get("imagegen4j");
            assertThat((Iterable<String>) details.get("providers")).as("the provider jars on the class path").contains("openai");
            assertThat(details.get("catalog")).isEqualTo(dev.imagegen4j.ModelCatalog.builtIn().version());
            assertThat(details).containsEntry("default", "primary");
        });
    }

    @Test
    void should_fail_at_start_up_naming_the_key_and_the_fix_when_a_setting_is_misspelt() {
        runner.withPropertyValues("imagegen4j.generators.g.provider=openai", "imagegen4j.generators.g.api-kee=sk-x")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConfigException.class)
                            .hasMessageContaining("Spring configuration 'imagegen4j' (generators.g.api-kee): unknown "
                                    + "setting 'api-kee' for provider openai; did you mean 'api-key'?")
                            .hasMessageNotContaining("sk-x");
                });
    }

    @Test
    void should_ignore_other_tools_imagegen4j_environment_variables_but_report_a_misspelt_key_of_a_file() {
        // IMAGEGEN4J_MCP_TOKEN (the MCP server's) and a CI's IMAGEGEN4J_TEST_REDIS bind to imagegen4j.mcp-token and
        // imagegen4j.test.redis: not configuration of this starter
        java.util.Map<String, Object> variables = java.util.Map.of("IMAGEGEN4J_MCP_TOKEN", "t0k3n",
                "IMAGEGEN4J_TEST_REDIS", "redis://127.0.0.1:6390");
        runner.withPropertyValues(twoMembersAndARoute())
                .withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(
                        new org.springframework.core.env.SystemEnvironmentPropertySource(
                                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME
                                        + "-test", variables)))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ImageGenConfig.class));
        runner.withPropertyValues(twoMembersAndARoute()).withPropertyValues("imagegen4j.rootes.x.failover=a")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'rootes'"));
    }

    @Test
    void should_create_nothing_when_nothing_is_configured_or_it_is_disabled() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ImageGenerator.class)
                .doesNotHaveBean(ImageGenConfig.class).doesNotHaveBean(ImageGeneratorRegistry.class));
        runner.withPropertyValues(twoMembersAndARoute()).withPropertyValues("imagegen4j.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ImageGenerator.class));
    }

    @Test
    void should_back_off_when_the_application_defines_its_own_beans() {
        ImageGenerator mine = ImageGenerator.class.cast(java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ImageGenerator.class}, (p, m, a) -> {
                    if (m.getName().equals("providerId")) {
                        return "mine";
                    }
                    return null;
                }));
        runner.withPropertyValues(twoMembersAndARoute())
                .withBean("imageGenerator", ImageGenerator.class, () -> mine)
                .withBean("us", String.class, () -> "not a generator")
                .withBean(MicrometerImageObserver.class, () -> MicrometerImageObserver.builder(ObservationRegistry.NOOP)
                        .build())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ImageGenerator.class).providerId()).isEqualTo("mine");
                    assertThat(context.getBean("us")).isEqualTo("not a generator");
                    assertThat(context.getBean("eu", ImageGenerator.class).providerId()).isEqualTo("openai");
                    assertThat(context.getBeansOfType(MicrometerImageObserver.class)).hasSize(1);
                });
    }

    @Test
    void should_read_an_imagegen4j_file_named_by_config_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("imagegen4j.yaml");
        Files.writeString(file, """
                generators:
                  only: { provider: openai, api-key: sk-file, base-url: %s/v1 }
                """.formatted(second.baseUrl()));
        runner.withPropertyValues("imagegen4j.config-file=" + file).run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean(ImageGenerator.class).generate(ImageRequest.builder().prompt("a fox").build());
            assertThat(second.journal().posts()).hasSize(1);
            assertThat(context.getBean("only")).isSameAs(context.getBean(ImageGenerator.class));
        });
    }

    @Test
    void should_ship_configuration_metadata_for_ides() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated by spring-boot-configuration-processor").isNotNull();
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"imagegen4j.generators\"", "\"imagegen4j.routes\"", "\"imagegen4j.models\"",
                    "\"imagegen4j.default\"", "\"imagegen4j.observations.include-prompts\"",
                    "dev.imagegen4j.spring.boot.ImageGenProperties$Generator",
                    "\"imagegen4j.generators.values.provider\"", "\"openai-compatible\"");
        }
    }
}
