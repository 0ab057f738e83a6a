package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.routing.CircuitBreakerOptions;
import dev.imagegen4j.routing.ImageRouter;
import dev.imagegen4j.routing.RetryOptions;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault the emulator can script, through a failover route of two providers ("primary" and "backup"):
 * the outcome, which provider served, the POSTs each emulator received, and the time it took. The figures
 * are reported in RELIABILITY.md.
 */
class FaultSuiteTest {

    private static final String KEY = "sk-fault-suite-31415926";
    private static final RetryOptions RETRY = RetryOptions.DEFAULT.withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
            .withRetryAfterCeiling(Duration.ofSeconds(5));

    private static ImageApiEmulator primary;
    private static ImageApiEmulator backup;

    @BeforeAll
    static void start() {
        primary = ImageApiEmulator.builder().apiKey(KEY).start();
        backup = ImageApiEmulator.builder().apiKey(KEY).start();
    }

    @AfterAll
    static void stop() {
        primary.close();
        backup.close();
    }

    @BeforeEach
    void reset() {
        primary.reset();
        backup.reset();
    }

    private static OpenAiImageGenerator client(String baseUrl, String key) {
        return OpenAiImageGenerator.builder().apiKey(key).baseUrl(baseUrl + "/v1")
                .responseTimeout(Duration.ofSeconds(1)).idleTimeout(Duration.ofSeconds(1)).build();
    }

    private static ImageGenerator route(String primaryUrl, String primaryKey) {
        return ImageRouter.builder("suite").add("primary", client(primaryUrl, primaryKey))
                .add("backup", client(backup.baseUrl(), KEY)).retry(RETRY)
                .circuitBreaker(new CircuitBreakerOptions(5, Duration.ofSeconds(30))).build();
    }

    private static ImageRequest request() {
        return ImageRequest.builder().prompt("a lighthouse in a storm").size("1024x1024").quality(dev.imagegen4j.Quality.LOW)
                .build();
    }

    private static String httpDate(Duration fromNow) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plus(fromNow));
    }

    /**
     * name, fault set-up on the primary, expected outcome ("primary", "backup" or an exception class),
     * POSTs at primary and backup, minimum and maximum time.
     */
    static Stream<Arguments> faults() {
        return Stream.of(
                row("429 retry-after-ms", e -> e.enqueue(Fault.status(429).header("retry-after-ms", "300")
                        .withoutHeader("retry-after")), "primary", 2, 0, 300, 3000),
                row("429 retry-after seconds", e -> e.enqueue(Fault.status(429).header("retry-after", "1")
                        .withoutHeader("retry-after-ms")), "primary", 2, 0, 1000, 4000),
                row("429 retry-after HTTP date", e -> e.enqueue(Fault.status(429).header("retry-after", httpDate(
                        Duration.ofSeconds(2))).withoutHeader("retry-after-ms")), "primary", 2, 0, 900, 4000),
                row("429 x-ms-retry-after-ms", e -> e.enqueue(Fault.status(429).header("x-ms-retry-after-ms", "400")
                        .withoutHeader("retry-after").withoutHeader("retry-after-ms")), "primary", 2, 0, 400, 3000),
                row("429 over the ceiling", e -> e.enqueue(Fault.rateLimited(Duration.ofSeconds(600))), "backup", 1, 1, 0,
                        2000),
                row("500", e -> e.enqueue(Fault.status(500)), "primary", 2, 0, 0, 2000),
                row("503", e -> e.enqueue(Fault.status(503)), "primary", 2, 0, 0, 2000),
                row("503 always", e -> e.addRule(dev.imagegen4j.testkit.FaultRule.always(Fault.status(503))), "backup",
                        3, 1, 0, 3000),
                row("reset before the request was sent", e -> e.enqueue(Fault.resetBeforeBody()), "primary", 2, 0, 0,
                        2000),
                row("reset after the request was sent", e -> e.enqueue(Fault.resetAfterBody()),
                        ResultUnknownException.class, 1, 0, 0, 2000),
                row("stall before headers", e -> e.enqueue(Fault.firstByteDelay(Duration.ofSeconds(10))),
                        ResultUnknownException.class, 1, 0, 900, 4000),
                row("stall mid-body", e -> e.enqueue(Fault.stallMidBody(Duration.ofSeconds(10))),
                        ResultUnknownException.class, 1, 0, 900, 4000),
                row("truncated body", e -> e.enqueue(Fault.truncateBody()), ResultUnknownException.class, 1, 0, 0, 2000),
                row("malformed JSON", e -> e.enqueue(Fault.malformedJson()), ResultUnknownException.class, 1, 0, 0, 2000),
                row("content-policy refusal", e -> e.enqueue(Fault.contentPolicy()), ContentPolicyException.class, 1, 0,
                        0, 2000),
                row("quota exhausted", e -> e.enqueue(Fault.quotaExhausted()), "backup", 1, 1, 0, 2000));
    }

    private static Arguments row(String name, Consumer<ImageApiEmulator> setUp, Object outcome, int primaryPosts,
            int backupPosts, long minMs, long maxMs) {
        return Arguments.of(name, setUp, outcome, primaryPosts, backupPosts, minMs, maxMs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void should_survive_or_fail_as_documented(String name, Consumer<ImageApiEmulator> setUp, Object outcome,
            int primaryPosts, int backupPosts, long minMs, long maxMs) {
        setUp.accept(primary);
        Object actual;
        long start = System.nanoTime();
        try (ImageGenerator route = route(primary.baseUrl(), KEY)) {
            ImageResult r = route.generate(request());
            actual = r.providerMetadata().get("route-member");
        } catch (RuntimeException e) {
            actual = e.getClass();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(actual).as(name).isEqualTo(outcome);
        assertThat(primary.journal().posts()).as(name + ": POSTs at the primary").hasSize(primaryPosts);
        assertThat(backup.journal().posts()).as(name + ": POSTs at the backup").hasSize(backupPosts);
        assertThat(ms).as(name + ": milliseconds").isBetween(minMs, maxMs);
        System.out.printf("fault-suite | %-34s | %-24s | primary %d | backup %d | %5d ms%n", name,
                actual instanceof Class ? ((Class<?>) actual).getSimpleName() : "served by " + actual, primaryPosts,
                backupPosts, ms);
    }

    @Test
    void should_fail_over_when_the_primary_refuses_the_connection() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (ImageGenerator route = route("http://127.0.0.1:" + closedPort, KEY)) {
            ImageResult r = route.generate(request());

            assertThat(r.providerMetadata()).containsEntry("route-member", "backup");
            assertThat(r.providerMetadata()).containsEntry("route-attempts", 4);
            assertThat(backup.journal().posts()).hasSize(1);
        }
    }

    @Test
    void should_fail_over_when_the_primary_rejects_the_key() {
        try (ImageGenerator route = route(primary.baseUrl(), "sk-not-the-right-key")) {
            ImageResult r = route.generate(request());

            assertThat(r.providerMetadata()).containsEntry("route-member", "backup");
            assertThat(primary.journal().posts()).hasSize(1);
            assertThat(backup.journal().posts()).hasSize(1);
        }
    }

    @Test
    void should_fail_over_when_the_primary_hits_its_requests_per_minute_limit() {
        primary.rateLimit(1);
        try (ImageGenerator route = route(primary.baseUrl(), KEY)) {
            ImageResult first = route.generate(request());
            long start = System.nanoTime();
            ImageResult second = route.generate(request());

            assertThat(first.providerMetadata()).containsEntry("route-member", "primary");
            assertThat(second.providerMetadata()).containsEntry("route-member", "backup");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(primary.journal().posts()).hasSize(2);
        }
    }

    @Test
    void should_retry_a_paid_but_lost_request_only_when_opted_in() {
        primary.enqueue(Fault.resetAfterBody());
        try (ImageGenerator optedIn = ImageRouter.builder("suite").add("primary", client(primary.baseUrl(), KEY))
                .add("backup", client(backup.baseUrl(), KEY)).retry(RETRY).retryUnknownResult(true).build()) {
            ImageResult r = optedIn.generate(request());

            assertThat(r.providerMetadata()).containsEntry("route-member", "primary");
            assertThat(primary.journal().posts()).as("the opted-in second POST").hasSize(2);
        }
    }
}
