package dev.imagegen4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Downloads an image from a URL a vendor (or a caller) handed over, with the limits of design.md §6:
 * https only (plain http only to loopback, and only when allowed), no private, link-local, CGNAT,
 * multicast or metadata addresses (checked again at every redirect), no user info in the URL, no
 * credentials or cookies sent, a size cap, at most 5 redirects. Thread-safe.
 */
public final class SafeDownloader {

    /** The default size cap: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    private static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final boolean allowLoopback;
    private final long maxBytes;
    private final Duration timeout;

    /**
     * A downloader.
     *
     * @param client        the HTTP client; it must not follow redirects itself (this class does, checking each hop)
     * @param allowLoopback whether loopback addresses (and plain http to them) are allowed: for tests and emulators
     * @param maxBytes      the size cap
     * @param timeout       time to response headers per hop
     */
    public SafeDownloader(HttpClient client, boolean allowLoopback, long maxBytes, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the download client must not follow redirects on its own");
        }
        this.allowLoopback = allowLoopback;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    /** Why a URL was refused or a download failed. */
    public static final class DownloadException extends IOException {
        private static final long serialVersionUID = 1L;

        DownloadException(String message) {
            super(message);
        }
    }

    /**
     * Downloads {@code url} into {@code out}.
     *
     * @return the number of bytes written
     * @throws DownloadException if a rule refuses the URL (or a redirect), the status is not 2xx, or the
     *                           body exceeds the cap; the message names the URL without its query
     */
    public long download(URI url, OutputStream out) throws IOException, InterruptedException {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            check(current);
            HttpRequest request = HttpRequest.newBuilder(current).timeout(timeout).GET()
                    .header("Accept", "image/*").build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                response.body().close();
                String location = response.headers().firstValue("location")
                        .orElseThrow(() -> new DownloadException("redirect without Location from " + shown(url)));
                current = current.resolve(location);
                continue;
            }
            try (InputStream in = response.body()) {
                if (status < 200 || status >= 300) {
                    throw new DownloadException("download of " + shown(current) + " failed with HTTP " + status);
                }
                long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
                if (declared > maxBytes) {
                    throw new DownloadException("download of " + shown(current) + " is " + declared
                            + " bytes, over the limit of " + maxBytes);
                }
                byte[] buf = new byte[64 * 1024];
                long total = 0;
                int n;
                while ((n = in.read(buf)) != -1) {
                    total += n;
                    if (total > maxBytes) {
                        throw new DownloadException("download of " + shown(current) + " exceeded the limit of "
                                + maxBytes + " bytes");
                    }
                    out.write(buf, 0, n);
                }
                return total;
            }
        }
        throw new DownloadException("too many redirects from " + shown(url));
    }

    /**
     * Checks one URL against the rules, resolving its host.
     *
     * @throws DownloadException naming the rule
     */
    public void check(URI url) throws DownloadException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getRawUserInfo() != null) {
            throw new DownloadException("refusing " + shown(url) + ": URLs with credentials are not downloaded");
        }
        String host = url.getHost();
        if (host == null) {
            throw new DownloadException("refusing " + shown(url) + ": no host");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && allowLoopback)) {
            throw new DownloadException("refusing " + shown(url) + ": only https URLs are downloaded"
                    + (scheme.equals("http") ? " (plain http only from loopback, and only when allowed for tests)" : ""));
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new DownloadException("refusing " + shown(url) + ": unknown host");
        }
        boolean allLoopback = true;
        for (InetAddress a : addresses) {
            String why = forbidden(a);
            if (why != null) {
                throw new DownloadException("refusing " + shown(url) + ": " + host + " resolves to " + why
                        + " address " + a.getHostAddress());
            }
            allLoopback &= a.isLoopbackAddress();
        }
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && allowLoopback && allLoopback) {
            return;
        }
        throw new DownloadException("refusing " + shown(url) + ": only https URLs are downloaded");
    }

    private String forbidden(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return allowLoopback ? null : "a loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "an unspecified";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local (metadata)";
        }
        if (a.isSiteLocalAddress()) {
            return "a private";
        }
        if (a.isMulticastAddress()) {
            return "a multicast";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || (first == 100 && second >= 64 && second <= 127) || first >= 240
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19))) {
                return "a reserved";
            }
        }
        if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "a private (unique local)";
        }
        return null;
    }

    private static String shown(URI url) {
        String s = url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
