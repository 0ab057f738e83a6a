package dev.imagegen4j.quota;

import dev.imagegen4j.spi.ProviderSettings;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Opens {@link QuotaStore}s for URI schemes, found with {@link java.util.ServiceLoader} (register the class in
 * {@code META-INF/services/dev.imagegen4j.quota.QuotaStoreProvider}). {@code imagegen4j-quota-redis} provides
 * {@code redis} and {@code rediss}. Used by configuration files ({@code quotas: { q: { store: redis://... } } }).
 */
public interface QuotaStoreProvider {

    /** The URI schemes this provider opens, e.g. {@code redis}, {@code rediss}. */
    Set<String> schemes();

    /** The setting keys {@link #open} reads besides the URI (e.g. {@code username}, {@code password}, {@code timeout}). */
    Set<String> settingKeys();

    /**
     * Opens a store. Should not connect yet: a store that cannot be reached fails each bucket operation, so the
     * quota's failure policy decides, and the store tries again on the next operation.
     *
     * @param uri      the store's address, without credentials
     * @param settings the other settings (secrets as {@link dev.imagegen4j.Secret}s)
     * @throws IllegalArgumentException naming the problem (never a password) when the URI or a setting is invalid
     */
    QuotaStore open(URI uri, ProviderSettings settings);

    /**
     * The installed provider of {@code scheme} (case-insensitive), if any. A provider that fails to load is skipped.
     */
    static Optional<QuotaStoreProvider> forScheme(String scheme, ClassLoader classLoader) {
        String wanted = scheme.toLowerCase(Locale.ROOT);
        ServiceLoader<QuotaStoreProvider> loader = ServiceLoader.load(QuotaStoreProvider.class, classLoader);
        for (var it = loader.iterator(); ; ) {
            QuotaStoreProvider p;
            try {
                if (!it.hasNext()) {
                    return Optional.empty();
                }
                p = it.next();
            } catch (java.util.ServiceConfigurationError broken) {
                continue;
            }
            if (p.schemes().contains(wanted)) {
                return Optional.of(p);
            }
        }
    }
}
