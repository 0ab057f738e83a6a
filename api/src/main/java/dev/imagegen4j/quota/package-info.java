/**
 * Vendor quotas shared by every generator (and, with a shared store, every machine) that names them: requests,
 * images and tokens per minute, kept as Bucket4j token buckets in a {@link dev.imagegen4j.quota.QuotaStore}
 * (in memory for one JVM; Redis with {@code imagegen4j-quota-redis}). A {@link dev.imagegen4j.quota.Quota} is
 * applied to a generator with {@link dev.imagegen4j.routing.ImageRouter#quota}, or with {@code quota: NAME} in a
 * configuration file.
 */
package dev.imagegen4j.quota;
