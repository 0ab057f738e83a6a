package dev.imagegen4j.quota.redis;

import dev.imagegen4j.quota.QuotaStore;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link QuotaStore} in Redis: each bucket is a Bucket4j proxy (compare-and-swap through Lettuce) under the key
 * {@code imagegen4j:quota:NAME:UNIT}, which expires a minute after the bucket would be full again. Every process
 * that uses the same Redis database and quota name shares the bucket.
 *
 * <p>Connects on first use; while Redis is unreachable every bucket operation fails within the endpoint's timeout
 * (the quota's failure policy decides), a new connection is tried at most once a second, and an established
 * connection reconnects by itself. Bucket arithmetic uses each client's clock: keep the machines' clocks in sync
 * (NTP); a clock ahead by {@code d} lets through at most {@code d}'s worth of the limit early. Thread-safe; close it
 * to disconnect.
 */
public final class RedisQuotaStore implements QuotaStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisQuotaStore.class);
    private static final String PREFIX = "imagegen4j:quota:";
    private static final long RETRY_CONNECT_NANOS = Duration.ofSeconds(1).toNanos();

    private final RedisEndpoint endpoint;
    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> connection;
    private ProxyManager<byte[]> proxies;
    private long nextConnectAttempt;
    private RuntimeException lastFailure;
    private boolean closed;

    private RedisQuotaStore(RedisEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** A store on {@code endpoint}; nothing is connected until the first bucket is asked for. */
    public static RedisQuotaStore create(RedisEndpoint endpoint) {
        return new RedisQuotaStore(Objects.requireNonNull(endpoint, "endpoint"));
    }

    @Override
    public Bucket bucket(String key, BucketConfiguration configuration) {
        byte[] redisKey = (PREFIX + key).getBytes(StandardCharsets.UTF_8);
        ProxyManager<byte[]> pm = proxies();
        Optional<BucketConfiguration> stored = pm.getProxyConfiguration(redisKey);
        Bucket bucket = pm.builder().build(redisKey, () -> configuration);
        if (stored.isPresent() && !stored.get().equals(configuration)) {
            LOG.warn("quota bucket {} in {} had other limits ({}); replacing them with this process's ({}). Give "
                    + "every process the same limits for one quota", PREFIX + key, endpoint.describe(), stored.get(),
                    configuration);
            bucket.replaceConfiguration(configuration, TokensInheritanceStrategy.PROPORTIONALLY);
        }
        return bucket;
    }

    private synchronized ProxyManager<byte[]> proxies() {
        if (closed) {
            throw new IllegalStateException("quota store " + endpoint.describe() + " is closed");
        }
        if (proxies != null) {
            return proxies;
        }
        long now = System.nanoTime();
        if (lastFailure != null && now - nextConnectAttempt < 0) {
            throw lastFailure;
        }
        try {
            if (client == null) {
                if (endpoint.hasPassword() && !endpoint.describe().startsWith("rediss:") && !endpoint.isLoopback()) {
                    LOG.warn("quota store {}: the Redis password is sent over plain TCP; use rediss:// (TLS) outside "
                            + "a trusted network", endpoint.describe());
                }
                client = endpoint.newClient();
            }
            connection = client.connect(ByteArrayCodec.INSTANCE);
            proxies = Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                            Duration.ofMinutes(1)))
                    .build();
            lastFailure = null;
            return proxies;
        } catch (RuntimeException e) {
            lastFailure = e instanceof RedisConnectionException ? e
                    : new RedisConnectionException("cannot connect to " + endpoint.describe() + ": "
                            + e.getClass().getSimpleName(), e);
            nextConnectAttempt = now + RETRY_CONNECT_NANOS;
            throw lastFailure;
        }
    }

    @Override
    public String describe() {
        return endpoint.describe();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (connection != null) {
                connection.close();
            }
        } finally {
            if (client != null) {
                RedisEndpoint.shutdown(client);
            }
        }
    }

    @Override
    public String toString() {
        return "RedisQuotaStore[" + endpoint.describe() + "]";
    }
}
