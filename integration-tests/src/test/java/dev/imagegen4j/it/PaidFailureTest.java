package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.aimlapi.OpenAiCompatibleImageGenerator;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.routing.ImageRouter;
import dev.imagegen4j.routing.RetryOptions;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failure after a vendor may have produced a paid result is never retried and never failed over, through
 * a route with retries and a backup: split requests return what arrived, gateway timeouts after sending and
 * stream errors after image data are unknown outcomes. Every case counts the POSTs of both emulators.
 */
class PaidFailureTest {

    private static final String KEY = "sk-paid-failure-27182818";
    private static final RetryOptions RETRY = RetryOptions.DEFAULT.withBackoff(Duration.ofMillis(20), Duration.ofMillis(50));

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

    /** A relay that returns one image per call: n=3 becomes three parallel calls. */
    private static ImageGenerator oneImagePerCall(ImageApiEmulator emu) {
        return OpenAiCompatibleImageGenerator.builder().baseUrl(emu.baseUrl() + "/v1").apiKey(KEY)
                .maxImagesPerCall(1).build();
    }

    private static ImageGenerator route(ImageGenerator first) {
        return ImageRouter.builder("paid").add("primary", first).add("backup", oneImagePerCall(backup)).retry(RETRY)
                .build();
    }

    private static ImageRequest request(int n) {
        return ImageRequest.builder().prompt("three foxes").size("1024x1024").quality(dev.imagegen4j.Quality.LOW).n(n)
                .build();
    }

    @Test
    void should_return_the_images_that_arrived_and_list_the_failed_calls_without_retrying() {
        primary.enqueue(Fault.none(), Fault.status(500), Fault.resetAfterBody());
        try (ImageGenerator g = route(oneImagePerCall(primary))) {

            ImageResult r = g.generate(request(3));

            assertThat(r.images()).hasSize(1);
            assertThat(r.failures()).hasSize(2);
            assertThat(r.failures()).anyMatch(e -> e instanceof ResultUnknownException)
                    .anyMatch(e -> e instanceof RetryableException);
            assertThat(r.warnings()).anyMatch(w -> w.contains("1 of 3 images came back") && w.contains("paid for"));
            assertThat(primary.journal().posts()).hasSize(3);
            assertThat(backup.journal().posts()).isEmpty();
        }
    }

    @Test
    void should_report_unknown_when_every_call_failed_and_one_may_have_been_paid() {
        primary.enqueue(Fault.status(500), Fault.resetAfterBody(), Fault.status(503));
        try (ImageGenerator g = route(oneImagePerCall(primary))) {

            ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class, () -> g.generate(request(3)));

            assertThat(e.getMessage()).contains("all 3 parallel calls").contains("paid");
            assertThat(e.getSuppressed()).hasSize(2);
            assertThat(primary.journal().posts()).hasSize(3);
            assertThat(backup.journal().posts()).isEmpty();
        }
    }

    @Test
    void should_let_the_route_retry_when_every_call_failed_and_none_was_paid() {
        primary.enqueue(Fault.status(500), Fault.status(503), Fault.status(500));
        try (ImageGenerator g = route(oneImagePerCall(primary))) {

            ImageResult r = g.generate(request(3));

            assertThat(r.images()).hasSize(3);
            assertThat(r.failures()).isEmpty();
            assertThat(primary.journal().posts()).as("3 refused, then 3 served on the retry").hasSize(6);
        }
    }

    @Test
    void should_merge_async_split_calls_the_same_way() throws Exception {
        primary.enqueue(Fault.none(), Fault.resetAfterBody(), Fault.none());
        try (ImageGenerator g = oneImagePerCall(primary)) {

            ImageResult r = g.generateAsync(request(3)).get();

            assertThat(r.images()).hasSize(2);
            assertThat(r.failures()).singleElement().isInstanceOf(ResultUnknownException.class);
            assertThat(primary.journal().posts()).hasSize(3);
        }
    }

    @Test
    void should_not_retry_or_fail_over_a_gateway_timeout_after_the_request_was_sent() {
        primary.enqueue(Fault.status(504));
        try (ImageGenerator g = route(OpenAiImageGenerator.builder().apiKey(KEY).baseUrl(primary.baseUrl() + "/v1")
                .build())) {

            ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class, () -> g.generate(request(1)));

            assertThat(e.httpStatus()).hasValue(504);
            assertThat(primary.journal().posts()).hasSize(1);
            assertThat(backup.journal().posts()).isEmpty();
        }
    }

    @Test
    void should_not_retry_or_fail_over_a_stream_error_after_a_partial_image() {
        primary.enqueue(Fault.streamError());
        try (ImageGenerator g = route(OpenAiImageGenerator.builder().apiKey(KEY).baseUrl(primary.baseUrl() + "/v1")
                .build())) {

            ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class,
                    () -> g.generate(request(1).toBuilder().partialImages(1).build()));

            assertThat(e.getMessage()).contains("partial image");
            assertThat(primary.journal().posts()).hasSize(1);
            assertThat(backup.journal().posts()).isEmpty();
        }
    }
}
