package dev.imagegen4j.quota;

import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.internal.Redaction;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vendor quota shared by every generator that uses it (two Azure deployments of one resource, every machine of
 * a batch): requests, images and tokens per minute, any subset. Each limited unit is a Bucket4j token bucket in
 * the quota's {@link QuotaStore}, refilled continuously at the limit per minute and holding at most
 * {@link Builder#burst(Duration) burst}'s worth (default 10 seconds: one image per second under 60 images/min,
 * with up to 10 at once), so callers on all machines are spread out rather than stampeding.
 *
 * <h2>One call</h2>
 * <ol>
 *   <li>Before sending, {@link #acquire} takes 1 request and {@code n} images and reserves an estimate of the
 *       tokens (from the size, quality, prompt and reference images; high rather than low). A reservation is a
 *       slot in the future: the call waits for it. A call that would wait longer than
 *       {@link Builder#maxWait(Duration) max-wait} (default 60 s) takes nothing and fails with a
 *       {@link QuotaWaitException} (a {@link RateLimitException} naming the quota), without sending; a route fails
 *       over at once. A call larger than the burst waits for a full bucket and leaves the rest as debt that later
 *       callers wait for.</li>
 *   <li>After a success, {@link Permit#succeeded} charges or refunds the difference between the estimate and the
 *       vendor's reported usage.</li>
 *   <li>After a failure, {@link Permit#failed} refunds what the vendor did not count: everything when nothing was
 *       sent or the vendor answered 429; the tokens when the vendor refused the request; nothing when the outcome
 *       is unknown (it may have been generated). A vendor 429 with a delay also drains every bucket of the quota
 *       for that delay ({@link #backOff}), so every user of the quota, on every machine, backs off together.</li>
 * </ol>
 *
 * <h2>When the store is unavailable</h2>
 * By default a quota fails closed: a call whose quota cannot be checked is not sent, and fails with a
 * {@link QuotaUnavailableException} naming the quota and the store. With {@link Builder#failOpen(boolean)} the call
 * is sent without the quota (a WARN is logged at most every 30 s). Corrections after a call never fail it: a paid
 * result is always returned.
 *
 * <p>Immutable configuration; thread-safe. All processes using one quota name in one shared store should give it
 * the same limits (a process whose limits differ replaces the stored ones).
 */
public final class Quota {

    private static final Logger LOG = LoggerFactory.getLogger(Quota.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** The default burst: 10 seconds' worth of each limit (Azure evaluates rates over 1 or 10 second windows). */
    public static final Duration DEFAULT_BURST = Duration.ofSeconds(10);

    /** The default longest wait for a slot before a call fails (or fails over): 60 s, the route's retry ceiling. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);

    /** What a quota counts. */
    public enum Unit {
        /** Calls to the vendor. */
        REQUESTS,
        /** Images asked for ({@code n}). */
        IMAGES,
        /** Tokens (input + output), as the vendor reports them. */
        TOKENS;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String name;
    private final Map<Unit, Long> perMinute;
    private final Map<Unit, Long> capacity;
    private final Map<Unit, BucketConfiguration> configurations;
    private final Duration burst;
    private final Duration maxWait;
    private final QuotaStore store;
    private final boolean failOpen;
    private final Map<Unit, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    private Quota(Builder b) {
        this.name = b.name;
        this.perMinute = new EnumMap<>(b.perMinute);
        this.burst = b.burst;
        this.maxWait = b.maxWait;
        this.store = b.store != null ? b.store : QuotaStore.inMemory();
        this.failOpen = b.failOpen;
        this.capacity = new EnumMap<>(Unit.class);
        this.configurations = new EnumMap<>(Unit.class);
        perMinute.forEach((unit, limit) -> {
            long cap = Math.max(1, (long) Math.ceil(limit * (double) burst.toNanos() / MINUTE_NANOS));
            capacity.put(unit, cap);
            configurations.put(unit, BucketConfiguration.builder()
                    .addLimit(l -> l.capacity(cap).refillGreedy(limit, Duration.ofMinutes(1)).initialTokens(cap))
                    .build());
        });
    }

    /**
     * A builder for the quota called {@code name}: 1-100 letters, digits, '.', '_' or '-' (it names the buckets in
     * the store, e.g. the Redis keys {@code imagegen4j:quota:NAME:images}).
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The quota's name. */
    public String name() {
        return name;
    }

    /** The limit per minute of {@code unit}, if the quota limits it. */
    public OptionalLong perMinute(Unit unit) {
        Long v = perMinute.get(unit);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** How much of {@code unit} the quota lets through at once (its bucket's capacity), if it limits it. */
    public OptionalLong capacity(Unit unit) {
        Long v = capacity.get(unit);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** The burst (see {@link Builder#burst(Duration)}). */
    public Duration burst() {
        return burst;
    }

    /** The longest wait for a slot (see {@link Builder#maxWait(Duration)}). */
    public Duration maxWait() {
        return maxWait;
    }

    /** Whether calls are sent without the quota while its store is unavailable. */
    public boolean failOpen() {
        return failOpen;
    }

    /** The store's description, e.g. {@code memory} or {@code redis://cache:6379/0}. */
    public String store() {
        return store.describe();
    }

    /**
     * What the bucket of {@code unit} holds now (negative while callers wait for reserved slots), if the quota
     * limits it.
     *
     * @throws RuntimeException from the store when it is unavailable
     */
    public OptionalLong available(Unit unit) {
        if (!perMinute.containsKey(unit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(bucket(unit).getAvailableTokens());
    }

    /**
     * Takes what {@code request} needs from every limited bucket, waiting for its slot.
     *
     * @param providerId the generator the call is for, named in exceptions
     * @return the permit to settle after the call
     * @throws QuotaWaitException         when the slot is further away than max-wait (nothing was taken)
     * @throws QuotaUnavailableException  when the store is unavailable and the quota fails closed
     * @throws ImageGenerationException   when interrupted while waiting (what was taken is given back)
     */
    public Permit acquire(ImageRequest request, String providerId) {
        Objects.requireNonNull(request, "request");
        Map<Unit, Long> amounts = new EnumMap<>(Unit.class);
        amounts.put(Unit.REQUESTS, 1L);
        amounts.put(Unit.IMAGES, (long) Math.max(1, request.count()));
        if (perMinute.containsKey(Unit.TOKENS)) {
            amounts.put(Unit.TOKENS, dev.imagegen4j.Usage.estimate(request).totalTokens());
        }
        Map<Unit, Long> taken = new EnumMap<>(Unit.class);
        long waitNanos = 0;
        long maxWaitNanos = Math.max(1, maxWait.toNanos());
        try {
            for (Map.Entry<Unit, Long> e : amounts.entrySet()) {
                Unit unit = e.getKey();
                if (!perMinute.containsKey(unit)) {
                    continue;
                }
                long amount = e.getValue();
                long upfront = Math.min(amount, capacity.get(unit));
                Bucket bucket = bucket(unit);
                SlotRecorder slot = new SlotRecorder();
                boolean reserved;
                try {
                    reserved = bucket.asBlocking().tryConsume(upfront, maxWaitNanos, slot);
                } catch (InterruptedException impossible) {
                    Thread.currentThread().interrupt(); // the recorder never parks
                    reserved = false;
                }
                if (!reserved) {
                    long needed = bucket.estimateAbilityToConsume(upfront).getNanosToWaitForRefill();
                    giveBack(taken);
                    throw tooLong(unit, amount, needed, providerId);
                }
                taken.put(unit, upfront);
                if (amount > upfront) {
                    bucket.consumeIgnoringRateLimits(amount - upfront);
                    taken.put(unit, amount);
                }
                waitNanos = Math.max(waitNanos, slot.nanos);
            }
        } catch (QuotaWaitException e) {
            throw e;
        } catch (RuntimeException storeFailure) {
            giveBack(taken);
            if (failOpen) {
                warnOpen(storeFailure);
                return new Permit(new EnumMap<>(Unit.class));
            }
            throw new QuotaUnavailableException("quota '" + name + "': its store " + store.describe()
                    + " is unavailable (" + describe(storeFailure) + "); nothing was sent. The quota fails closed; "
                    + "set on-unavailable: fail-open (Quota.Builder.failOpen) to send without it while the store is "
                    + "down", storeFailure, providerId, name);
        }
        if (waitNanos > 0) {
            try {
                long deadline = System.nanoTime() + waitNanos;
                for (long left = waitNanos; left > 0; left = deadline - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                giveBack(taken);
                throw new ImageGenerationException("interrupted while waiting for quota '" + name + "'; nothing was "
                        + "sent", e, providerId, 0, null, null);
            }
        }
        return new Permit(taken);
    }

    /**
     * Drains every bucket of this quota so that nothing more is let through for at least {@code delay}: what a
     * vendor's 429 with a retry delay does, so every user of the quota backs off together. Callers already
     * holding a slot within the delay keep it. Store failures are logged, not thrown.
     */
    public void backOff(Duration delay) {
        if (delay == null || delay.isNegative() || delay.isZero()) {
            return;
        }
        try {
            for (Map.Entry<Unit, Long> e : perMinute.entrySet()) {
                long debt = (long) Math.ceil(e.getValue() * (double) delay.toNanos() / MINUTE_NANOS);
                Bucket bucket = bucket(e.getKey());
                long drain = bucket.getAvailableTokens() + debt;
                if (drain > 0) {
                    bucket.consumeIgnoringRateLimits(drain);
                }
            }
            LOG.debug("quota {}: drained for {} ms after a vendor rate limit", name, delay.toMillis());
        } catch (RuntimeException e) {
            warn("could not drain quota '" + name + "' after a vendor rate limit: its store " + store.describe()
                    + " is unavailable (" + describe(e) + ")");
        }
    }

    private Bucket bucket(Unit unit) {
        Bucket b = buckets.get(unit);
        if (b == null) {
            b = store.bucket(name + ":" + unit.key(), configurations.get(unit));
            buckets.putIfAbsent(unit, b);
        }
        return b;
    }

    private void giveBack(Map<Unit, Long> taken) {
        for (Map.Entry<Unit, Long> e : taken.entrySet()) {
            if (e.getValue() > 0) {
                try {
                    bucket(e.getKey()).addTokens(e.getValue());
                } catch (RuntimeException ex) {
                    LOG.debug("quota {}: could not give back {} {}: {}", name, e.getValue(), e.getKey().key(),
                            describe(ex));
                }
            }
        }
    }

    private QuotaWaitException tooLong(Unit unit, long amount, long neededNanos, String providerId) {
        Duration needed = Duration.ofNanos(Math.max(0, neededNanos));
        String what = amount + " " + (amount == 1 ? unit.key().replaceAll("s$", "") : unit.key());
        return new QuotaWaitException("quota '" + name + "': " + what + " would be available in "
                + seconds(needed) + ", more than its max-wait of " + seconds(maxWait) + " (" + perMinute.get(unit)
                + " " + unit.key() + " per minute, burst " + capacity.get(unit) + "); nothing was sent", providerId,
                name, needed);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private void warnOpen(RuntimeException e) {
        warn("quota '" + name + "': its store " + store.describe() + " is unavailable (" + describe(e)
                + "); sending without the quota (on-unavailable: fail-open)");
    }

    private void warn(String message) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn(message);
        } else {
            LOG.debug(message);
        }
    }

    /** The class and message of a store failure, with credential-shaped text masked. */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null
                || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? "" : ": " + t.getMessage().replaceAll("[\\r\\n]+", " ");
        return Redaction.bounded(Redaction.secretShapes(t.getClass().getSimpleName() + m), 300);
    }

    @Override
    public String toString() {
        List<String> limits = new ArrayList<>();
        perMinute.forEach((u, l) -> limits.add(l + " " + u.key() + "/min"));
        return "Quota[" + name + ", " + String.join(", ", limits) + ", burst " + burst + ", max-wait " + maxWait
                + ", store " + store.describe() + ", " + (failOpen ? "fail-open" : "fail-closed") + "]";
    }

    /** Records the wait of a reservation instead of parking: reserve-and-tell in one atomic bucket operation. */
    private static final class SlotRecorder implements BlockingStrategy {
        long nanos;

        @Override
        public void park(long nanosToPark) {
            nanos = nanosToPark;
        }
    }

    /**
     * What one call took from the quota, to settle after the call: exactly one of {@link #succeeded} and
     * {@link #failed}. Thread-safe; settling twice does nothing. Never throws for store failures.
     */
    public final class Permit {
        private final Map<Unit, Long> taken;
        private boolean settled;

        private Permit(Map<Unit, Long> taken) {
            this.taken = taken;
        }

        /** What was taken of {@code unit} (0 when not limited, or when sent without the quota). */
        public long taken(Unit unit) {
            return taken.getOrDefault(unit, 0L);
        }

        /** The call succeeded: tokens are corrected from the vendor's reported usage (kept as estimated if none). */
        public synchronized void succeeded(ImageResult result) {
            if (settled) {
                return;
            }
            settled = true;
            long reserved = taken(Unit.TOKENS);
            if (reserved == 0 || result == null || result.usage().isEmpty()) {
                return;
            }
            long used = result.usage().get().totalTokens();
            try {
                Bucket tokens = bucket(Unit.TOKENS);
                if (used > reserved) {
                    tokens.consumeIgnoringRateLimits(used - reserved);
                } else if (used < reserved) {
                    tokens.addTokens(reserved - used);
                }
            } catch (RuntimeException e) {
                warn("quota '" + name + "': could not correct the token estimate (" + reserved + " reserved, " + used
                        + " used): its store " + store.describe() + " is unavailable (" + describe(e) + ")");
            }
        }

        /**
         * The call failed with {@code error}: refunds what the vendor did not count (everything when nothing was
         * sent or it answered 429; the tokens when it refused the request; nothing when the outcome is unknown),
         * and drains the quota for a 429's delay.
         */
        public synchronized void failed(Throwable error) {
            if (settled) {
                return;
            }
            settled = true;
            Map<Unit, Long> refund = new EnumMap<>(Unit.class);
            if (error instanceof RateLimitException && !(error instanceof QuotaWaitException)) {
                refund.putAll(taken);
            } else if (error instanceof ResultUnknownException || !(error instanceof ImageGenerationException)) {
                return; // it may have been generated and counted
            } else if (((ImageGenerationException) error).httpStatus().isPresent()) {
                refund.put(Unit.TOKENS, taken(Unit.TOKENS));
            } else {
                refund.putAll(taken);
            }
            giveBack(refund);
            if (error instanceof RateLimitException && !(error instanceof QuotaWaitException) && !taken.isEmpty()) {
                ((RateLimitException) error).retryAfter().ifPresent(Quota.this::backOff);
            }
        }
    }

    /** Builds a {@link Quota}. Not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private final String name;
        private final Map<Unit, Long> perMinute = new EnumMap<>(Unit.class);
        private Duration burst = DEFAULT_BURST;
        private Duration maxWait = DEFAULT_MAX_WAIT;
        private QuotaStore store;
        private boolean failOpen;

        private Builder(String name) {
            this.name = name;
        }

        /** Requests per minute. Default: not limited. */
        public Builder requestsPerMinute(long limit) {
            return perMinute(Unit.REQUESTS, limit);
        }

        /** Images per minute. Default: not limited. */
        public Builder imagesPerMinute(long limit) {
            return perMinute(Unit.IMAGES, limit);
        }

        /** Tokens per minute (input + output). Default: not limited. */
        public Builder tokensPerMinute(long limit) {
            return perMinute(Unit.TOKENS, limit);
        }

        /** The limit per minute of {@code unit}; validated in {@link #build()} (at least 1). */
        public Builder perMinute(Unit unit, long limit) {
            perMinute.put(Objects.requireNonNull(unit, "unit"), limit);
            return this;
        }

        /**
         * How much may go at once, as a time's worth of each limit (at least one of each unit). Default
         * {@link #DEFAULT_BURST} (10 s); {@code Duration.ofMinutes(1)} lets a whole minute's worth go at once.
         */
        public Builder burst(Duration burst) {
            this.burst = Objects.requireNonNull(burst, "burst");
            return this;
        }

        /**
         * The longest a call waits for its slot; a call that would wait longer fails with a
         * {@link QuotaWaitException} without sending. Default {@link #DEFAULT_MAX_WAIT} (60 s); zero never waits.
         */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
            return this;
        }

        /**
         * Where the buckets live. Default: a new {@link QuotaStore#inMemory()} store of this quota. The caller
         * owns the store and closes it.
         */
        public Builder store(QuotaStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Send without the quota while its store is unavailable (logged). Default false: fail closed. */
        public Builder failOpen(boolean failOpen) {
            this.failOpen = failOpen;
            return this;
        }

        /**
         * The quota.
         *
         * @throws IllegalArgumentException naming the rule and the value: a bad name, no limit, a limit below 1,
         *                                  a burst not above zero or over an hour, a negative max-wait
         */
        public Quota build() {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("quota name '" + name + "' must be 1-100 letters, digits, '.', '_' "
                        + "or '-', starting with a letter or digit");
            }
            if (perMinute.isEmpty()) {
                throw new IllegalArgumentException("quota '" + name + "' needs at least one limit: requests, images "
                        + "or tokens per minute");
            }
            perMinute.forEach((unit, limit) -> {
                if (limit < 1) {
                    throw new IllegalArgumentException("quota '" + name + "': " + unit.key() + " per minute " + limit
                            + " must be at least 1");
                }
            });
            if (burst.isNegative() || burst.isZero() || burst.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("quota '" + name + "': burst " + burst + " must be above zero and "
                        + "at most 1 hour");
            }
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("quota '" + name + "': max-wait " + maxWait
                        + " must not be negative");
            }
            return new Quota(this);
        }
    }
}
