package dev.imagegen4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * Downloads an image from a URL a vendor (or a caller) handed over, with the limits of design.md §6: https only
 * (plain http only to loopback, and only when allowed), no address that {@link NetworkRules#forbidden} refuses
 * (private, link-local/metadata, CGNAT, reserved, multicast, and IPv6 forms embedding such an IPv4 address), no
 * user info in the URL, no credentials or cookies sent, a size cap, at most 5 redirects, each checked as the first.
 *
 * <p><b>One resolution per hop.</b> The host is resolved once, every address is checked, and the connection goes
 * to a checked address (see {@link PinnedHttpGet}): a name that answers a public address to the check and a private
 * one to the connection (DNS rebinding) gets nowhere. {@code Host}, SNI and the certificate check use the name.
 *
 * <p><b>Time limits.</b> Connect timeout; time to response headers per hop; an idle timeout on every read (a body
 * that stalls); and a deadline for the whole download, redirects included (a body that drips a byte now and then).
 * Every failure is a {@link DownloadException} naming the URL without its query. Immutable and thread-safe.
 */
public final class SafeDownloader {

    /** The default size cap: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    /** The default connect timeout: 10 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The default time to response headers, per hop: 30 s. */
    public static final Duration DEFAULT_HEADERS_TIMEOUT = Duration.ofSeconds(30);
    /** The default idle timeout, the longest wait for the next bytes: 30 s. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** The default deadline of a whole download, redirects included: 2 minutes. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);

    private static final int MAX_REDIRECTS = 5;

    private final boolean allowLoopback;
    private final long maxBytes;
    private final Duration connectTimeout;
    private final Duration headersTimeout;
    private final Duration idleTimeout;
    private final Duration deadline;
    private final HostResolver resolver;
    private final SSLContext sslContext;

    private SafeDownloader(Builder b) {
        this.allowLoopback = b.allowLoopback;
        this.maxBytes = b.maxBytes;
        this.connectTimeout = b.connectTimeout;
        this.headersTimeout = b.headersTimeout;
        this.idleTimeout = b.idleTimeout;
        this.deadline = b.deadline;
        this.resolver = b.resolver;
        this.sslContext = b.sslContext;
    }

    /** A builder with the defaults above, loopback refused, the system resolver and the default TLS context. */
    public static Builder builder() {
        return new Builder();
    }

    /** What kind of failure a {@link DownloadException} is. */
    public enum Reason {
        /** A rule refused the URL or a redirect (nothing was sent to the refused host). */
        REFUSED,
        /** No connection could be made to any checked address (nothing was sent). */
        CONNECT,
        /** The server answered with a status that is not 2xx (or a redirect without a usable Location). */
        HTTP_STATUS,
        /** The image is larger than the cap. */
        TOO_LARGE,
        /** The answer is not usable HTTP or has no image bytes. */
        MALFORMED,
        /** Headers timeout, idle timeout or deadline. */
        TIMEOUT,
        /** The connection failed or was cut after it was made. */
        NETWORK
    }

    /** Why a URL was refused or a download failed. */
    public static final class DownloadException extends IOException {
        private static final long serialVersionUID = 1L;

        private final Reason reason;
        private final int status;

        DownloadException(Reason reason, String message) {
            this(reason, message, null, 0);
        }

        DownloadException(Reason reason, String message, Throwable cause) {
            this(reason, message, cause, 0);
        }

        DownloadException(Reason reason, String message, Throwable cause, int status) {
            super(message, cause);
            this.reason = reason;
            this.status = status;
        }

        /** What kind of failure this is. */
        public Reason reason() {
            return reason;
        }

        /** The HTTP status for {@link Reason#HTTP_STATUS}, else 0. */
        public int status() {
            return status;
        }

        /** Whether trying the same URL later might work: connect failures, timeouts, cut connections, 5xx, 408, 429. */
        public boolean isTransient() {
            return reason == Reason.CONNECT || reason == Reason.TIMEOUT || reason == Reason.NETWORK
                    || (reason == Reason.HTTP_STATUS && (status >= 500 || status == 408 || status == 429));
        }
    }

    /**
     * Downloads the URL a vendor gave as text into {@code out}: a URL that does not parse is a
     * {@link DownloadException} ({@link Reason#REFUSED}) like any other refused URL, not an
     * {@code IllegalArgumentException}, so callers report it with the image it belongs to.
     *
     * @see #download(URI, OutputStream)
     */
    public long download(String url, OutputStream out) throws IOException, InterruptedException {
        URI parsed;
        try {
            parsed = new URI(Objects.requireNonNull(url, "url").strip());
        } catch (java.net.URISyntaxException e) {
            throw new DownloadException(Reason.REFUSED, "refusing an image URL that is not a valid URL ("
                    + e.getReason() + " at index " + e.getIndex() + ")");
        }
        return download(parsed, out);
    }

    /**
     * Downloads {@code url} into {@code out}.
     *
     * @return the number of bytes written
     * @throws DownloadException    if a rule refuses the URL (or a redirect), the status is not 2xx, the body is empty
     *                              or exceeds the cap, a time limit passes or the connection fails; the message names
     *                              the URL without its query
     * @throws InterruptedException if the thread was interrupted (checked before every read)
     */
    public long download(URI url, OutputStream out) throws IOException, InterruptedException {
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        PinnedHttpGet get = new PinnedHttpGet(tls(), connectTimeout, headersTimeout, idleTimeout, deadline,
                deadlineNanos);
        URI current = url;
        try {
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                String shown = shown(current);
                List<InetAddress> addresses = checked(current);
                try (PinnedHttpGet.Response r = connect(get, current, addresses, shown)) {
                    int status = r.status;
                    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                        String location = r.header("location").orElseThrow(() -> new DownloadException(
                                Reason.HTTP_STATUS, "redirect without Location from " + shown, null, status));
                        current = redirect(current, location, shown);
                        continue;
                    }
                    if (status < 200 || status >= 300) {
                        throw new DownloadException(Reason.HTTP_STATUS, "download of " + shown + " failed with HTTP "
                                + status, null, status);
                    }
                    if (r.contentLength > maxBytes) {
                        throw new DownloadException(Reason.TOO_LARGE, "download of " + shown + " is "
                                + r.contentLength + " bytes, over the limit of " + maxBytes);
                    }
                    long total = copy(r.body, out, shown);
                    if (total == 0) {
                        throw new DownloadException(Reason.MALFORMED, "download of " + shown + " has no bytes");
                    }
                    return total;
                }
            }
        } catch (InterruptedIOException e) {
            if (e instanceof java.net.SocketTimeoutException) {
                throw new DownloadException(Reason.TIMEOUT, "download of " + shown(current) + " timed out", e);
            }
            Thread.currentThread().interrupt();
            throw new InterruptedException("interrupted while downloading " + shown(current));
        } catch (DownloadException e) {
            throw e;
        } catch (IOException e) {
            throw new DownloadException(Reason.NETWORK, "download of " + shown(current) + " failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        throw new DownloadException(Reason.REFUSED, "too many redirects from " + shown(url));
    }

    private PinnedHttpGet.Response connect(PinnedHttpGet get, URI url, List<InetAddress> addresses, String shown)
            throws IOException {
        DownloadException first = null;
        for (InetAddress a : addresses) {
            try {
                return get.open(url, a, shown);
            } catch (DownloadException e) {
                if (e.reason() != Reason.CONNECT) {
                    throw e;
                }
                if (first == null) {
                    first = e;
                }
            }
        }
        throw first;
    }

    private long copy(InputStream in, OutputStream out, String shown) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            total += n;
            if (total > maxBytes) {
                throw new DownloadException(Reason.TOO_LARGE, "download of " + shown + " exceeded the limit of "
                        + maxBytes + " bytes");
            }
            out.write(buf, 0, n);
        }
        return total;
    }

    private static URI redirect(URI from, String location, String shown) throws DownloadException {
        try {
            URI next = from.resolve(new URI(location.strip()));
            String text = next.toString();
            int hash = text.indexOf('#');
            return hash < 0 ? next : new URI(text.substring(0, hash));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new DownloadException(Reason.REFUSED, "refusing the redirect from " + shown
                    + ": its Location is not a valid URL");
        }
    }

    /**
     * Checks one URL against the rules, resolving its host once.
     *
     * @throws DownloadException naming the rule
     */
    public void check(URI url) throws DownloadException {
        checked(url);
    }

    /** The URL's checked addresses, from one resolution. */
    private List<InetAddress> checked(URI url) throws DownloadException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getRawUserInfo() != null) {
            throw new DownloadException(Reason.REFUSED, "refusing " + shown(url)
                    + ": URLs with credentials are not downloaded");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new DownloadException(Reason.REFUSED, "refusing " + shown(url) + ": no host");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && allowLoopback)) {
            throw new DownloadException(Reason.REFUSED, "refusing " + shown(url) + ": only https URLs are downloaded"
                    + (scheme.equals("http") ? " (plain http only from loopback, and only when allowed for tests)" : ""));
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] resolved;
        try {
            resolved = NetworkRules.literal(bare).map(a -> new InetAddress[] {a}).orElse(null);
            if (resolved == null) {
                resolved = resolver.resolve(bare);
            }
        } catch (UnknownHostException e) {
            throw new DownloadException(Reason.REFUSED, "refusing " + shown(url) + ": unknown host");
        }
        if (resolved == null || resolved.length == 0) {
            throw new DownloadException(Reason.REFUSED, "refusing " + shown(url) + ": unknown host");
        }
        List<InetAddress> out = new ArrayList<>();
        boolean allLoopback = true;
        for (InetAddress a : resolved) {
            String why = NetworkRules.forbidden(a, allowLoopback);
            if (why != null) {
                throw new DownloadException(Reason.REFUSED, "refusing " + shown(url) + ": " + bare + " resolves to "
                        + why);
            }
            allLoopback &= NetworkRules.isLoopback(a);
            out.add(a);
        }
        if (scheme.equals("http") && !allLoopback) {
            throw new DownloadException(Reason.REFUSED, "refusing " + shown(url) + ": only https URLs are downloaded "
                    + "(plain http only from loopback)");
        }
        return out;
    }

    private SSLSocketFactory tls() throws DownloadException {
        try {
            return (sslContext != null ? sslContext : SSLContext.getDefault()).getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new DownloadException(Reason.NETWORK, "no TLS available: " + e.getMessage(), e);
        }
    }

    static String shown(URI url) {
        String s = url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** Builds a {@link SafeDownloader}. Not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private boolean allowLoopback;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration headersTimeout = DEFAULT_HEADERS_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration deadline = DEFAULT_DEADLINE;
        private HostResolver resolver = HostResolver.SYSTEM;
        private SSLContext sslContext;

        private Builder() {
        }

        /** Whether loopback addresses (and plain http to them) are allowed: for tests and emulators. Default false. */
        public Builder allowLoopback(boolean allow) {
            this.allowLoopback = allow;
            return this;
        }

        /** The size cap. Default {@link #DEFAULT_MAX_BYTES}. */
        public Builder maxBytes(long maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        /** The connect timeout per address. Default {@link #DEFAULT_CONNECT_TIMEOUT}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Time from connecting to the end of the response headers, per hop. Default {@link #DEFAULT_HEADERS_TIMEOUT}. */
        public Builder headersTimeout(Duration timeout) {
            this.headersTimeout = timeout;
            return this;
        }

        /** The longest wait for the next bytes of the answer. Default {@link #DEFAULT_IDLE_TIMEOUT}. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** The time a whole download may take, redirects included. Default {@link #DEFAULT_DEADLINE}. */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /** The resolver of host names. Default {@link HostResolver#SYSTEM}. */
        public Builder resolver(HostResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** The TLS context (its trust store checks certificates). Default {@link SSLContext#getDefault()}. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /**
         * The downloader.
         *
         * @throws IllegalArgumentException naming the setting if the cap or a time limit is not positive
         */
        public SafeDownloader build() {
            return new SafeDownloader(validated());
        }

        private Builder validated() {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("max download bytes " + maxBytes + ": must be at least 1");
            }
            positive(connectTimeout, "download connect timeout");
            positive(headersTimeout, "download headers timeout");
            positive(idleTimeout, "download idle timeout");
            positive(deadline, "download deadline");
            return this;
        }

        private static void positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " " + d + ": must be positive");
            }
        }
    }
}
