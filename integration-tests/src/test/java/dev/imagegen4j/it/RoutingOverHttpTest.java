package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegen4j.AllProvidersFailedException;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.routing.CircuitBreakerOptions;
import dev.imagegen4j.routing.ImageRouter;
import dev.imagegen4j.routing.RetryOptions;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.FaultRule;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing across two and three emulator instances over real HTTP. */
class RoutingOverHttpTest {

    private static final RetryOptions FAST = RetryOptions.DEFAULT.withBackoff(Duration.ofMillis(5), Duration.ofMillis(20));

    private static ImageApiEmulator first;
    private static ImageApiEmulator second;
    private static ImageApiEmulator third;

    @BeforeAll
    static void start() {
        first = ImageApiEmulator.start();
        second = ImageApiEmulator.start();
        third = ImageApiEmulator.start();
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        third.close();
    }

    @BeforeEach
    void reset() {
        first.reset();
        second.reset();
        third.reset();
    }

    private static ImageGenerator openai(ImageApiEmulator emu) {
        return OpenAiImageGenerator.builder().apiKey("sk-route").baseUrl(emu.baseUrl() + "/v1").build();
    }

    private static ImageRequest request() {
        return ImageRequest.builder().prompt("a harbour at night").size("1024x1024").build();
    }

    @Test
    void should_serve_everything_from_the_backup_and_keep_away_from_a_broken_primary_until_the_cooldown()
            throws Exception {
        first.addRule(FaultRule.always(Fault.status(503)));
        try (ImageGenerator route = ImageRouter.builder("main").add(openai(first)).add(openai(second))
                .retry(FAST.withMaxRetries(0)).circuitBreaker(new CircuitBreakerOptions(3, Duration.ofSeconds(2)))
                .build()) {
            for (int i = 0; i < 8; i++) {
                assertThat(route.generate(request()).providerMetadata()).containsEntry("route", "main");
            }
            assertThat(first.journal().posts()).as("the breaker opened after 3 failures").hasSize(3);
            assertThat(second.journal().posts()).hasSize(8);

            Thread.sleep(2100);
            route.generate(request());
            assertThat(first.journal().posts()).as("one real probe after the cool-down").hasSize(4);
        }
    }

    @Test
    void should_retry_once_after_the_servers_delay_of_one_second() {
        first.enqueue(Fault.status(429).retryAfter(Duration.ofSeconds(1)));
        try (ImageGenerator route = ImageRouter.builder("main").add(openai(first)).add(openai(second)).build()) {
            long start = System.nanoTime();

            ImageResult r = route.generate(request());

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r.providerMetadata()).containsEntry("route-attempts", 2);
            assertThat(first.journal().posts()).hasSize(2);
            assertThat(second.journal().posts()).isEmpty();
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void should_fail_over_at_once_when_the_server_asks_for_600_seconds() {
        first.enqueue(Fault.status(429).retryAfter(Duration.ofSeconds(600)));
        try (ImageGenerator route = ImageRouter.builder("main").add(openai(first)).add(openai(second)).build()) {
            long start = System.nanoTime();

            route.generate(request());

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(first.journal().posts()).hasSize(1);
            assertThat(second.journal().posts()).hasSize(1);
        }
    }

    @Test
    void should_not_fail_over_after_a_content_policy_refusal_or_a_400() {
        first.enqueue(Fault.contentPolicy(), Fault.status(400));
        try (ImageGenerator route = ImageRouter.builder("main").add(openai(first)).add(openai(second)).build()) {
            assertThatThrownBy(() -> route.generate(request())).isInstanceOf(ContentPolicyException.class);
            assertThatThrownBy(() -> route.generate(request())).isExactlyInstanceOf(InvalidRequestException.class);

            assertThat(first.journal().posts()).hasSize(2);
            assertThat(second.journal().posts()).isEmpty();
        }
    }

    @Test
    void should_send_exactly_one_post_when_the_connection_resets_after_the_request_was_sent() {
        first.enqueue(Fault.resetAfterBody());
        try (ImageGenerator route = ImageRouter.builder("main").add(openai(first)).add(openai(second)).build()) {
            assertThatThrownBy(() -> route.generate(request())).isInstanceOf(ResultUnknownException.class);

            assertThat(first.journal().posts().size() + second.journal().posts().size()).isEqualTo(1);
        }
    }

    @Test
    void should_send_exactly_the_budgeted_number_of_posts_when_every_provider_fails() {
        for (ImageApiEmulator e : new ImageApiEmulator[] {first, second, third}) {
            e.addRule(FaultRule.always(Fault.status(500)));
        }
        try (ImageGenerator route = ImageRouter.builder("main").add("first", openai(first))
                .add("second", openai(second)).add("third", openai(third)).retry(FAST.withMaxRetries(2))
                .circuitBreaker(null).build()) {
            AllProvidersFailedException e = catchThrowableOfType(AllProvidersFailedException.class,
                    () -> route.generate(request()));

            int posts = first.journal().posts().size() + second.journal().posts().size()
                    + third.journal().posts().size();
            assertThat(posts).isEqualTo(3 * (2 + 1));
            // each member with its count and the vendor's last message (which has a request id of its own)
            assertThat(e.getMessage()).matches("all providers failed\\. Tried: "
                    + "first \\(RetryableException x3: [^()]+\\(HTTP 500, request id [^)]+\\)\\), "
                    + "second \\(RetryableException x3: [^()]+\\(HTTP 500, request id [^)]+\\)\\), "
                    + "third \\(RetryableException x3: [^()]+\\(HTTP 500, request id [^)]+\\)\\)");
            assertThat(e.getSuppressed()).hasSize(9);
        }
    }
}
