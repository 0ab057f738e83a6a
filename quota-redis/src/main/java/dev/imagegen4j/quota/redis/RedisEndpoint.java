package dev.imagegen4j.quota.redis;

import dev.imagegen4j.Secret;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A Redis server to connect to: {@code redis://host[:port][/db]} (plain TCP) or {@code rediss://...} (TLS), with an
 * optional user name and password given apart from the URL, so that the password never shows in a message, a
 * {@code toString()} or a process list. A URL carrying credentials is refused. Immutable and thread-safe.
 *
 * <p>Clients made by {@link #newClient()} never queue commands while disconnected: a command to an unreachable
 * server fails within the timeout (default 2 s), and the client reconnects by itself.
 */
public final class RedisEndpoint {

    /** The default timeout for connecting and for each command. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final String host;
    private final int port;
    private final int database;
    private final boolean tls;
    private final String username;
    private final Secret password;
    private final Duration timeout;

    private RedisEndpoint(String host, int port, int database, boolean tls, String username, Secret password,
            Duration timeout) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.tls = tls;
        this.username = username;
        this.password = password;
        this.timeout = timeout;
    }

    /**
     * Parses {@code redis://host[:port][/db]} or {@code rediss://host[:port][/db]} (port 6379, database 0 by
     * default).
     *
     * @throws IllegalArgumentException naming the rule; a URL with credentials is refused without being shown
     */
    public static RedisEndpoint parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a Redis address such as redis://127.0.0.1:6379/0 is required");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a Redis URL such as redis://host:6379/0 (" + e.getReason() + ")");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the Redis URL must not contain credentials (they would show in "
                    + "messages and process lists); give the password apart (the URL is not shown)");
        }
        return of(uri);
    }

    /**
     * The endpoint of {@code uri} (see {@link #parse}).
     *
     * @throws IllegalArgumentException when it is not a {@code redis://} or {@code rediss://} URL
     */
    public static RedisEndpoint of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("a Redis URL starts with redis:// or rediss:// (TLS), e.g. "
                    + "redis://127.0.0.1:6379/0 (got " + (scheme.isEmpty() ? "no scheme" : scheme + "://") + ")");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the Redis URL must not contain credentials; give them apart");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the Redis URL needs a host, e.g. redis://127.0.0.1:6379/0");
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath();
        int db = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                db = -1;
            }
            if (db < 0) {
                throw new IllegalArgumentException("the Redis URL's path is the database number, e.g. /0 (got '"
                        + path + "')");
            }
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the Redis URL takes no query or fragment; give options apart");
        }
        return new RedisEndpoint(host, port, db, scheme.equals("rediss"), null, null, DEFAULT_TIMEOUT);
    }

    /** A copy that authenticates with {@code password} (and {@code username} for Redis ACLs, may be null). */
    public RedisEndpoint withCredentials(String username, Secret password) {
        return new RedisEndpoint(host, port, database, tls, username == null || username.isBlank() ? null : username,
                password, timeout);
    }

    /**
     * A copy with another connect and command timeout.
     *
     * @throws IllegalArgumentException when not between 1 ms and 1 minute
     */
    public RedisEndpoint withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("Redis timeout " + timeout + " must be between 1 ms and 1 minute");
        }
        return new RedisEndpoint(host, port, database, tls, username, password, timeout);
    }

    /** Whether a password is sent. */
    public boolean hasPassword() {
        return password != null;
    }

    /** Whether the server is on this machine's loopback interface (by address). */
    public boolean isLoopback() {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The timeout for connecting and for each command. */
    public Duration timeout() {
        return timeout;
    }

    /** {@code redis://host:port/db}: never the user name or password. */
    public String describe() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return (tls ? "rediss" : "redis") + "://" + h + ":" + port + "/" + database;
    }

    /** The Lettuce address, with credentials. */
    public RedisURI toRedisUri() {
        RedisURI.Builder b = RedisURI.builder().withHost(host).withPort(port).withDatabase(database).withSsl(tls)
                .withTimeout(timeout).withClientName("imagegen4j");
        if (password != null) {
            if (username != null) {
                b.withAuthentication(username, password.reveal());
            } else {
                b.withPassword(password.reveal().toCharArray());
            }
        }
        return b.build();
    }

    /**
     * A new client (two I/O threads) that fails commands at once while disconnected, times out connects and
     * commands after {@link #timeout()} and reconnects by itself. The caller shuts it down (and its resources, see
     * {@link #shutdown(RedisClient)}).
     */
    public RedisClient newClient() {
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .build();
        RedisClient client = RedisClient.create(resources, toRedisUri());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
        return client;
    }

    /** Shuts down a client made by {@link #newClient()} and its threads, quickly. */
    public static void shutdown(RedisClient client) {
        ClientResources resources = client.getResources();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RedisEndpoint)) {
            return false;
        }
        RedisEndpoint e = (RedisEndpoint) o;
        return host.equals(e.host) && port == e.port && database == e.database && tls == e.tls
                && Objects.equals(username, e.username) && Objects.equals(password, e.password)
                && timeout.equals(e.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, tls, username);
    }

    /** {@link #describe()}, and whether a password is set (never the password). */
    @Override
    public String toString() {
        return "RedisEndpoint[" + describe() + (password != null ? ", password ***" : "") + "]";
    }
}
