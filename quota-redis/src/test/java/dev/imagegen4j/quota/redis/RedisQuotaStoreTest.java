package dev.imagegen4j.quota.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.Secret;
import dev.imagegen4j.quota.Quota;
import dev.imagegen4j.quota.QuotaStoreProvider;
import dev.imagegen4j.quota.QuotaUnavailableException;
import dev.imagegen4j.quota.QuotaWaitException;
import dev.imagegen4j.spi.ProviderSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Quotas in a real Redis: two stores (two connections, as two machines have) share one bucket. */
class RedisQuotaStoreTest {

    private static final ImageRequest FOX = ImageRequest.builder().prompt("a fox").model(ModelId.GPT_IMAGE_2).build();

    private static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Quota quota(String name, RedisQuotaStore store, int perMinute) {
        return Quota.builder(name).imagesPerMinute(perMinute).burst(Duration.ofSeconds(1)).store(store).build();
    }

    @Test
    void should_keep_two_machines_sharing_one_quota_within_it_together() throws Exception {
        String name = unique("resource");
        RedisEndpoint endpoint = RedisEndpoint.parse(TestRedis.url());
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        try (RedisQuotaStore machineA = RedisQuotaStore.create(endpoint);
                RedisQuotaStore machineB = RedisQuotaStore.create(endpoint)) {
            Quota a = quota(name, machineA, 600);
            Quota b = quota(name, machineB, 600);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    Quota q = i % 2 == 0 ? a : b;
                    fs.add(pool.submit(() -> {
                        q.acquire(FOX, "fake").succeeded(null);
                        times.add(System.nanoTime());
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        Collections.sort(times);
        double perNano = 600 / 60e9;
        for (int i = 0; i < times.size(); i++) {
            for (int j = i; j < times.size(); j++) {
                assertThat((double) (j - i + 1)).as("calls %d..%d", i, j)
                        .isLessThanOrEqualTo(10 + perNano * (times.get(j) - times.get(i)) + 1);
            }
        }
        // 40 at 10 per second after a burst of 10: at least 3 s, whichever machine asked
        assertThat(times.get(times.size() - 1) - times.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(2800));
    }

    @Test
    void should_make_every_machine_back_off_after_one_machines_429() {
        String name = unique("backoff");
        RedisEndpoint endpoint = RedisEndpoint.parse(TestRedis.url());
        try (RedisQuotaStore machineA = RedisQuotaStore.create(endpoint);
                RedisQuotaStore machineB = RedisQuotaStore.create(endpoint)) {
            Quota a = quota(name, machineA, 600);
            Quota b = quota(name, machineB, 600);
            long start = System.nanoTime();
            a.acquire(FOX, "azure").failed(new RateLimitException("Rate limit reached", null, "azure", 429, "req_1",
                    null, Duration.ofMillis(1500)));
            b.acquire(FOX, "azure").succeeded(null);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1450));
        }
    }

    @Test
    void should_refuse_on_one_machine_what_the_other_took() {
        String name = unique("tight");
        RedisEndpoint endpoint = RedisEndpoint.parse(TestRedis.url());
        try (RedisQuotaStore machineA = RedisQuotaStore.create(endpoint);
                RedisQuotaStore machineB = RedisQuotaStore.create(endpoint)) {
            Quota a = Quota.builder(name).imagesPerMinute(6).burst(Duration.ofSeconds(10)).maxWait(Duration.ZERO)
                    .store(machineA).build();
            Quota b = Quota.builder(name).imagesPerMinute(6).burst(Duration.ofSeconds(10)).maxWait(Duration.ZERO)
                    .store(machineB).build();
            a.acquire(FOX, "azure");
            assertThatThrownBy(() -> b.acquire(FOX, "azure")).isInstanceOf(QuotaWaitException.class)
                    .hasMessageContaining("quota '" + name + "'");
            assertThat(b.available(Quota.Unit.IMAGES).getAsLong()).isBetween(0L, 1L);
        }
    }

    @Test
    void should_fail_closed_within_the_timeout_when_redis_is_unreachable_and_never_show_the_password()
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Secret password = Secret.of("redis-pass-7f3k2m9q");
        RedisEndpoint down = RedisEndpoint.parse("redis://127.0.0.1:" + port + "/0")
                .withCredentials(null, password).withTimeout(Duration.ofMillis(500));
        try (RedisQuotaStore store = RedisQuotaStore.create(down)) {
            Quota closed = Quota.builder(unique("down")).imagesPerMinute(60).store(store).build();
            long start = System.nanoTime();
            assertThatThrownBy(() -> closed.acquire(FOX, "azure"))
                    .isInstanceOf(QuotaUnavailableException.class)
                    .hasMessageContaining("its store redis://127.0.0.1:" + port + "/0 is unavailable")
                    .hasMessageContaining("nothing was sent")
                    .satisfies(e -> {
                        assertThat(password.isContainedIn(e.getMessage())).isFalse();
                        java.io.StringWriter trace = new java.io.StringWriter();
                        e.printStackTrace(new java.io.PrintWriter(trace));
                        assertThat(password.isContainedIn(trace.toString())).isFalse();
                    });
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
            assertThat(store.toString() + down + closed).doesNotContain("redis-pass");

            Quota open = Quota.builder(unique("down")).imagesPerMinute(60).store(store).failOpen(true).build();
            assertThat(open.acquire(FOX, "azure").taken(Quota.Unit.IMAGES)).isZero();
        }
    }

    @Test
    void should_return_the_result_even_when_redis_goes_away_after_sending() {
        RedisEndpoint endpoint = RedisEndpoint.parse(TestRedis.url());
        RedisQuotaStore store = RedisQuotaStore.create(endpoint);
        Quota q = Quota.builder(unique("gone")).imagesPerMinute(60).tokensPerMinute(100_000).store(store).build();
        Quota.Permit permit = q.acquire(FOX, "azure");
        store.close(); // the store is gone by the time the answer arrives
        permit.succeeded(null);
        Quota.Permit again = Quota.builder(unique("gone")).imagesPerMinute(60).store(store).failOpen(true).build()
                .acquire(FOX, "azure");
        again.failed(new RateLimitException("429", null, "azure", 429, null, null, Duration.ofSeconds(1)));
    }

    @Test
    void should_be_found_for_redis_urls_and_check_its_settings() {
        QuotaStoreProvider p = QuotaStoreProvider.forScheme("REDIS", getClass().getClassLoader()).orElseThrow();
        assertThat(p).isInstanceOf(RedisQuotaStoreProvider.class);
        assertThat(QuotaStoreProvider.forScheme("rediss", getClass().getClassLoader())).isPresent();
        assertThatThrownBy(() -> p.open(URI.create("redis://cache:6379/x"), ProviderSettings.empty()))
                .hasMessageContaining("the Redis URL's path is the database number");
        assertThatThrownBy(() -> p.open(URI.create("redis://cache:6379/0"), ProviderSettings.of(Map.of("timeout",
                "5m")))).hasMessageContaining("Redis timeout PT5M must be between 1 ms and 1 minute");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://user:s3cr3t-pw@cache:6379/0"))
                .hasMessageContaining("must not contain credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
        assertThatThrownBy(() -> RedisEndpoint.parse("http://cache:6379/0"))
                .hasMessageContaining("a Redis URL starts with redis:// or rediss://");
        assertThat(RedisEndpoint.parse("rediss://cache.internal/3").describe()).isEqualTo("rediss://cache.internal:6379/3");
    }
}
