package dev.imagegen4j.quota;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bucket4j local buckets in a map: one JVM. Thread-safe. */
final class InMemoryQuotaStore implements QuotaStore {

    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();

    private static final class Entry {
        final Bucket bucket;
        volatile BucketConfiguration configuration;

        Entry(BucketConfiguration configuration) {
            var b = Bucket.builder().withNanosecondPrecision();
            for (var bandwidth : configuration.getBandwidths()) {
                b.addLimit(bandwidth);
            }
            this.bucket = b.build();
            this.configuration = configuration;
        }
    }

    @Override
    public Bucket bucket(String key, BucketConfiguration configuration) {
        Entry e = buckets.computeIfAbsent(key, k -> new Entry(configuration));
        synchronized (e) {
            if (!e.configuration.equals(configuration)) {
                e.bucket.replaceConfiguration(configuration, TokensInheritanceStrategy.PROPORTIONALLY);
                e.configuration = configuration;
            }
        }
        return e.bucket;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public String toString() {
        return "QuotaStore[memory, " + buckets.size() + " buckets]";
    }
}
