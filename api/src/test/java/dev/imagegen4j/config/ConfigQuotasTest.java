package dev.imagegen4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.quota.QuotaWaitException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code quotas:} section and {@code quota: NAME} of generators and route members. */
class ConfigQuotasTest {

    private static final Map<String, String> ENV = Map.of("FAKE_KEY", "sk-from-env-123456", "REDIS_PASSWORD",
            "hunter2-redis-secret");
    private static final ImageRequest FOX = ImageRequest.builder().prompt("a fox").build();

    private static ImageGenConfig parse(String yaml) {
        return ImageGenConfig.parse(yaml.getBytes(StandardCharsets.UTF_8), "imagegen4j.yaml", false, ENV,
                ConfigQuotasTest.class.getClassLoader());
    }

    private static final String TWO_GENERATORS = """
            default: one
            quotas:
              resource:
                images-per-minute: 6
                burst: 10s
                max-wait: 0s
            generators:
              one: { provider: fake, api-key: k1, quota: resource }
              two: { provider: fake, api-key: k2, quota: resource }
              free: { provider: fake, api-key: k3 }
            """;

    @Test
    void should_share_one_quota_between_the_generators_that_name_it() {
        ImageGenConfig c = parse(TWO_GENERATORS);
        assertThat(c.quotaNames()).containsExactly("resource");
        try (ImageGenerator one = c.open("one"); ImageGenerator two = c.open("two"); ImageGenerator free = c.open("free")) {
            // the fake provider fails after "sending" (not an ImageGenerationException): the image stays counted
            assertThatThrownBy(() -> one.generate(FOX)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> two.generate(FOX)).isInstanceOf(QuotaWaitException.class)
                    .hasMessageContaining("quota 'resource'");
            assertThatThrownBy(() -> free.generate(FOX)).isInstanceOf(IllegalStateException.class);
        }
        // a generator opened again later still shares the quota's state (memory store of this configuration)
        try (ImageGenerator one = c.open("one")) {
            assertThatThrownBy(() -> one.generate(FOX)).isInstanceOf(QuotaWaitException.class);
        }
    }

    @Test
    void should_apply_a_route_members_quota_in_that_route() {
        ImageGenConfig c = parse("""
                default: main
                quotas:
                  openai-org: { requests-per-minute: 6, burst: 10s, max-wait: 0s }
                generators:
                  one: { provider: fake, api-key: k1 }
                routes:
                  main: { failover: [ { generator: one, quota: openai-org } ], retries: 0 }
                """);
        try (ImageGenerator route = c.openDefault(); ImageGenerator alone = c.open("one")) {
            assertThatThrownBy(() -> route.generate(FOX)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> route.generate(FOX)).hasMessageContaining("QuotaWaitException: quota 'openai-org'");
            assertThatThrownBy(() -> alone.generate(FOX)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void should_reject_bad_quota_sections_naming_the_place_and_the_rule() {
        assertThatThrownBy(() -> parse(TWO_GENERATORS.replace("images-per-minute", "images-per-minut")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 4 (quotas.resource.images-per-minut): unknown key 'images-per-minut'; "
                        + "did you mean 'images-per-minute'?");
        assertThatThrownBy(() -> parse(TWO_GENERATORS.replace("quota: resource }", "quota: resorce }")))
                .hasMessageContaining("(generators.one.quota): 'resorce' is not a quota; did you mean 'resource'?");
        assertThatThrownBy(() -> parse(TWO_GENERATORS.replace("    images-per-minute: 6\n", "")))
                .hasMessageContaining("quota 'resource' needs at least one limit");
        assertThatThrownBy(() -> parse(TWO_GENERATORS.replace("images-per-minute: 6", "images-per-minute: 0")))
                .hasMessageContaining("(quotas.resource.images-per-minute): 0 must be at least 1");
        assertThatThrownBy(() -> parse(TWO_GENERATORS.replace("max-wait: 0s", "on-unavailable: open")))
                .hasMessageContaining("on-unavailable 'open' must be fail-closed");
        assertThatThrownBy(() -> parse(TWO_GENERATORS.replace("max-wait: 0s", "password: ${REDIS_PASSWORD}")))
                .hasMessageContaining("'password' applies to a shared store such as redis://");
        assertThatThrownBy(() -> parse("""
                quotas:
                  q: { images-per-minute: 6 }
                generators:
                  one: { provider: fake, api-key: k1 }
                routes:
                  main: { failover: [ { generator: one, quota: q, retries: 2 } ] }
                """)).hasMessageContaining("unknown key 'retries'");
    }

    @Test
    void should_say_which_module_a_redis_store_needs() {
        assertThatThrownBy(() -> parse(TWO_GENERATORS.replace("burst: 10s", "store: redis://127.0.0.1:6379/0")))
                .hasMessageContaining("(quotas.resource.store): no quota store for redis:// is installed; add "
                        + "imagegen4j-quota-redis");
    }

    @Test
    void should_refuse_credentials_in_a_store_url_without_showing_them() {
        assertThatThrownBy(() -> parse(TWO_GENERATORS.replace("burst: 10s",
                "store: redis://:${REDIS_PASSWORD}@cache.internal:6379/0")))
                .hasMessageContaining("must not contain credentials")
                .hasMessageContaining("password: ${VARIABLE}")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
}
