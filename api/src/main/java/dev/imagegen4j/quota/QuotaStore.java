package dev.imagegen4j.quota;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/**
 * Where the token buckets of {@link Quota}s live. Every quota and every process that asks one store for the
 * same key shares one bucket: {@link #inMemory()} shares within a JVM; {@code imagegen4j-quota-redis} shares
 * across machines through Redis. Implementations hand out Bucket4j buckets (local buckets or proxies of
 * distributed ones), so quota arithmetic (reservations, refunds, debt) is Bucket4j's in every store.
 *
 * <p>Implementations are thread-safe. Operations on a returned bucket may throw a {@link RuntimeException} when
 * the store is unreachable; a quota then applies its {@link Quota.Builder#failOpen(boolean) failure policy}.
 */
public interface QuotaStore extends AutoCloseable {

    /** A new store keeping buckets in this JVM's memory. */
    static QuotaStore inMemory() {
        return new InMemoryQuotaStore();
    }

    /**
     * The bucket called {@code key}, created with {@code configuration} if it does not exist yet. When it exists
     * with another configuration, the store replaces that configuration (keeping the tokens in proportion), so
     * the latest limits win; all users of one quota should configure the same limits.
     *
     * @param key           the quota's name and unit, e.g. {@code azure-east:images}
     * @param configuration one bandwidth: capacity (the burst) and greedy refill per minute
     */
    Bucket bucket(String key, BucketConfiguration configuration);

    /** What the store is, for messages: {@code memory} or e.g. {@code redis://cache.internal:6379/0} (never a password). */
    String describe();

    /** Releases connections. Idempotent. The default does nothing. */
    @Override
    default void close() {
    }
}
