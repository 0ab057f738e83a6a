package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Quality;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Azure deployments of one resource share one quota, over real HTTP, from configuration files: in one JVM
 * (store: memory) and as two machines (two configurations, two Redis connections, store: redis://...).
 */
class SharedQuotaTest {

    private static final ImageRequest FOX = ImageRequest.builder().prompt("a fox").model(ModelId.GPT_IMAGE_2)
            .size("1024x1024").quality(Quality.LOW).build();

    private ImageApiEmulator emu;

    @BeforeEach
    void start() {
        emu = ImageApiEmulator.builder().azureDeployment("img2-a", "gpt-image-2").azureDeployment("img2-b", "gpt-image-2")
                .start();
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private ImageGenConfig config(String quota, String store) {
        String yaml = """
                quotas:
                  %s: { store: %s, images-per-minute: 600, burst: 1s }
                generators:
                  a: { provider: azure, endpoint: "%s", api-key: k-a, deployments: { gpt-image-2: img2-a }, quota: %s }
                  b: { provider: azure, endpoint: "%s", api-key: k-b, deployments: { gpt-image-2: img2-b }, quota: %s }
                default: a
                """.formatted(quota, store, emu.baseUrl(), quota, emu.baseUrl(), quota);
        return ImageGenConfig.parse(yaml.getBytes(StandardCharsets.UTF_8), "imagegen4j.yaml", false, Map.of(),
                getClass().getClassLoader());
    }

    private void hammer(ImageGenerator a, ImageGenerator b, int calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                ImageGenerator g = i % 2 == 0 ? a : b;
                fs.add(pool.submit(() -> g.generate(FOX)));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every stretch of the POSTs holds at most the burst (10) plus 10 per second, plus one for timing. */
    private void assertWithinQuota(int calls) {
        List<RecordedRequest> posts = emu.journal().posts();
        assertThat(posts).hasSize(calls);
        assertThat(posts.stream().filter(r -> "img2-a".equals(r.deployment().orElse(r.model().orElse(null)))))
                .hasSize(calls / 2);
        List<Instant> t = new ArrayList<>(posts.stream().map(RecordedRequest::receivedAt).toList());
        t.sort(Comparator.naturalOrder());
        for (int i = 0; i < t.size(); i++) {
            for (int j = i; j < t.size(); j++) {
                double seconds = Duration.between(t.get(i), t.get(j)).toNanos() / 1e9;
                assertThat((double) (j - i + 1)).as("POSTs %d..%d in %.3f s", i, j, seconds)
                        .isLessThanOrEqualTo(10 + 10 * seconds + 1);
            }
        }
        assertThat(Duration.between(t.get(0), t.get(t.size() - 1))).isGreaterThanOrEqualTo(Duration.ofMillis(2800));
    }

    @Test
    void should_keep_two_deployments_sharing_one_quota_within_it_in_one_jvm() throws Exception {
        ImageGenConfig c = config("resource", "memory");
        try (ImageGenerator a = c.open("a"); ImageGenerator b = c.open("b")) {
            hammer(a, b, 40);
        }
        assertWithinQuota(40);
    }

    @Test
    void should_keep_two_machines_sharing_one_quota_within_it_through_redis() throws Exception {
        String quota = "resource-" + UUID.randomUUID().toString().substring(0, 8);
        String redis = TestRedis.url();
        try (ImageGenerator a = config(quota, redis).open("a"); ImageGenerator b = config(quota, redis).open("b")) {
            hammer(a, b, 40);
        }
        assertWithinQuota(40);
    }

    @Test
    void should_back_off_on_every_machine_after_one_deployments_429() throws Exception {
        String quota = "resource-" + UUID.randomUUID().toString().substring(0, 8);
        String redis = TestRedis.url();
        try (ImageGenerator a = config(quota, redis).open("a"); ImageGenerator b = config(quota, redis).open("b")) {
            emu.enqueue(Fault.rateLimited(Duration.ofMillis(1500)));
            assertThatThrownBy(() -> a.generate(FOX)).isInstanceOf(RateLimitException.class);
            Instant limited = emu.journal().last().receivedAt();
            b.generate(FOX);
            Instant next = emu.journal().last().receivedAt();
            assertThat(Duration.between(limited, next)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        }
    }
}
