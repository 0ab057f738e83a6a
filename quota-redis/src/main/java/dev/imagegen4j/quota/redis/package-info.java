/**
 * Quotas shared by many machines: {@link dev.imagegen4j.quota.redis.RedisQuotaStore} keeps the Bucket4j buckets of
 * {@link dev.imagegen4j.quota.Quota}s in Redis through Bucket4j's Lettuce {@code ProxyManager}.
 * {@link dev.imagegen4j.quota.redis.RedisEndpoint} parses {@code redis://host:port/db} addresses (also used by the
 * CLI's batch coordinator).
 */
package dev.imagegen4j.quota.redis;
