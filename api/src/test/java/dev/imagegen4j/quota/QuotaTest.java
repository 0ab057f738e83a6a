package dev.imagegen4j.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.Quality;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.Usage;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QuotaTest {

    private static final ImageRequest FOX = ImageRequest.builder().prompt("a fox").model(ModelId.GPT_IMAGE_2)
            .size("1024x1024").quality(Quality.LOW).build();

    static ImageResult result(long totalTokens) {
        return ImageResult.builder().providerId("fake").model(ModelId.GPT_IMAGE_2).wireModel("gpt-image-2")
                .addImage(GeneratedImage.builder().bytes(new byte[] {1}).format(OutputFormat.PNG).build())
                .usage(Usage.builder().inputTokens(10).outputTokens(totalTokens - 10).build()).build();
    }

    /**
     * Every stretch of {@code times} (sorted nanos) holds at most what a bucket of {@code capacity} refilled at
     * {@code perMinute} lets through, plus one for timer granularity.
     */
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
    void should_space_calls_at_the_limit_when_the_burst_is_spent() throws Exception {
        Quota quota = Quota.builder("shared").imagesPerMinute(600).burst(Duration.ofSeconds(1)).build();
        assertThat(quota.capacity(Quota.Unit.IMAGES)).hasValue(10);
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(5);
        long start = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                fs.add(pool.submit(() -> {
                    quota.acquire(FOX, "fake").succeeded(null);
                    times.add(System.nanoTime());
                }));
            }
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertWithinRate(times, 10, 600);
        // 10 at once, then 15 more at 10 per second
        assertThat(Collections.max(times) - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1400));
    }

    @Test
    void should_refuse_without_taking_anything_when_the_slot_is_beyond_max_wait() {
        Quota quota = Quota.builder("azure-east").imagesPerMinute(60).burst(Duration.ofSeconds(1))
                .maxWait(Duration.ofMillis(200)).build();
        quota.acquire(FOX, "azure");
        long before = quota.available(Quota.Unit.IMAGES).getAsLong();

        assertThatThrownBy(() -> quota.acquire(FOX, "azure"))
                .isInstanceOf(QuotaWaitException.class)
                .isInstanceOf(RateLimitException.class)
                .hasMessageContaining("quota 'azure-east'")
                .hasMessageContaining("max-wait of 0.2 s")
                .hasMessageContaining("60 images per minute")
                .hasMessageContaining("nothing was sent")
                .satisfies(e -> {
                    QuotaWaitException q = (QuotaWaitException) e;
                    assertThat(q.quota()).isEqualTo("azure-east");
                    assertThat(q.providerId()).contains("azure");
                    assertThat(q.retryAfter().orElseThrow()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
                });
        assertThat(quota.available(Quota.Unit.IMAGES).getAsLong()).isEqualTo(before);
    }

    @Test
    void should_take_a_call_larger_than_the_burst_and_leave_the_rest_as_debt() {
        Quota quota = Quota.builder("q").imagesPerMinute(60).burst(Duration.ofSeconds(2)).maxWait(Duration.ZERO)
                .build();
        Quota.Permit p = quota.acquire(FOX.toBuilder().n(5).build(), "fake");
        assertThat(p.taken(Quota.Unit.IMAGES)).isEqualTo(5);
        assertThat(quota.available(Quota.Unit.IMAGES).getAsLong()).isEqualTo(-3);
        assertThatThrownBy(() -> quota.acquire(FOX, "fake")).isInstanceOf(QuotaWaitException.class);
    }

    @Test
    void should_charge_and_refund_tokens_from_the_reported_usage() {
        Quota quota = Quota.builder("tokens").tokensPerMinute(1000).burst(Duration.ofHours(1)).build();
        long full = quota.capacity(Quota.Unit.TOKENS).getAsLong();
        assertThat(full).isEqualTo(60_000);

        Quota.Permit p = quota.acquire(FOX, "fake");
        long estimate = p.taken(Quota.Unit.TOKENS);
        assertThat(estimate).isEqualTo(272 + 2); // low 1024x1024 + ceil(5 characters / 4)
        assertThat(quota.available(Quota.Unit.TOKENS).getAsLong()).isBetween(full - estimate - 1, full - estimate + 20);

        p.succeeded(result(1000));
        assertThat(quota.available(Quota.Unit.TOKENS).getAsLong()).isBetween(full - 1000 - 1, full - 1000 + 20);

        Quota.Permit q = quota.acquire(FOX, "fake");
        q.succeeded(result(100)); // less than estimated: the rest comes back
        assertThat(quota.available(Quota.Unit.TOKENS).getAsLong()).isBetween(full - 1100 - 1, full - 1100 + 20);
    }

    @Test
    void should_refund_what_the_vendor_did_not_count() {
        Quota quota = Quota.builder("q").requestsPerMinute(1).imagesPerMinute(1).tokensPerMinute(100)
                .burst(Duration.ofHours(1)).build();
        long requests = quota.available(Quota.Unit.REQUESTS).getAsLong();
        long images = quota.available(Quota.Unit.IMAGES).getAsLong();
        long tokens = quota.available(Quota.Unit.TOKENS).getAsLong();
        long estimate = 274;

        // nothing sent (connect failure, local validation): everything back
        quota.acquire(FOX, "fake").failed(new RetryableException("connection refused"));
        quota.acquire(FOX, "fake").failed(new InvalidRequestException("size", "bad size"));
        assertThat(quota.available(Quota.Unit.REQUESTS)).hasValue(requests);
        assertThat(quota.available(Quota.Unit.IMAGES)).hasValue(images);
        assertThat(quota.available(Quota.Unit.TOKENS).getAsLong()).isBetween(tokens - 1, tokens);

        // the vendor refused the request (HTTP 400): the request and image stay counted, the tokens come back
        quota.acquire(FOX, "fake").failed(new InvalidRequestException("bad", null, "fake", 400, "req_1", null,
                "size"));
        assertThat(quota.available(Quota.Unit.REQUESTS)).hasValue(requests - 1);
        assertThat(quota.available(Quota.Unit.IMAGES)).hasValue(images - 1);
        assertThat(quota.available(Quota.Unit.TOKENS).getAsLong()).isBetween(tokens - 1, tokens);

        // outcome unknown (may be generated): nothing comes back
        quota.acquire(FOX, "fake").failed(new ResultUnknownException("reset after sending", null, "fake", 0, "req_2"));
        assertThat(quota.available(Quota.Unit.REQUESTS)).hasValue(requests - 2);
        assertThat(quota.available(Quota.Unit.IMAGES)).hasValue(images - 2);
        assertThat(quota.available(Quota.Unit.TOKENS).getAsLong()).isBetween(tokens - estimate, tokens - estimate + 5);

        // settling twice does nothing
        Quota.Permit p = quota.acquire(FOX, "fake");
        p.failed(new RetryableException("refused"));
        p.failed(new RetryableException("refused"));
        p.succeeded(result(5000));
        assertThat(quota.available(Quota.Unit.REQUESTS)).hasValue(requests - 2);
    }

    @Test
    void should_drain_every_bucket_for_a_vendor_429_delay() {
        Quota quota = Quota.builder("q").requestsPerMinute(600).imagesPerMinute(600).burst(Duration.ofSeconds(1))
                .build();
        quota.acquire(FOX, "fake").failed(new RateLimitException("Rate limit reached", null, "fake", 429, "req_1",
                null, Duration.ofSeconds(2)));
        // 2 s at 10 per second: 20 owed (a little refill may have come in since)
        assertThat(quota.available(Quota.Unit.REQUESTS).getAsLong()).isBetween(-20L, -18L);
        assertThat(quota.available(Quota.Unit.IMAGES).getAsLong()).isBetween(-20L, -18L);
    }

    @Test
    void should_fail_closed_naming_the_quota_and_the_store_when_the_store_is_down() {
        Quota quota = Quota.builder("azure-east").imagesPerMinute(60).store(new DownStore()).build();

        assertThatThrownBy(() -> quota.acquire(FOX, "azure"))
                .isInstanceOf(QuotaUnavailableException.class)
                .isInstanceOf(RetryableException.class)
                .hasMessageContaining("quota 'azure-east'")
                .hasMessageContaining("redis://cache:6379/0 is unavailable")
                .hasMessageContaining("RedisConnectionException: Unable to connect")
                .hasMessageContaining("nothing was sent")
                .hasMessageContaining("fail-open");
    }

    @Test
    void should_let_calls_through_when_fail_open_and_the_store_is_down() {
        Quota quota = Quota.builder("q").imagesPerMinute(60).store(new DownStore()).failOpen(true).build();
        Quota.Permit p = quota.acquire(FOX, "fake");
        assertThat(p.taken(Quota.Unit.IMAGES)).isZero();
        p.succeeded(result(100)); // settling against a store that is down never throws
    }

    @Test
    void should_reject_bad_limits_naming_the_rule_and_the_value() {
        assertThatThrownBy(() -> Quota.builder("q").build()).hasMessageContaining("needs at least one limit");
        assertThatThrownBy(() -> Quota.builder("q").imagesPerMinute(0).build())
                .hasMessageContaining("images per minute 0 must be at least 1");
        assertThatThrownBy(() -> Quota.builder("a b").imagesPerMinute(1).build())
                .hasMessageContaining("quota name 'a b' must be");
        assertThatThrownBy(() -> Quota.builder("q").imagesPerMinute(1).burst(Duration.ZERO).build())
                .hasMessageContaining("burst PT0S must be above zero");
        assertThatThrownBy(() -> Quota.builder("q").imagesPerMinute(1).maxWait(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("max-wait PT-1S must not be negative");
    }

    @Test
    void should_give_back_what_it_took_when_interrupted_while_waiting() throws Exception {
        Quota quota = Quota.builder("q").imagesPerMinute(6).burst(Duration.ofSeconds(10)).build(); // capacity 1
        quota.acquire(FOX, "fake");
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> quota.acquire(FOX, "fake"))
                .isInstanceOf(ImageGenerationException.class)
                .hasMessageContaining("interrupted while waiting for quota 'q'");
        assertThat(Thread.interrupted()).isTrue();
        assertThat(quota.available(Quota.Unit.IMAGES).getAsLong()).isBetween(0L, 1L);
    }

    /** A store whose server cannot be reached. */
    static final class DownStore implements QuotaStore {
        @Override
        public Bucket bucket(String key, BucketConfiguration configuration) {
            throw new IllegalStateException(new RedisConnectionException("Unable to connect to cache:6379"));
        }

        @Override
        public String describe() {
            return "redis://cache:6379/0";
        }
    }

    /** Stands in for Lettuce's exception of the same name. */
    static final class RedisConnectionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedisConnectionException(String message) {
            super(message);
        }
    }
}
