package dev.imagegen4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** URL downloads follow design.md §6; every refusal happens before a byte is sent to the refused address. */
class SafeDownloaderTest {

    private HttpServer server;
    private String base;
    private final List<Map<String, List<String>>> seenHeaders = new CopyOnWriteArrayList<>();

    private static HttpClient client() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static SafeDownloader downloader(boolean loopback, long max) {
        return new SafeDownloader(client(), loopback, max, Duration.ofSeconds(5));
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
        server.createContext("/to-metadata", ex -> {
            ex.getResponseHeaders().add("Location", "https://169.254.169.254/latest/meta-data/");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/to-http", ex -> {
            ex.getResponseHeaders().add("Location", "http://203.0.113.7/image.png");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/hop", ex -> {
            ex.getResponseHeaders().add("Location", "/image.png");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://203.0.113.7/a.png                       | only https URLs are downloaded
            ftp://203.0.113.7/a.png                        | only https URLs are downloaded
            https://10.0.0.5/a.png                         | a private address 10.0.0.5
            https://192.168.1.20/a.png                     | a private address 192.168.1.20
            https://172.16.0.1/a.png                       | a private address 172.16.0.1
            https://169.254.169.254/latest/meta-data/      | a link-local (metadata) address 169.254.169.254
            https://[fe80::1]/a.png                        | a link-local (metadata) address
            https://[fd00::1]/a.png                        | a private (unique local) address
            https://100.64.0.1/a.png                       | a reserved address 100.64.0.1
            https://0.0.0.0/a.png                          | an unspecified address 0.0.0.0
            https://127.0.0.1/a.png                        | a loopback address 127.0.0.1
            https://user:secret@203.0.113.7/a.png          | URLs with credentials are not downloaded
            """)
    void should_refuse_urls_against_the_rules(String url, String reason) {
        assertThatThrownBy(() -> downloader(false, 1 << 20).check(URI.create(url)))
                .isInstanceOf(SafeDownloader.DownloadException.class)
                .hasMessageContaining(reason)
                .hasMessageNotContaining("secret");
    }

    @Test
    void should_download_from_loopback_only_when_allowed_and_send_no_credentials() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long n = downloader(true, 1 << 20).download(URI.create(base + "/image.png"), out);

        assertThat(n).isEqualTo(1000);
        assertThat(seenHeaders).hasSize(1);
        assertThat(seenHeaders.get(0).keySet()).noneMatch(h -> h.equalsIgnoreCase("authorization")
                || h.equalsIgnoreCase("api-key") || h.equalsIgnoreCase("cookie"));
        assertThatThrownBy(() -> downloader(false, 1 << 20).download(URI.create(base + "/image.png"), out))
                .hasMessageContaining("only https URLs are downloaded");
    }

    @Test
    void should_check_every_redirect_hop() throws Exception {
        assertThatThrownBy(() -> downloader(true, 1 << 20).download(URI.create(base + "/to-metadata"),
                new ByteArrayOutputStream()))
                .hasMessageContaining("refusing https://169.254.169.254/latest/meta-data/")
                .hasMessageContaining("link-local");
        assertThatThrownBy(() -> downloader(true, 1 << 20).download(URI.create(base + "/to-http"),
                new ByteArrayOutputStream()))
                .hasMessageContaining("only https URLs are downloaded");
        assertThat(downloader(true, 1 << 20).download(URI.create(base + "/hop"), new ByteArrayOutputStream()))
                .isEqualTo(1000);
    }

    @Test
    void should_stop_at_the_size_cap_even_without_a_content_length() {
        assertThatThrownBy(() -> downloader(true, 100_000).download(URI.create(base + "/big.png"),
                new ByteArrayOutputStream()))
                .hasMessageContaining("exceeded the limit of 100000 bytes");
    }

    @Test
    void should_not_accept_a_client_that_follows_redirects_on_its_own() {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        assertThatThrownBy(() -> new SafeDownloader(following, false, 1, Duration.ofSeconds(1)))
                .hasMessage("the download client must not follow redirects on its own");
    }
}
