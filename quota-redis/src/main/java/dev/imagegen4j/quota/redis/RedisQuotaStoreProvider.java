package dev.imagegen4j.quota.redis;

import dev.imagegen4j.Secret;
import dev.imagegen4j.quota.QuotaStore;
import dev.imagegen4j.quota.QuotaStoreProvider;
import dev.imagegen4j.spi.ProviderSettings;
import java.net.URI;
import java.util.Set;

/**
 * {@code redis://} and {@code rediss://} quota stores for configuration files. Settings: {@code username}
 * (Redis ACL user), {@code password} (e.g. {@code ${REDIS_PASSWORD}}), {@code timeout} (connect and command
 * timeout, default 2 s).
 */
public final class RedisQuotaStoreProvider implements QuotaStoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss");
    }

    @Override
    public Set<String> settingKeys() {
        return Set.of("username", "password", "timeout");
    }

    @Override
    public QuotaStore open(URI uri, ProviderSettings settings) {
        RedisEndpoint endpoint = RedisEndpoint.of(uri);
        Secret password = settings.secret("password").orElse(null);
        endpoint = endpoint.withCredentials(settings.string("username").orElse(null), password);
        endpoint = endpoint.withTimeout(settings.duration("timeout", RedisEndpoint.DEFAULT_TIMEOUT));
        return RedisQuotaStore.create(endpoint);
    }
}
