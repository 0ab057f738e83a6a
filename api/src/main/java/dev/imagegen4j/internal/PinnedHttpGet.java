package dev.imagegen4j.internal;

import dev.imagegen4j.internal.SafeDownloader.DownloadException;
import dev.imagegen4j.internal.SafeDownloader.Reason;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 {@code GET} over a socket connected to an address that was resolved and checked beforehand, so
 * that no second name lookup can lead elsewhere (DNS rebinding). The {@code Host} header, TLS SNI and certificate
 * check use the URL's host name, as a browser would. {@code java.net.http} cannot do this (it resolves the host
 * itself, and a URL with the IP address would send and verify the wrong name), hence a socket.
 *
 * <p>Every read has a timeout: until the response headers the smaller of the idle timeout and the time left to
 * the headers timeout, then the smaller of the idle timeout and the time left to the download deadline. Not
 * thread-safe: one instance per download.
 */
final class PinnedHttpGet {

    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_HEADERS = 200;

    private final SSLSocketFactory tls;
    private final Duration connectTimeout;
    private final Duration headersTimeout;
    private final Duration idleTimeout;
    private final Duration deadlineTimeout;
    private final long deadline;

    PinnedHttpGet(SSLSocketFactory tls, Duration connectTimeout, Duration headersTimeout, Duration idleTimeout,
            Duration deadlineTimeout, long deadlineNanos) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.headersTimeout = headersTimeout;
        this.idleTimeout = idleTimeout;
        this.deadlineTimeout = deadlineTimeout;
        this.deadline = deadlineNanos;
    }

    /** The status, headers (lower-case names) and body of one response. Close it. */
    static final class Response implements AutoCloseable {
        final int status;
        final Map<String, List<String>> headers;
        final InputStream body;
        final long contentLength;
        private final Socket socket;

        Response(int status, Map<String, List<String>> headers, InputStream body, long contentLength, Socket socket) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.contentLength = contentLength;
            this.socket = socket;
        }

        Optional<String> header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to read from it
            }
        }
    }

    /**
     * Connects to {@code address} (one of {@code url}'s checked addresses), sends the request and reads the
     * response headers.
     *
     * @param shown the URL as shown in messages (without its query)
     */
    Response open(URI url, InetAddress address, String shown) throws IOException {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        String host = unbracket(url.getHost());
        long headersBy = Math.min(deadline, System.nanoTime() + headersTimeout.toNanos());
        Socket socket = new Socket();
        boolean done = false;
        try {
            int connectMillis = millis(Math.min(connectTimeout.toNanos(), headersBy - System.nanoTime()));
            if (connectMillis <= 0) {
                throw timeout(shown, headersBy == deadline);
            }
            try {
                socket.connect(new InetSocketAddress(address, port), connectMillis);
            } catch (SocketTimeoutException e) {
                throw new DownloadException(Reason.CONNECT, "could not connect to " + shown + " ("
                        + address.getHostAddress() + ") within " + connectTimeout, e);
            } catch (IOException e) {
                throw new DownloadException(Reason.CONNECT, "could not connect to " + shown + " ("
                        + address.getHostAddress() + "): " + e.getMessage(), e);
            }
            socket.setTcpNoDelay(true);
            Socket s = socket;
            if (https) {
                s = handshake(socket, host, port, headersBy, shown);
            }
            Timed in = new Timed(s, shown, headersBy);
            writeRequest(s.getOutputStream(), url, host, port, https);
            BufferedInputStream buffered = new BufferedInputStream(in, 16 * 1024);
            Response r = readHead(buffered, in, s, shown);
            done = true;
            return r;
        } finally {
            if (!done) {
                socket.close();
            }
        }
    }

    private Socket handshake(Socket plain, String hostName, int port, long by, String shown) throws IOException {
        // "example.com." is example.com for SNI and the certificate
        String host = hostName.endsWith(".") ? hostName.substring(0, hostName.length() - 1) : hostName;
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters p = ssl.getSSLParameters();
        // the certificate must be for the URL's host name, although the socket went to a checked IP address
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (NetworkRules.literal(host).isEmpty()) {
            try {
                p.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException e) {
                throw new DownloadException(Reason.REFUSED, "refusing " + shown + ": the host name is not valid for TLS");
            }
        }
        ssl.setSSLParameters(p);
        int left = millis(Math.min(idleTimeout.toNanos(), by - System.nanoTime()));
        if (left <= 0) {
            throw timeout(shown, by == deadline);
        }
        ssl.setSoTimeout(left);
        try {
            ssl.startHandshake();
        } catch (SocketTimeoutException e) {
            throw timeout(shown, by == deadline);
        } catch (javax.net.ssl.SSLException e) {
            throw new DownloadException(Reason.NETWORK, "TLS handshake for " + shown + " failed: " + e.getMessage(), e);
        }
        return ssl;
    }

    private static void writeRequest(OutputStream out, URI url, String host, int port, boolean https)
            throws IOException {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        boolean defaultPort = port == (https ? 443 : 80);
        String hostHeader = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + (defaultPort ? "" : ":" + port);
        String head = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "User-Agent: imagegen4j\r\n"
                + "Accept: image/*\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private Response readHead(BufferedInputStream in, Timed timed, Socket socket, String shown) throws IOException {
        int[] budget = {MAX_HEADER_BYTES};
        while (true) {
            String statusLine = line(in, budget, shown);
            if (statusLine == null) {
                throw new DownloadException(Reason.NETWORK, "download of " + shown
                        + " failed: the server closed the connection without an answer");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
                throw new DownloadException(Reason.MALFORMED, "download of " + shown + " failed: not an HTTP/1.x "
                        + "answer");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new DownloadException(Reason.MALFORMED, "download of " + shown + " failed: bad status line");
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            int count = 0;
            String previous = null;
            for (String l = line(in, budget, shown); ; l = line(in, budget, shown)) {
                if (l == null) {
                    throw new DownloadException(Reason.NETWORK, "download of " + shown
                            + " failed: the connection closed inside the response headers");
                }
                if (l.isEmpty()) {
                    break;
                }
                if (++count > MAX_HEADERS) {
                    throw new DownloadException(Reason.MALFORMED, "download of " + shown + " has more than "
                            + MAX_HEADERS + " response headers");
                }
                if ((l.charAt(0) == ' ' || l.charAt(0) == '\t') && previous != null) {
                    List<String> values = headers.get(previous);
                    values.set(values.size() - 1, values.get(values.size() - 1) + " " + l.strip());
                    continue;
                }
                int colon = l.indexOf(':');
                if (colon <= 0) {
                    throw new DownloadException(Reason.MALFORMED, "download of " + shown + " has a malformed "
                            + "response header");
                }
                previous = l.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                headers.computeIfAbsent(previous, k -> new ArrayList<>()).add(l.substring(colon + 1).strip());
            }
            if (status >= 100 && status < 200) {
                continue; // an interim answer (100 Continue, 103 Early Hints): the real one follows
            }
            timed.bodyStarted();
            return body(status, headers, in, socket, shown);
        }
    }

    private Response body(int status, Map<String, List<String>> headers, InputStream in, Socket socket,
            String shown) throws IOException {
        String encoding = first(headers, "content-encoding").orElse("identity").toLowerCase(Locale.ROOT);
        if (!encoding.equals("identity")) {
            throw new DownloadException(Reason.MALFORMED, "download of " + shown + " is compressed ("
                    + encoding.replaceAll("[^a-z0-9, -]", "?") + ") although identity was asked for");
        }
        Optional<String> te = first(headers, "transfer-encoding");
        if (te.isPresent()) {
            if (!te.get().toLowerCase(Locale.ROOT).strip().equals("chunked")) {
                throw new DownloadException(Reason.MALFORMED, "download of " + shown + " uses an unsupported "
                        + "transfer encoding");
            }
            return new Response(status, headers, new Chunked(in, shown), -1, socket);
        }
        List<String> lengths = headers.getOrDefault("content-length", List.of());
        if (!lengths.isEmpty()) {
            long length;
            try {
                length = Long.parseLong(lengths.get(0).strip());
            } catch (NumberFormatException e) {
                throw new DownloadException(Reason.MALFORMED, "download of " + shown + " has a malformed "
                        + "Content-Length");
            }
            for (String l : lengths) {
                if (!l.strip().equals(lengths.get(0).strip())) {
                    throw new DownloadException(Reason.MALFORMED, "download of " + shown
                            + " has conflicting Content-Length headers");
                }
            }
            if (length < 0) {
                throw new DownloadException(Reason.MALFORMED, "download of " + shown + " has a negative "
                        + "Content-Length");
            }
            return new Response(status, headers, new Exactly(in, length, shown), length, socket);
        }
        return new Response(status, headers, in, -1, socket);
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", v));
    }

    /** One CRLF- (or LF-) terminated line in ISO-8859-1; null at the end of the stream before any byte. */
    private static String line(InputStream in, int[] budget, String shown) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (--budget[0] < 0 || sb.length() > MAX_LINE) {
                throw new DownloadException(Reason.MALFORMED, "download of " + shown
                        + " has an over-long response header or chunk line");
            }
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        if (sb.length() == 0) {
            return null;
        }
        throw new DownloadException(Reason.NETWORK, "download of " + shown + " failed: the connection closed inside "
                + "a response header line");
    }

    private DownloadException timeout(String shown, boolean overall) {
        return overall ? new DownloadException(Reason.TIMEOUT, "download of " + shown + " did not finish within "
                + deadlineTimeout + " (download deadline)")
                : new DownloadException(Reason.TIMEOUT, "download of " + shown + ": no response headers within "
                        + headersTimeout + " (headers timeout)");
    }

    private static int millis(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
    }

    private static String unbracket(String host) {
        return host.length() > 1 && host.charAt(0) == '[' ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * The socket's input with a timeout on every read: the idle timeout, cut to what is left of the headers
     * timeout (before the body) or of the download deadline (from the body on). Stops on interruption.
     */
    private final class Timed extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final String shown;
        private long by;
        private boolean body;

        Timed(Socket socket, String shown, long headersBy) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.shown = shown;
            this.by = headersBy;
        }

        void bodyStarted() {
            body = true;
            by = deadline;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while downloading " + shown);
            }
            long left = by - System.nanoTime();
            int timeout = millis(Math.min(idleTimeout.toNanos(), left));
            if (timeout <= 0) {
                throw timeout(shown, by == deadline);
            }
            socket.setSoTimeout(timeout);
            try {
                return in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                if (by - System.nanoTime() <= 0) {
                    throw timeout(shown, by == deadline);
                }
                throw new DownloadException(Reason.TIMEOUT, "download of " + shown + " stalled: no "
                        + (body ? "bytes of the body" : "response") + " for " + idleTimeout + " (download idle timeout)");
            }
        }
    }

    /** Exactly {@code length} bytes; fewer is a truncated download. */
    private static final class Exactly extends InputStream {
        private final InputStream in;
        private final long length;
        private final String shown;
        private long left;

        Exactly(InputStream in, long length, String shown) {
            this.in = in;
            this.length = length;
            this.left = length;
            this.shown = shown;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n == -1) {
                throw new DownloadException(Reason.NETWORK, "download of " + shown + " was cut off after "
                        + (length - left) + " of " + length + " bytes");
            }
            left -= n;
            return n;
        }
    }

    /** The chunked transfer coding, decoded; trailers are read and dropped. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private final String shown;
        private long chunkLeft;
        private boolean done;

        Chunked(InputStream in, String shown) {
            this.in = in;
            this.shown = shown;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String size = line(in, new int[] {MAX_LINE}, shown);
                if (size == null) {
                    throw cut();
                }
                int semi = size.indexOf(';');
                String hex = (semi >= 0 ? size.substring(0, semi) : size).strip();
                try {
                    chunkLeft = hex.length() > 15 ? -1 : Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    chunkLeft = -1;
                }
                if (chunkLeft < 0) {
                    throw new DownloadException(Reason.MALFORMED, "download of " + shown + " has a malformed chunk");
                }
                if (chunkLeft == 0) {
                    int[] trailers = {MAX_HEADER_BYTES};
                    for (String t = line(in, trailers, shown); t != null && !t.isEmpty(); t = line(in, trailers, shown)) {
                        // trailers: ignored
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n == -1) {
                throw cut();
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                String end = line(in, new int[] {2}, shown);
                if (end == null || !end.isEmpty()) {
                    throw new DownloadException(Reason.MALFORMED, "download of " + shown + " has a malformed chunk");
                }
            }
            return n;
        }

        private DownloadException cut() {
            return new DownloadException(Reason.NETWORK, "download of " + shown + " was cut off inside a chunk");
        }
    }
}
