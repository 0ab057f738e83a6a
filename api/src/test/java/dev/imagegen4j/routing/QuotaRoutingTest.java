package dev.imagegen4j.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.AllProvidersFailedException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.quota.Quota;
import dev.imagegen4j.quota.QuotaWaitException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QuotaRoutingTest {

    private static final ImageRequest FOX = ImageRequest.builder().prompt("a fox").model(ModelId.GPT_IMAGE_2).build();

    /** A provider that records when each call reached it. */
    static final class Timed implements ImageGenerator {
        final List<Long> calls = Collections.synchronizedList(new ArrayList<>());
        private final FakeGenerator fake;

        Timed(String id) {
            fake = new FakeGenerator(id);
        }

        @Override
        public ImageResult generate(ImageRequest request, dev.imagegen4j.ImageListener listener) {
            calls.add(System.nanoTime());
            return fake.generate(request, listener);
        }

        @Override
        public dev.imagegen4j.ModelCapabilities capabilities(ModelId model) {
            return fake.capabilities(model);
        }

        @Override
        public String providerId() {
            return fake.providerId();
        }
    }

    /** Every stretch of {@code times} holds at most what the bucket lets through, plus one for timer granularity. */
    static void assertWithinRate(List<Long> times, long capacity, long perMinute) {
        List<Long> t = new ArrayList<>(times);
        Collections.sort(t);
        double perNano = perMinute / 60e9;
        for (int i = 0; i < t.size(); i++) {
            for (int j = i; j < t.size(); j++) {
                double allowed = capacity + perNano * (t.get(j) - t.get(i)) + 1;
                assertThat((double) (j - i + 1)).as("calls %d..%d within %d ms", i, j,
                        (t.get(j) - t.get(i)) / 1_000_000).isLessThanOrEqualTo(allowed);
            }
        }
    }

    @Test
    void should_keep_two_generators_sharing_one_quota_within_it_together() throws Exception {
        Quota shared = Quota.builder("azure-resource").imagesPerMinute(600).burst(Duration.ofSeconds(1)).build();
        Timed deploymentA = new Timed("azure-a");
        Timed deploymentB = new Timed("azure-b");
        ImageGenerator a = ImageRouter.quota(deploymentA, shared);
        ImageGenerator b = ImageRouter.quota(deploymentB, shared);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ImageGenerator g = i % 2 == 0 ? a : b;
                fs.add(pool.submit(() -> g.generate(FOX)));
            }
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(deploymentA.calls).hasSize(20);
        assertThat(deploymentB.calls).hasSize(20);
        List<Long> together = new ArrayList<>(deploymentA.calls);
        together.addAll(deploymentB.calls);
        assertWithinRate(together, 10, 600);
        // alone each would be within the limit by accident only if the quota were not shared: together they are
        // twice the burst, which needs at least 3 s at 10 per second
        assertThat(Collections.max(together) - Collections.min(together))
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(2800));
    }

    @Test
    void should_fail_over_at_once_without_sending_when_a_members_quota_would_wait_too_long() {
        Quota tight = Quota.builder("tight").imagesPerMinute(6).burst(Duration.ofSeconds(10)).maxWait(Duration.ZERO)
                .build();
        FakeGenerator azure = new FakeGenerator("azure");
        FakeGenerator openai = new FakeGenerator("openai");
        ImageGenerator route = ImageRouter.builder("main").add("azure", ImageRouter.quota(azure, tight))
                .add("openai", openai).circuitBreaker(new CircuitBreakerOptions(1, Duration.ofMinutes(5)))
                .build();

        ImageResult first = route.generate(FOX);
        ImageResult second = route.generate(FOX);
        ImageResult third = route.generate(FOX);

        assertThat(first.providerMetadata()).containsEntry("route-member", "azure");
        assertThat(second.providerMetadata()).containsEntry("route-member", "openai");
        assertThat(second.warnings()).singleElement().asString()
                .contains("azure failed (QuotaWaitException: quota 'tight': 1 image would be available in")
                .endsWith("served by openai");
        assertThat(third.providerMetadata()).containsEntry("route-member", "openai");
        assertThat(azure.calls.get()).isEqualTo(1); // refused calls were never sent, nor retried
        assertThat(openai.calls.get()).isEqualTo(2);
        // the refusals did not open azure's circuit (threshold 1): it says nothing about the provider
        assertThat(route.toString()).doesNotContain("OPEN");
    }

    @Test
    void should_fail_with_a_rate_limit_naming_the_quota_when_alone() {
        Quota tight = Quota.builder("tight").imagesPerMinute(6).burst(Duration.ofSeconds(10)).maxWait(Duration.ZERO)
                .build();
        FakeGenerator azure = new FakeGenerator("azure");
        ImageGenerator g = ImageRouter.quota(azure, tight);
        g.generate(FOX);
        assertThatThrownBy(() -> g.generate(FOX))
                .isInstanceOf(RateLimitException.class)
                .isInstanceOf(QuotaWaitException.class)
                .hasMessageStartingWith("azure: quota 'tight': 1 image would be available in");
        assertThat(azure.calls.get()).isEqualTo(1);
    }

    @Test
    void should_not_retry_a_quota_refusal_on_the_same_member() {
        Quota tight = Quota.builder("tight").imagesPerMinute(6).burst(Duration.ofSeconds(10)).maxWait(Duration.ZERO)
                .build();
        FakeGenerator azure = new FakeGenerator("azure");
        ImageGenerator route = ImageRouter.builder("solo").add("azure", ImageRouter.quota(azure, tight))
                .retry(RetryOptions.DEFAULT.withMaxRetries(3).withBackoff(Duration.ZERO, Duration.ZERO)).build();
        route.generate(FOX);
        long start = System.nanoTime();
        assertThatThrownBy(() -> route.generate(FOX))
                .isInstanceOf(AllProvidersFailedException.class)
                .hasMessageContaining("azure (QuotaWaitException: quota 'tight'");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(azure.calls.get()).isEqualTo(1);
    }

    @Test
    void should_make_every_generator_of_the_quota_back_off_after_a_vendor_429() {
        Quota shared = Quota.builder("shared").requestsPerMinute(600).burst(Duration.ofSeconds(1)).build();
        FakeGenerator a = new FakeGenerator("azure-a").thenFail(new RateLimitException("Rate limit reached", null,
                "azure-a", 429, "req_1", null, Duration.ofMillis(1500)));
        Timed b = new Timed("azure-b");
        ImageGenerator ga = ImageRouter.quota(a, shared);
        ImageGenerator gb = ImageRouter.quota(b, shared);

        long rateLimitedAt = System.nanoTime();
        assertThatThrownBy(() -> ga.generate(FOX)).isInstanceOf(RateLimitException.class);
        gb.generate(FOX);

        // b had 9 requests in its bucket, yet waited out a's delay
        assertThat(b.calls.get(0) - rateLimitedAt).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1450));
    }
}
