package dev.imagegen4j.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegen4j.AllProvidersFailedException;
import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageRouterTest {

    private static final RetryOptions FAST = RetryOptions.DEFAULT.withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));

    private static ImageRequest request() {
        return ImageRequest.builder().prompt("a boat").build();
    }

    private static RateLimitException rateLimited(String provider, Duration after) {
        return new RateLimitException("slow down", null, provider, 429, "req", "rate_limit", after);
    }

    private static RetryableException unavailable(String provider) {
        return new RetryableException("unavailable", null, provider, 503, "req", null);
    }

    @Test
    void should_retry_then_succeed_on_the_same_provider() {
        FakeGenerator a = new FakeGenerator("a").thenFail(unavailable("a"));
        FakeGenerator b = new FakeGenerator("b");
        ImageGenerator route = ImageRouter.builder("r").add(a).add(b).retry(FAST).build();

        ImageResult r = route.generate(request());

        assertThat(r.providerId()).isEqualTo("a");
        assertThat(r.providerMetadata()).containsEntry("route", "r").containsEntry("route-attempts", 2);
        assertThat(a.calls).hasValue(2);
        assertThat(b.calls).hasValue(0);
    }

    @Test
    void should_fail_over_after_spent_retries_and_provider_errors() {
        FakeGenerator a = new FakeGenerator("a").alwaysFail(unavailable("a"));
        FakeGenerator b = new FakeGenerator("b").alwaysFail(new AuthenticationException("bad key", null, "b", 401, null, null));
        FakeGenerator c = new FakeGenerator("c");
        ImageGenerator route = ImageRouter.builder("r").add(a).add(b).add(c).retry(FAST).build();

        ImageResult r = route.generate(request());

        assertThat(r.providerId()).isEqualTo("c");
        assertThat(a.calls).hasValue(3);
        assertThat(b.calls).as("provider errors are not retried").hasValue(1);
        assertThat(r.warnings()).containsExactly("a failed (RetryableException x3: unavailable (HTTP 503, request id "
                + "req)); b failed (AuthenticationException: bad key (HTTP 401)); served by c");
    }

    @Test
    void should_warn_about_skipped_members_when_a_later_one_serves() throws Exception {
        FakeGenerator noMask = new FakeGenerator("aimlapi").narrow(c -> c.toBuilder().mask(false).build());
        FakeGenerator c = new FakeGenerator("c");
        ImageGenerator route = ImageRouter.builder("r").add(noMask).add(c).retry(FAST).build();
        ImageInput png = ImageInput.of(png(8, 8), "a.png");

        ImageResult r = route.generate(ImageRequest.builder().prompt("x").image(png).mask(png).build());

        assertThat(r.warnings()).containsExactly("aimlapi skipped (no mask support for gpt-image-2.5-flare); served by c");
    }

    @Test
    void should_give_no_failover_warning_when_the_first_member_serves_after_a_retry() {
        FakeGenerator a = new FakeGenerator("a").thenFail(unavailable("a"));
        ImageGenerator route = ImageRouter.builder("r").add(a).add(new FakeGenerator("b")).retry(FAST).build();

        assertThat(route.generate(request()).warnings()).isEmpty();
    }

    @Test
    void should_mask_keys_and_bound_each_message_when_showing_failures() {
        String key = "sk-proj-Q7xW2vN9kL4mZ8pR3tY6";
        FakeGenerator a = new FakeGenerator("a").alwaysFail(new AuthenticationException("Incorrect API key "
                + "provided: " + key + "\r\nmore " + "x".repeat(5_000), null, "a", 401, null, null));
        FakeGenerator b = new FakeGenerator("b");

        ImageResult served = ImageRouter.builder("r").add(a).add(b).retry(FAST).build().generate(request());
        AllProvidersFailedException all = catchThrowableOfType(AllProvidersFailedException.class,
                () -> ImageRouter.builder("r").add(a).retry(FAST).build().generate(request()));

        for (String text : List.of(served.warnings().get(0), all.getMessage())) {
            assertThat(text).contains("AuthenticationException: Incorrect API key provided: sk-***")
                    .doesNotContain("Q7xW2vN9").doesNotContain("\n").hasSizeLessThan(400);
        }
    }

    @Test
    void should_list_every_attempt_when_all_providers_fail() throws Exception {
        FakeGenerator azure = new FakeGenerator("azure").alwaysFail(rateLimited("azure", Duration.ofMillis(1)));
        FakeGenerator openai = new FakeGenerator("openai")
                .alwaysFail(new AuthenticationException("bad key", null, "openai", 401, null, null));
        FakeGenerator aimlapi = new FakeGenerator("aimlapi").narrow(c -> c.toBuilder().mask(false).build());
        ImageGenerator route = ImageRouter.builder("r").add(azure).add(openai).add(aimlapi).retry(FAST)
                .circuitBreaker(null).build();
        ImageInput png = ImageInput.of(png(8, 8), "a.png");
        ImageRequest masked = ImageRequest.builder().prompt("x").image(png).mask(png).build();

        AllProvidersFailedException e = catchThrowableOfType(AllProvidersFailedException.class,
                () -> route.generate(masked));

        assertThat(e.getMessage()).isEqualTo("all providers failed. Tried: azure (RateLimitException x3: slow down "
                + "(HTTP 429, request id req)), openai (AuthenticationException: bad key (HTTP 401)), aimlapi (skipped: "
                + "no mask support for gpt-image-2.5-flare)");
        assertThat(e.getSuppressed()).hasSize(4);
        assertThat(aimlapi.calls).hasValue(0);
    }

    @Test
    void should_never_fail_over_after_a_content_policy_refusal_or_an_invalid_request() {
        FakeGenerator a = new FakeGenerator("a")
                .thenFail(new ContentPolicyException("refused", "a", 400, null, "moderation_blocked",
                        ContentPolicyException.Stage.INPUT, List.of("violence"), null))
                .thenFail(new InvalidRequestException("bad size", null, "a", 400, null, "invalid_value", "size"));
        FakeGenerator b = new FakeGenerator("b");
        ImageGenerator route = ImageRouter.builder("r").add(a).add(b).retry(FAST).build();

        assertThatThrownBy(() -> route.generate(request())).isInstanceOf(ContentPolicyException.class);
        assertThatThrownBy(() -> route.generate(request())).isExactlyInstanceOf(InvalidRequestException.class);
        assertThat(a.calls).hasValue(2);
        assertThat(b.calls).hasValue(0);
    }

    @Test
    void should_fail_over_after_a_refusal_only_when_opted_in_and_never_retry_it() {
        FakeGenerator a = new FakeGenerator("a").alwaysFail(new ContentPolicyException("refused", "a", 400, null,
                "moderation_blocked", ContentPolicyException.Stage.OUTPUT, List.of(), null));
        FakeGenerator b = new FakeGenerator("b");
        ImageGenerator route = ImageRouter.builder("r").add(a).add(b).retry(FAST)
                .failoverOn(ContentPolicyException.class).build();

        assertThat(route.generate(request()).providerId()).isEqualTo("b");
        assertThat(a.calls).hasValue(1);
    }

    @Test
    void should_never_retry_or_fail_over_an_unknown_result_unless_opted_in() {
        FakeGenerator a = new FakeGenerator("a").alwaysFail(new ResultUnknownException("reset after send", null, "a", 0, null));
        FakeGenerator b = new FakeGenerator("b");

        assertThatThrownBy(() -> ImageRouter.builder("r").add(a).add(b).retry(FAST).build().generate(request()))
                .isInstanceOf(ResultUnknownException.class);
        assertThat(a.calls).hasValue(1);
        assertThat(b.calls).hasValue(0);

        ImageResult r = ImageRouter.builder("r").add(a).add(b).retry(FAST).retryUnknownResult(true).build()
                .generate(request());
        assertThat(r.providerId()).isEqualTo("b");
        assertThat(a.calls).hasValue(1 + 3);
    }

    @Test
    void should_fail_over_at_once_when_the_server_delay_is_over_the_ceiling() {
        FakeGenerator a = new FakeGenerator("a").alwaysFail(rateLimited("a", Duration.ofSeconds(600)));
        FakeGenerator b = new FakeGenerator("b");
        long start = System.nanoTime();

        ImageResult r = ImageRouter.builder("r").add(a).add(b).build().generate(request());

        assertThat(r.providerId()).isEqualTo("b");
        assertThat(a.calls).hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void should_wait_exactly_the_server_delay_without_jitter() {
        FakeGenerator a = new FakeGenerator("a").thenFail(rateLimited("a", Duration.ofMillis(300)));
        List<Duration> delays = new CopyOnWriteArrayList<>();
        ImageGenerator route = ImageRouter.builder("r").add(a).retry(RetryOptions.DEFAULT)
                .listener(new ImageGenerationListener() {
                    @Override
                    public void onRetry(String providerId, ImageGenerationException failure, Duration delay) {
                        delays.add(delay);
                    }
                }).build();
        long start = System.nanoTime();

        route.generate(request());

        assertThat(delays).containsExactly(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void should_spend_exactly_the_attempt_budget_across_providers() {
        FakeGenerator a = new FakeGenerator("a").alwaysFail(unavailable("a"));
        FakeGenerator b = new FakeGenerator("b").alwaysFail(unavailable("b"));
        FakeGenerator c = new FakeGenerator("c").alwaysFail(unavailable("c"));
        ImageGenerator route = ImageRouter.builder("r").add(a).add(b).add(c).retry(FAST).maxAttempts(4)
                .circuitBreaker(null).build();

        AllProvidersFailedException e = catchThrowableOfType(AllProvidersFailedException.class,
                () -> route.generate(request()));

        assertThat(a.calls.get() + b.calls.get() + c.calls.get()).isEqualTo(4);
        assertThat(e.getMessage()).contains("c (skipped: attempt budget of 4 spent)");
    }

    @Test
    void should_open_the_circuit_and_probe_with_one_real_request_after_the_cooldown() throws Exception {
        FakeGenerator a = new FakeGenerator("a").alwaysFail(unavailable("a"));
        FakeGenerator b = new FakeGenerator("b");
        ImageGenerator route = ImageRouter.builder("r").add(a).add(b).retry(RetryOptions.NONE)
                .circuitBreaker(new CircuitBreakerOptions(3, Duration.ofMillis(300))).build();

        for (int i = 0; i < 10; i++) {
            assertThat(route.generate(request()).providerId()).isEqualTo("b");
        }
        assertThat(a.calls).as("the open circuit keeps requests away").hasValue(3);

        Thread.sleep(350);
        route.generate(request());
        assertThat(a.calls).as("one probe after the cool-down").hasValue(4);
        route.generate(request());
        assertThat(a.calls).as("the failed probe re-opened the circuit").hasValue(4);
    }

    @Test
    void should_report_attempts_retries_and_failovers_to_the_listener() {
        FakeGenerator a = new FakeGenerator("a").alwaysFail(unavailable("a"));
        FakeGenerator b = new FakeGenerator("b");
        List<String> events = new CopyOnWriteArrayList<>();
        ImageGenerator route = ImageRouter.builder("r").add(a).add(b).retry(FAST.withMaxRetries(1))
                .listener(new ImageGenerationListener() {
                    @Override
                    public void onAttempt(String providerId, int attempt, ImageRequest request) {
                        events.add("attempt " + providerId + " " + attempt);
                    }

                    @Override
                    public void onRetry(String providerId, ImageGenerationException failure, Duration delay) {
                        events.add("retry " + providerId);
                    }

                    @Override
                    public void onFailover(String fromProviderId, ImageGenerationException failure) {
                        events.add("failover " + fromProviderId);
                    }

                    @Override
                    public void onSuccess(String providerId, ImageResult result) {
                        events.add("success " + providerId);
                    }
                }).build();

        route.generate(request());

        assertThat(events).containsExactly("attempt a 1", "retry a", "attempt a 2", "failover a", "attempt b 3",
                "success b");
    }

    @Test
    void should_close_its_providers() {
        FakeGenerator a = new FakeGenerator("a");
        FakeGenerator b = new FakeGenerator("b");

        ImageRouter.builder("r").add(a).add(b).build().close();

        assertThat(a.closed).isTrue();
        assertThat(b.closed).isTrue();
    }

    private static byte[] png(int w, int h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB), "png", out);
        return out.toByteArray();
    }
}
