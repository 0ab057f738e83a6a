package dev.imagegen4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.imagegen4j.internal.SafeDownloader.DownloadException;
import dev.imagegen4j.internal.SafeDownloader.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * URL downloads follow design.md §6 over real HTTP(S): every refusal happens before a byte is sent to the refused
 * address; the host is resolved once per hop and the connection goes to the address that was checked; a body that
 * stalls or drips ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SafeDownloaderTest {

    private HttpServer server;
    private String base;
    private int port;
    private final List<Map<String, List<String>>> seenHeaders = new CopyOnWriteArrayList<>();

    private static SafeDownloader.Builder downloader(boolean loopback, long max) {
        return SafeDownloader.builder().allowLoopback(loopback).maxBytes(max).headersTimeout(Duration.ofSeconds(5));
    }

    private static InetAddress ip(String literal) {
        return NetworkRules.literal(literal).orElseThrow();
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/image.png", ex -> {
            seenHeaders.add(Map.copyOf(ex.getRequestHeaders()));
            byte[] body = new byte[1000];
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.createContext("/big.png", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, no length: the cap must count bytes
            try (OutputStream o = ex.getResponseBody()) {
                o.write(new byte[300_000]);
            }
        });
        server.createContext("/to-metadata", ex -> redirect(ex, "https://169.254.169.254/latest/meta-data/"));
        server.createContext("/to-nat64", ex -> redirect(ex, "https://[64:ff9b::a9fe:a9fe]/latest/meta-data/"));
        server.createContext("/to-http", ex -> redirect(ex, "http://93.184.216.34/image.png"));
        server.createContext("/hop", ex -> redirect(ex, "/image.png"));
        server.createContext("/to-other-name", ex -> redirect(ex, "http://other.test:" + port + "/image.png"));
        server.createContext("/empty", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.createContext("/gone", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        port = server.getAddress().getPort();
        base = "http://127.0.0.1:" + port;
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://93.184.216.34/a.png                     | only https URLs are downloaded
            ftp://93.184.216.34/a.png                      | only https URLs are downloaded
            https://10.0.0.5/a.png                         | a private address 10.0.0.5
            https://192.168.1.20/a.png                     | a private address 192.168.1.20
            https://172.16.0.1/a.png                       | a private address 172.16.0.1
            https://169.254.169.254/latest/meta-data/      | a link-local (metadata) address 169.254.169.254
            https://[fe80::1]/a.png                        | a link-local (metadata) address
            https://[fd00::1]/a.png                        | a private (unique local) address
            https://[fd00:ec2::254]/latest/meta-data/      | a private (unique local) address
            https://100.64.0.1/a.png                       | a carrier-grade NAT (shared) address 100.64.0.1
            https://0.0.0.0/a.png                          | an unspecified address 0.0.0.0
            https://127.0.0.1/a.png                        | a loopback address 127.0.0.1
            https://[::1]/a.png                            | a loopback address
            https://[::ffff:10.0.0.1]/a.png                | a private address 10.0.0.1
            https://[::ffff:169.254.169.254]/a.png         | a link-local (metadata) address 169.254.169.254
            https://[::10.0.0.1]/a.png                     | a deprecated IPv4-compatible address
            https://[64:ff9b::a9fe:a9fe]/a.png             | 169.254.169.254 inside the NAT64 address
            https://[64:ff9b::7f00:1]/a.png                | 127.0.0.1 inside the NAT64 address
            https://[2002:a00:1::1]/a.png                  | 10.0.0.1 inside the 6to4 address
            https://[2001:0:a00:1::1]/a.png                | 10.0.0.1 as the server of the Teredo address
            https://[2001:0:808:808::f5ff:fffe]/a.png      | 10.0.0.1 as the client of the Teredo address
            https://user:secret@93.184.216.34/a.png        | URLs with credentials are not downloaded
            """)
    void should_refuse_urls_against_the_rules(String url, String reason) {
        assertThatThrownBy(() -> downloader(false, 1 << 20).build().check(URI.create(url)))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining(reason)
                .hasMessageNotContaining("secret")
                .satisfies(e -> assertThat(((DownloadException) e).reason()).isEqualTo(Reason.REFUSED));
    }

    @Test
    void should_refuse_a_name_that_resolves_to_a_private_address_without_connecting() {
        // given: a public-looking name whose DNS answer is the metadata address, or one private address among public ones
        HostResolver metadata = h -> new InetAddress[] {ip("169.254.169.254")};
        HostResolver mixed = h -> new InetAddress[] {ip("93.184.216.34"), ip("10.1.2.3")};
        HostResolver nat64 = h -> new InetAddress[] {ip("64:ff9b::a00:5")};

        // then
        assertThatThrownBy(() -> downloader(false, 1 << 20).resolver(metadata).build()
                .download(URI.create("https://images.example/a.png"), new ByteArrayOutputStream()))
                .hasMessage("refusing https://images.example/a.png: images.example resolves to a link-local (metadata) "
                        + "address 169.254.169.254");
        assertThatThrownBy(() -> downloader(false, 1 << 20).resolver(mixed).build()
                .download(URI.create("https://images.example/a.png"), new ByteArrayOutputStream()))
                .hasMessageContaining("images.example resolves to a private address 10.1.2.3");
        assertThatThrownBy(() -> downloader(false, 1 << 20).resolver(nat64).build()
                .download(URI.create("https://images.example/a.png"), new ByteArrayOutputStream()))
                .hasMessageContaining("a private address 10.0.0.5 inside the NAT64 address");
    }

    @Test
    void should_resolve_once_and_connect_to_the_checked_address_when_dns_rebinds() throws Exception {
        // given: a name that answers loopback to the first lookup and the metadata address to every later one
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = h -> lookups.incrementAndGet() == 1 ? new InetAddress[] {ip("127.0.0.1")}
                : new InetAddress[] {ip("169.254.169.254")};
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // when
        long n = downloader(true, 1 << 20).resolver(rebinding).build()
                .download(URI.create("http://images.test:" + port + "/image.png"), out);

        // then: one lookup, the bytes came from the checked address, and the server saw the name
        assertThat(n).isEqualTo(1000);
        assertThat(lookups).hasValue(1);
        assertThat(seenHeaders.get(0).get("Host")).containsExactly("images.test:" + port);
    }

    @Test
    void should_resolve_each_redirect_hop_once() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        List<String> names = new CopyOnWriteArrayList<>();
        HostResolver counting = h -> {
            lookups.incrementAndGet();
            names.add(h);
            return new InetAddress[] {ip("127.0.0.1")};
        };

        long n = downloader(true, 1 << 20).resolver(counting).build()
                .download(URI.create("http://images.test:" + port + "/to-other-name"), new ByteArrayOutputStream());

        assertThat(n).isEqualTo(1000);
        assertThat(names).containsExactly("images.test", "other.test");
    }

    @Test
    void should_download_from_loopback_only_when_allowed_and_send_no_credentials() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long n = downloader(true, 1 << 20).build().download(URI.create(base + "/image.png"), out);

        assertThat(n).isEqualTo(1000);
        assertThat(seenHeaders).hasSize(1);
        assertThat(seenHeaders.get(0).keySet()).noneMatch(h -> h.equalsIgnoreCase("authorization")
                || h.equalsIgnoreCase("api-key") || h.equalsIgnoreCase("cookie"));
        assertThatThrownBy(() -> downloader(false, 1 << 20).build().download(URI.create(base + "/image.png"), out))
                .hasMessageContaining("only https URLs are downloaded");
    }

    @Test
    void should_refuse_plain_http_to_a_name_that_is_not_only_loopback() {
        HostResolver mixed = h -> new InetAddress[] {ip("127.0.0.1"), ip("93.184.216.34")};

        assertThatThrownBy(() -> downloader(true, 1 << 20).resolver(mixed).build()
                .download(URI.create("http://images.test:" + port + "/image.png"), new ByteArrayOutputStream()))
                .hasMessageContaining("plain http only from loopback");
        assertThat(seenHeaders).isEmpty();
    }

    @Test
    void should_check_every_redirect_hop() throws Exception {
        assertThatThrownBy(() -> downloader(true, 1 << 20).build().download(URI.create(base + "/to-metadata"),
                new ByteArrayOutputStream()))
                .hasMessageContaining("refusing https://169.254.169.254/latest/meta-data/")
                .hasMessageContaining("link-local");
        assertThatThrownBy(() -> downloader(true, 1 << 20).build().download(URI.create(base + "/to-nat64"),
                new ByteArrayOutputStream()))
                .hasMessageContaining("169.254.169.254 inside the NAT64 address");
        assertThatThrownBy(() -> downloader(true, 1 << 20).build().download(URI.create(base + "/to-http"),
                new ByteArrayOutputStream()))
                .hasMessageContaining("only https URLs are downloaded");
        assertThat(downloader(true, 1 << 20).build().download(URI.create(base + "/hop"), new ByteArrayOutputStream()))
                .isEqualTo(1000);
    }

    @Test
    void should_stop_at_the_size_cap_even_without_a_content_length() {
        DownloadException e = catchThrowableOfType(() -> downloader(true, 100_000).build()
                .download(URI.create(base + "/big.png"), new ByteArrayOutputStream()), DownloadException.class);

        assertThat(e).hasMessageContaining("exceeded the limit of 100000 bytes");
        assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void should_decode_a_chunked_body() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(downloader(true, 1 << 20).build().download(URI.create(base + "/big.png"), out)).isEqualTo(300_000);
        assertThat(out.size()).isEqualTo(300_000);
    }

    @Test
    void should_fail_on_an_empty_body_and_on_a_status_that_is_not_2xx() {
        assertThatThrownBy(() -> downloader(true, 1 << 20).build().download(URI.create(base + "/empty"),
                new ByteArrayOutputStream())).hasMessageContaining("has no bytes");
        DownloadException gone = catchThrowableOfType(() -> downloader(true, 1 << 20).build()
                .download(URI.create(base + "/gone"), new ByteArrayOutputStream()), DownloadException.class);
        assertThat(gone).hasMessage("download of " + base + "/gone failed with HTTP 404");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.isTransient()).isFalse();
    }

    // ---- TLS: the connection goes to the checked address, the name is used for SNI and the certificate ----

    @Test
    void should_verify_the_certificate_and_send_sni_for_the_name_while_connecting_to_the_checked_address(
            @TempDir Path dir) throws Exception {
        TestTls tls = TestTls.forHost("images.test", dir);
        List<String> sni = new CopyOnWriteArrayList<>();
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.server) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.server.getDefaultSSLParameters();
                p.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        sni.add(new String(name.getEncoded(), StandardCharsets.US_ASCII));
                        return true;
                    }
                }));
                params.setSSLParameters(p);
            }
        });
        List<String> hosts = new CopyOnWriteArrayList<>();
        https.createContext("/image.png", ex -> {
            hosts.add(ex.getRequestHeaders().getFirst("Host"));
            byte[] body = new byte[777];
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        https.start();
        int httpsPort = https.getAddress().getPort();
        AtomicInteger lookups = new AtomicInteger();
        HostResolver resolver = h -> {
            lookups.incrementAndGet();
            return new InetAddress[] {ip("127.0.0.1")};
        };
        try {
            SafeDownloader d = downloader(true, 1 << 20).resolver(resolver).sslContext(tls.client).build();

            // when: the certificate is for images.test
            long n = d.download(URI.create("https://images.test:" + httpsPort + "/image.png"),
                    new ByteArrayOutputStream());

            // then
            assertThat(n).isEqualTo(777);
            assertThat(sni).containsExactly("images.test");
            assertThat(hosts).containsExactly("images.test:" + httpsPort);
            assertThat(lookups).hasValue(1);

            // a fully qualified name with its root dot is the same name for SNI and the certificate
            assertThat(d.download(URI.create("https://images.test.:" + httpsPort + "/image.png"),
                    new ByteArrayOutputStream())).isEqualTo(777);
            assertThat(sni).containsExactly("images.test", "images.test");

            // and a name the certificate is not for is refused by the TLS check, although the address is the same
            DownloadException wrong = catchThrowableOfType(() -> d.download(URI.create("https://other.test:" + httpsPort
                    + "/image.png"), new ByteArrayOutputStream()), DownloadException.class);
            assertThat(wrong).hasMessageContaining("TLS handshake for https://other.test:" + httpsPort
                    + "/image.png failed");
            assertThat(hosts).hasSize(2);
        } finally {
            https.stop(0);
        }
    }

    // ---- time limits: a body that stalls or drips ends -----------------------------------------------------

    /** A loopback server whose every connection is handled by {@code handler} on its own thread. */
    private static final class RawServer implements AutoCloseable {
        final ServerSocket socket;
        final Thread thread;

        RawServer(Consumer<Socket> handler) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        Thread t = new Thread(() -> {
                            try (s) {
                                handler.accept(s);
                            } catch (IOException | RuntimeException ignored) {
                                // the client went away
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void readRequest(Socket s) {
        try {
            InputStream in = s.getInputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            int c;
            while (matched < 4 && (c = in.read()) != -1) {
                matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(Socket s, String text) {
        try {
            s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void should_end_a_download_whose_body_stalls_at_the_idle_timeout() throws Exception {
        try (RawServer stalling = new RawServer(s -> {
            readRequest(s);
            write(s, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(500));
            sleep(20_000);
        })) {
            DownloadException e = catchThrowableOfType(() -> downloader(true, 1 << 20)
                    .idleTimeout(Duration.ofMillis(300)).build()
                    .download(URI.create(stalling.url("/a.png")), new ByteArrayOutputStream()), DownloadException.class);

            assertThat(e).hasMessageContaining("stalled: no bytes of the body for PT0.3S (download idle timeout)");
            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        }
    }

    @Test
    void should_end_a_download_whose_body_drips_at_the_deadline() throws Exception {
        // a byte every 50 ms never trips the idle timeout; the deadline ends it
        try (RawServer dripping = new RawServer(s -> {
            readRequest(s);
            write(s, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
            for (int i = 0; i < 400 && !s.isClosed(); i++) {
                write(s, "x");
                sleep(50);
            }
        })) {
            DownloadException e = catchThrowableOfType(() -> downloader(true, 1 << 20)
                    .idleTimeout(Duration.ofSeconds(5)).deadline(Duration.ofMillis(700)).build()
                    .download(URI.create(dripping.url("/a.png")), new ByteArrayOutputStream()), DownloadException.class);

            assertThat(e).hasMessageContaining("did not finish within PT0.7S (download deadline)");
            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        }
    }

    @Test
    void should_end_a_download_whose_headers_never_come() throws Exception {
        try (RawServer silent = new RawServer(s -> {
            readRequest(s);
            sleep(20_000);
        })) {
            DownloadException e = catchThrowableOfType(() -> downloader(true, 1 << 20)
                    .headersTimeout(Duration.ofMillis(400)).build()
                    .download(URI.create(silent.url("/a.png")), new ByteArrayOutputStream()), DownloadException.class);

            assertThat(e.getMessage()).containsAnyOf("no response headers within PT0.4S (headers timeout)",
                    "stalled: no response");
            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        }
    }

    @Test
    void should_report_a_truncated_body_and_an_unasked_compression() throws Exception {
        try (RawServer cut = new RawServer(s -> {
            readRequest(s);
            write(s, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(10));
        }); RawServer gzip = new RawServer(s -> {
            readRequest(s);
            write(s, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc");
        }); RawServer interim = new RawServer(s -> {
            readRequest(s);
            write(s, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n");
        })) {
            DownloadException truncated = catchThrowableOfType(() -> downloader(true, 1 << 20).build()
                    .download(URI.create(cut.url("/a.png")), new ByteArrayOutputStream()), DownloadException.class);
            assertThat(truncated).hasMessageContaining("was cut off after 10 of 1000 bytes");
            assertThat(truncated.reason()).isEqualTo(Reason.NETWORK);

            assertThatThrownBy(() -> downloader(true, 1 << 20).build()
                    .download(URI.create(gzip.url("/a.png")), new ByteArrayOutputStream()))
                    .hasMessageContaining("is compressed (gzip) although identity was asked for");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(downloader(true, 1 << 20).build().download(URI.create(interim.url("/a.png")), out))
                    .isEqualTo(5);
            assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("abcde");
        }
    }

    @Test
    void should_refuse_a_malformed_url_given_as_text_without_showing_it_whole() {
        DownloadException e = catchThrowableOfType(() -> downloader(true, 1 << 20).build()
                .download("https://cdn.example/a b.png?sig=secret-signature", new ByteArrayOutputStream()),
                DownloadException.class);

        assertThat(e).hasMessageStartingWith("refusing an image URL that is not a valid URL (Illegal character in path")
                .hasMessageNotContaining("secret-signature");
        assertThat(e.reason()).isEqualTo(Reason.REFUSED);
    }

    @Test
    void should_check_its_settings_when_built() {
        assertThatThrownBy(() -> SafeDownloader.builder().idleTimeout(Duration.ZERO).build())
                .hasMessage("download idle timeout PT0S: must be positive");
        assertThatThrownBy(() -> SafeDownloader.builder().deadline(Duration.ofSeconds(-1)).build())
                .hasMessage("download deadline PT-1S: must be positive");
        assertThatThrownBy(() -> SafeDownloader.builder().maxBytes(0).build())
                .hasMessage("max download bytes 0: must be at least 1");
    }
}
