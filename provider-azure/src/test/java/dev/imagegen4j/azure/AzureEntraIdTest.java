package dev.imagegen4j.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.Quality;
import dev.imagegen4j.spi.ProviderSettings;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

class AzureEntraIdTest {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.create(b -> b.azureDeployment("img2", "gpt-image-2"));

    private ImageApiEmulator emu;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T10:00:00Z"));

    @BeforeEach
    void setUp() {
        emu = EMULATOR.emulator();
    }

    private AzureImageGenerator.Builder azure(AzureTokenSupplier supplier) {
        return AzureImageGenerator.builder().endpoint(emu.baseUrl()).deployment("gpt-image-2", "img2")
                .tokenSupplier(supplier).clock(clock);
    }

    private static ImageRequest request() {
        return ImageRequest.builder().prompt("a corgi").quality(Quality.LOW).build();
    }

    private List<String> bearerTokens() {
        List<String> out = new ArrayList<>();
        for (RecordedRequest r : emu.journal().posts()) {
            assertThat(r.headers()).doesNotContainKey("api-key");
            out.add(r.header("authorization").orElseThrow().substring("Bearer ".length()));
        }
        return out;
    }

    @Test
    void should_cache_a_token_and_refresh_it_when_it_expires() {
        AtomicInteger calls = new AtomicInteger();
        AzureTokenSupplier supplier = () -> {
            int n = calls.incrementAndGet();
            return AzureToken.of("token-" + n, clock.instant().plus(Duration.ofHours(1)));
        };
        try (ImageGenerator azure = azure(supplier).build()) {
            azure.generate(request());
            clock.advance(Duration.ofMinutes(30));
            azure.generate(request());            // still valid: cached
            clock.advance(Duration.ofMinutes(31)); // one minute before expiry, inside the 2-minute margin
            azure.generate(request());
            clock.advance(Duration.ofHours(2));    // long expired
            azure.generate(request());
        }

        assertThat(bearerTokens()).containsExactly("token-1", "token-1", "token-2", "token-3");
        assertThat(calls).hasValue(3);
    }

    @Test
    void should_ask_the_supplier_once_when_many_calls_need_a_token_at_the_same_time() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AzureTokenSupplier slow = () -> {
            calls.incrementAndGet();
            Thread.sleep(100);
            return AzureToken.of("shared-token", clock.instant().plus(Duration.ofHours(1)));
        };
        try (ImageGenerator azure = azure(slow).build()) {
            List<CompletableFuture<ImageResult>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(azure.generateAsync(request()));
            }
            for (CompletableFuture<ImageResult> f : futures) {
                f.get();
            }
        }

        assertThat(calls).hasValue(1);
        assertThat(bearerTokens()).hasSize(6).containsOnly("shared-token");
    }

    @Test
    void should_surface_a_failing_supplier_as_an_authentication_exception_without_the_token() {
        String secret = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        AtomicInteger calls = new AtomicInteger();
        AzureTokenSupplier supplier = () -> {
            if (calls.incrementAndGet() == 1) {
                return AzureToken.of(secret, clock.instant().plus(Duration.ofMinutes(10)));
            }
            throw new IOException("token endpoint refused to refresh " + secret);
        };
        try (ImageGenerator azure = azure(supplier).build()) {
            azure.generate(request());
            clock.advance(Duration.ofMinutes(9));

            assertThatThrownBy(() -> azure.generate(request()))
                    .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                        assertThat(e.getMessage()).contains("token supplier failed", "IOException",
                                "token endpoint refused to refresh ***").doesNotContain(secret);
                        assertThat(e.toString()).doesNotContain(secret);
                        assertThat(e.getCause()).isNull(); // its message holds the token
                        assertThat(e.providerId()).contains("azure");
                    });
        }
        assertThat(emu.journal().posts()).hasSize(1); // nothing sent without a token
    }

    @Test
    void should_keep_the_suppliers_exception_as_cause_when_it_holds_no_token() {
        IllegalStateException boom = new IllegalStateException("managed identity endpoint unreachable");
        try (ImageGenerator azure = azure(() -> {
            throw boom;
        }).build()) {
            assertThatThrownBy(() -> azure.generate(request()))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("managed identity endpoint unreachable")
                    .hasCause(boom);
            assertThatThrownBy(() -> azure.generateAsync(request()).join())
                    .hasCauseInstanceOf(AuthenticationException.class);
        }
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_redact_the_current_token_when_a_server_echoes_it_in_an_error() throws IOException {
        String token = "opaque-token-value-0123456789";
        // a misbehaving gateway that echoes the bearer token; the emulator never does
        HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        echo.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"error\":{\"code\":\"BadRequest\",\"message\":\"rejected " + auth + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        echo.start();
        try (ImageGenerator azure = AzureImageGenerator.builder()
                .endpoint("http://127.0.0.1:" + echo.getAddress().getPort()).deployment("gpt-image-2", "img2")
                .tokenSupplier(() -> AzureToken.of(token, Instant.MAX)).expectContinue(false).build()) {
            assertThatThrownBy(() -> azure.generate(request()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("rejected Bearer ***")
                    .satisfies(e -> assertThat(e.toString()).doesNotContain(token));
        } finally {
            echo.stop(0);
        }
    }

    @Test
    void should_use_an_azure_identity_token_credential_for_the_configured_scope() {
        List<List<String>> scopes = new CopyOnWriteArrayList<>();
        TokenCredential credential = new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext context) {
                scopes.add(context.getScopes());
                return Mono.just(new AccessToken("aad-token-xyz", OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)));
            }
        };
        try (ImageGenerator azure = AzureImageGenerator.builder().endpoint(emu.baseUrl())
                .deployment("gpt-image-2", "img2").tokenSupplier(AzureIdentityTokens.of(credential)).build()) {
            azure.generate(request());
            azure.generate(request());
        }
        try (ImageGenerator azure = AzureImageGenerator.builder().endpoint(emu.baseUrl())
                .deployment("gpt-image-2", "img2")
                .tokenSupplier(AzureIdentityTokens.of(credential, "https://ai.azure.com/.default")).build()) {
            azure.generate(request());
        }

        assertThat(scopes).containsExactly(List.of(AzureIdentityTokens.DEFAULT_SCOPE),
                List.of("https://ai.azure.com/.default"));
        assertThat(bearerTokens()).containsOnly("aad-token-xyz");
    }

    @Test
    void should_fail_with_a_clear_message_when_a_credential_returns_no_token() {
        TokenCredential empty = context -> Mono.empty();
        try (ImageGenerator azure = AzureImageGenerator.builder().endpoint(emu.baseUrl())
                .deployment("gpt-image-2", "img2").tokenSupplier(AzureIdentityTokens.of(empty)).build()) {
            assertThatThrownBy(() -> azure.generate(request()))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("returned no token for scope " + AzureIdentityTokens.DEFAULT_SCOPE);
        }
    }

    @Test
    void should_create_token_auth_from_settings() {
        try (ImageGenerator azure = ImageGenerators.create("azure", ProviderSettings.of(Map.of(
                "endpoint", emu.baseUrl(), "ad-token", "static-ad-token", "deployments", Map.of("gpt-image-2", "img2"))))) {
            azure.generate(request());
        }
        assertThat(bearerTokens()).containsExactly("static-ad-token");

        try (ImageGenerator azure = ImageGenerators.create("azure", ProviderSettings.of(Map.of(
                "endpoint", emu.baseUrl(), "entra-id", true, "scope", "https://ai.azure.com/.default",
                "deployments", Map.of("gpt-image-2", "img2"))))) {
            assertThat(azure.providerId()).isEqualTo("azure");
        }
        assertThatThrownBy(() -> new AzureProvider().create(ProviderSettings.of(Map.of("endpoint", emu.baseUrl(),
                "api-key", "k", "scope", "s", "deployments", Map.of("gpt-image-2", "img2")))))
                .hasMessageContaining("'scope' applies only with 'entra-id: true'");
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
