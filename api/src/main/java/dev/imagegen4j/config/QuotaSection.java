package dev.imagegen4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.internal.Suggestions;
import dev.imagegen4j.quota.Quota;
import dev.imagegen4j.quota.QuotaStore;
import dev.imagegen4j.quota.QuotaStoreProvider;
import dev.imagegen4j.routing.ImageRouter;
import dev.imagegen4j.spi.ProviderSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code quotas:} section of a configuration file, and the stores its quotas live in while generators that
 * use them are open:
 *
 * <pre>
 * quotas:
 *   azure-east:
 *     store: redis://cache.internal:6379/0   # or memory (default): shared within this JVM
 *     password: ${REDIS_PASSWORD}            # optional; username: for Redis ACLs; timeout: 2s
 *     images-per-minute: 60                  # any subset of requests-, images-, tokens-per-minute
 *     tokens-per-minute: 500000
 *     burst: 10s                             # default 10s
 *     max-wait: 30s                          # default 60s
 *     on-unavailable: fail-closed            # or fail-open
 * </pre>
 *
 * A memory store is one per configuration instance (shared by its quotas, kept while the instance lives); a
 * Redis store is opened when the first generator using it is opened and closed with the last one.
 */
final class QuotaSection {

    static final Set<String> KEYS = Set.of("store", "requests-per-minute", "images-per-minute", "tokens-per-minute",
            "burst", "max-wait", "on-unavailable");

    /** The parsing helpers of the configuration reader (interpolation, messages with lines). */
    interface Parsing {
        ConfigException err(String path, String message);

        String text(JsonNode n, String path);

        Duration duration(JsonNode n, String path);

        Object value(JsonNode n, String path, String key);
    }

    private static final class Definition {
        final String name;
        final Map<Quota.Unit, Long> limits;
        final Duration burst;
        final Duration maxWait;
        final boolean failOpen;
        final URI store;
        final QuotaStoreProvider provider;
        final ProviderSettings storeSettings;

        Definition(String name, Map<Quota.Unit, Long> limits, Duration burst, Duration maxWait, boolean failOpen,
                URI store, QuotaStoreProvider provider, ProviderSettings storeSettings) {
            this.name = name;
            this.limits = limits;
            this.burst = burst;
            this.maxWait = maxWait;
            this.failOpen = failOpen;
            this.store = store;
            this.provider = provider;
            this.storeSettings = storeSettings;
        }

        String storeKey() {
            return store == null ? "memory" : store + " " + storeSettings.string("username").orElse("");
        }
    }

    private final Map<String, Definition> definitions;
    /** generator name -> its own quota; "route/member" -> the member's quota in that route. Filled while reading. */
    private final Map<String, String> assigned = new HashMap<>();
    private final QuotaStore memory = QuotaStore.inMemory();
    private final Map<String, Shared> open = new HashMap<>();

    private QuotaSection(Map<String, Definition> definitions) {
        this.definitions = Collections.unmodifiableMap(definitions);
    }

    static QuotaSection empty() {
        return new QuotaSection(Map.of());
    }

    Set<String> names() {
        return definitions.keySet();
    }

    boolean isEmpty() {
        return definitions.isEmpty();
    }

    /** Reads and checks the section; stores are not contacted. */
    static QuotaSection read(JsonNode node, Parsing p, ClassLoader classLoader) {
        Map<String, Definition> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return new QuotaSection(out);
        }
        if (!node.isObject()) {
            throw p.err("quotas", "'quotas' must be a mapping of names to { images-per-minute: 60, store: ... }");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String path = "quotas." + name;
            JsonNode q = e.getValue();
            if (!q.isObject()) {
                throw p.err(path, "a quota must be a mapping such as { images-per-minute: 60 }");
            }
            URI store = null;
            QuotaStoreProvider provider = null;
            String storeText = q.has("store") ? p.text(q.get("store"), path + ".store").strip() : "memory";
            if (!storeText.equalsIgnoreCase("memory")) {
                store = storeUri(storeText, path + ".store", p);
                provider = QuotaStoreProvider.forScheme(store.getScheme(), classLoader).orElse(null);
                if (provider == null) {
                    throw p.err(path + ".store", "no quota store for " + store.getScheme() + ":// is installed; add "
                            + "imagegen4j-quota-redis to the class path for redis:// and rediss://, or use "
                            + "store: memory");
                }
            }
            Set<String> known = new TreeSet<>(KEYS);
            if (provider != null) {
                known.addAll(provider.settingKeys());
            }
            ProviderSettings.Builder storeSettings = ProviderSettings.builder().name("quota '" + name + "'");
            Map<Quota.Unit, Long> limits = new LinkedHashMap<>();
            Duration burst = Quota.DEFAULT_BURST;
            Duration maxWait = Quota.DEFAULT_MAX_WAIT;
            boolean failOpen = false;
            for (Iterator<Map.Entry<String, JsonNode>> fs = q.fields(); fs.hasNext();) {
                Map.Entry<String, JsonNode> f = fs.next();
                String key = f.getKey();
                String at = path + "." + key;
                if (!known.contains(key)) {
                    boolean storeKey = provider == null && Set.of("username", "password", "timeout").contains(key);
                    throw p.err(at, storeKey ? "'" + key + "' applies to a shared store such as redis://; this quota's "
                            + "store is memory" : "unknown key '" + key + "'" + Suggestions.didYouMean(key, known)
                            + " (known: " + String.join(", ", known) + ")");
                }
                switch (key) {
                    case "store":
                        break;
                    case "requests-per-minute":
                        limits.put(Quota.Unit.REQUESTS, limit(f.getValue(), at, p));
                        break;
                    case "images-per-minute":
                        limits.put(Quota.Unit.IMAGES, limit(f.getValue(), at, p));
                        break;
                    case "tokens-per-minute":
                        limits.put(Quota.Unit.TOKENS, limit(f.getValue(), at, p));
                        break;
                    case "burst":
                        burst = p.duration(f.getValue(), at);
                        break;
                    case "max-wait":
                        maxWait = p.duration(f.getValue(), at);
                        break;
                    case "on-unavailable":
                        String policy = p.text(f.getValue(), at).strip().toLowerCase(Locale.ROOT);
                        if (!policy.equals("fail-closed") && !policy.equals("fail-open")) {
                            throw p.err(at, "on-unavailable '" + policy + "' must be fail-closed (the default: a call "
                                    + "whose quota cannot be checked is not sent) or fail-open (sent without the "
                                    + "quota)");
                        }
                        failOpen = policy.equals("fail-open");
                        break;
                    default:
                        storeSettings.put(key, p.value(f.getValue(), at, key));
                }
            }
            if (limits.isEmpty()) {
                throw p.err(path, "quota '" + name + "' needs at least one limit: requests-per-minute, "
                        + "images-per-minute or tokens-per-minute");
            }
            Definition d = new Definition(name, limits, burst, maxWait, failOpen, store, provider, storeSettings.build());
            try {
                build(d, QuotaStore.inMemory()); // the quota's own rules (name, burst, max-wait), before any use
            } catch (IllegalArgumentException ex) {
                throw p.err(path, ex.getMessage());
            }
            if (provider != null) {
                try {
                    provider.open(store, d.storeSettings).close(); // checks the settings; does not connect
                } catch (IllegalArgumentException ex) {
                    throw p.err(path, ex.getMessage());
                }
            }
            out.put(name, d);
        }
        return new QuotaSection(out);
    }

    private static URI storeUri(String text, String path, Parsing p) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw p.err(path, "store must be memory or a URL such as redis://host:6379/0 (not a valid URL: "
                    + e.getReason() + ")");
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw p.err(path, "store must be memory or a URL such as redis://host:6379/0");
        }
        if (uri.getRawUserInfo() != null) {
            throw p.err(path, "the store URL must not contain credentials (they would show in messages and "
                    + "process lists); give them as username: and password: ${VARIABLE} (the URL is not shown)");
        }
        return uri;
    }

    private static long limit(JsonNode n, String path, Parsing p) {
        long v;
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            v = n.asLong();
        } else if (n.isTextual()) {
            String s = p.text(n, path).strip().replace("_", "");
            try {
                v = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw p.err(path, "must be a whole number per minute (got '" + s + "')");
            }
        } else {
            throw p.err(path, "must be a whole number per minute (got " + n + ")");
        }
        if (v < 1) {
            throw p.err(path, v + " must be at least 1");
        }
        return v;
    }

    private static Quota build(Definition d, QuotaStore store) {
        Quota.Builder b = Quota.builder(d.name).burst(d.burst).maxWait(d.maxWait).failOpen(d.failOpen).store(store);
        d.limits.forEach(b::perMinute);
        return b.build();
    }

    /** Records, while reading, that generator {@code name} (a member of {@code route}, or alone) uses {@code quota}. */
    void assign(String name, String route, String quota) {
        assigned.put(route == null ? name : route + "/" + name, quota);
    }

    /**
     * Opens the quotas that {@code generators} use (alone when {@code route} is null, else as its members), for
     * generators being opened; closing the lease closes the shared stores no other open generator uses.
     */
    Lease lease(java.util.List<String> generators, String route) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (String g : generators) {
            java.util.Optional.ofNullable(assigned.get(g)).ifPresent(names::add);
            if (route != null) {
                java.util.Optional.ofNullable(assigned.get(route + "/" + g)).ifPresent(names::add);
            }
        }
        return lease(names);
    }

    private synchronized Lease lease(Set<String> names) {
        Map<String, Quota> quotas = new HashMap<>();
        Map<String, Shared> used = new HashMap<>();
        try {
            for (String name : names) {
                Definition d = definitions.get(name);
                QuotaStore store;
                if (d.store == null) {
                    store = memory;
                } else {
                    Shared s = used.get(d.storeKey());
                    if (s == null) {
                        s = open.get(d.storeKey());
                        if (s == null) {
                            s = new Shared(d.storeKey(), d.provider.open(d.store, d.storeSettings));
                            open.put(s.key, s);
                        }
                        s.refs++;
                        used.put(s.key, s);
                    }
                    store = s.store;
                }
                quotas.put(name, build(d, store));
            }
        } catch (RuntimeException e) {
            used.values().forEach(this::release);
            throw e;
        }
        return new Lease(quotas, used.values());
    }

    private synchronized void release(Shared s) {
        if (--s.refs == 0) {
            open.remove(s.key);
            s.store.close();
        }
    }

    private static final class Shared {
        final String key;
        final QuotaStore store;
        int refs;

        Shared(String key, QuotaStore store) {
            this.key = key;
            this.store = store;
        }
    }

    /** The quotas of generators being opened, and the shared stores they hold open. */
    final class Lease {
        private final Map<String, Quota> quotas;
        private final java.util.List<Shared> stores;
        private boolean closed;

        Lease(Map<String, Quota> quotas, java.util.Collection<Shared> stores) {
            this.quotas = quotas;
            this.stores = java.util.List.copyOf(stores);
        }

        /** {@code g} under its own quota (innermost), then under its quota as a member of {@code route}. */
        ImageGenerator wrap(String name, String route, ImageGenerator g) {
            ImageGenerator out = g;
            String own = assigned.get(name);
            if (own != null) {
                out = ImageRouter.quota(out, quotas.get(own));
            }
            String asMember = route == null ? null : assigned.get(route + "/" + name);
            if (asMember != null) {
                out = ImageRouter.quota(out, quotas.get(asMember));
            }
            return out;
        }

        /** The generator handed to the caller: closing it also releases the shared stores of this lease. */
        ImageGenerator wrapRoot(ImageGenerator g) {
            return stores.isEmpty() ? g : new LeasedGenerator(g, this);
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                stores.forEach(QuotaSection.this::release);
            }
        }
    }

    /** A generator that also closes the shared quota stores it was opened with. */
    static final class LeasedGenerator implements ImageGenerator {
        private final ImageGenerator delegate;
        private final Lease lease;

        LeasedGenerator(ImageGenerator delegate, Lease lease) {
            this.delegate = delegate;
            this.lease = lease;
        }

        @Override
        public ImageResult generate(ImageRequest request, ImageListener listener) {
            return delegate.generate(request, listener);
        }

        @Override
        public CompletableFuture<ImageResult> generateAsync(ImageRequest request) {
            return delegate.generateAsync(request);
        }

        @Override
        public ModelCapabilities capabilities(ModelId model) {
            return delegate.capabilities(model);
        }

        @Override
        public java.util.List<String> check(ImageRequest request) {
            return delegate.check(request);
        }

        @Override
        public dev.imagegen4j.DryRun dryRun(ImageRequest request) {
            return delegate.dryRun(request);
        }

        @Override
        public String providerId() {
            return delegate.providerId();
        }

        @Override
        public void close() {
            try {
                delegate.close();
            } finally {
                lease.close();
            }
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
