package dev.imagegen4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.routing.ImageRouter;
import dev.imagegen4j.routing.RetryOptions;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import dev.langchain4j.model.openai.OpenAiImageModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real LangChain4j {@link OpenAiImageModel} behind the bridge, first in a route with retries, in front of a second
 * emulator-backed member: every failure that may follow a generation sends exactly one POST in total (no retry, no
 * failover); failures that prove nothing was processed are still retried and failed over.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BridgePaysOnceTest {

    @RegisterExtension
    static EmulatorExtension vendorEmu = EmulatorExtension.create();

    @RegisterExtension
    static EmulatorExtension backupEmu = EmulatorExtension.create();

    private static final RetryOptions FAST = RetryOptions.DEFAULT.withBackoff(Duration.ofMillis(5),
            Duration.ofMillis(20));

    private static ImageApiEmulator vendor() {
        return vendorEmu.emulator();
    }

    private static ImageApiEmulator backup() {
        return backupEmu.emulator();
    }

    /** LangChain4j's model as an application would build it, but without retries of its own (see the bridge's doc). */
    private static OpenAiImageModel model(String baseUrl, String modelName, Duration timeout) {
        return OpenAiImageModel.builder().baseUrl(baseUrl).apiKey("sk-lc4j-test-key-0001").modelName(modelName)
                .maxRetries(0).timeout(timeout).build();
    }

    private static ImageGenerator route(ImageModelGenerator bridge) {
        ImageGenerator openai = OpenAiImageGenerator.builder().apiKey("sk-backup-test-key-0002")
                .baseUrl(backup().baseUrl() + "/v1").build();
        return ImageRouter.builder("images").add("lc4j", bridge).add("backup", openai).retry(FAST).build();
    }

    private static ImageModelGenerator bridge(String modelName, UnaryOperator<ImageModelGenerator.Builder> config) {
        OpenAiImageModel m = model(vendor().baseUrl() + "/v1", modelName, Duration.ofSeconds(10));
        return config.apply(ImageModelGenerator.builder(m).modelName(modelName)).build();
    }

    private static int posts() {
        return vendor().journal().posts().size() + backup().journal().posts().size();
    }

    private static long downloads() {
        return vendor().journal().all().stream().filter(r -> r.method().equals("GET")).count();
    }

    static Stream<Arguments> paidButFailed() {
        return Stream.of(
                Arguments.of("reset after the request was sent", Fault.resetAfterBody()),
                Arguments.of("504 from a gateway in front of a slow generation", Fault.status(504)),
                Arguments.of("502 from a gateway after forwarding", Fault.status(502)),
                Arguments.of("a success answer that does not parse", Fault.malformedJson()),
                Arguments.of("a success answer cut off", Fault.truncateBody()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paidButFailed")
    void should_send_one_post_when_the_failure_may_follow_a_generation(String what, Fault fault) {
        // given
        vendor().enqueue(fault);
        try (ImageGenerator route = route(bridge("gpt-image-1", b -> b))) {

            // when
            Throwable e = catchThrowable(() -> route.generate(ImageRequest.builder().prompt("a lighthouse").build()));

            // then
            assertThat(e).as(what).isInstanceOf(ResultUnknownException.class)
                    .hasMessageContaining("may have been generated and paid for");
            assertThat(posts()).as(what).isEqualTo(1);
        }
    }

    @Test
    void should_send_one_post_when_the_model_times_out_after_sending() throws Exception {
        // given: the vendor takes 1.5 s, the LangChain4j model waits 300 ms
        vendor().enqueue(Fault.latency(Duration.ofMillis(1500)));
        OpenAiImageModel slow = model(vendor().baseUrl() + "/v1", "gpt-image-1", Duration.ofMillis(300));
        try (ImageGenerator route = route(ImageModelGenerator.builder(slow).build())) {

            Throwable e = catchThrowable(() -> route.generate(ImageRequest.builder().prompt("a lighthouse").build()));

            assertThat(e).isInstanceOf(ResultUnknownException.class).hasMessageContaining("TimeoutException");
            // the emulator records the request once it has answered it, after its latency
            assertThat(vendor().journal().await(1, Duration.ofSeconds(10))).hasSize(1);
            assertThat(posts()).isEqualTo(1);
        }
    }

    static Stream<Arguments> undeliverableUrls() {
        return Stream.of(
                Arguments.of("the download connection is reset", Fault.resetBeforeBody(), "download of"),
                Arguments.of("the download body is cut off", Fault.truncateBody(), "was cut off"),
                Arguments.of("the download body stalls", Fault.stallMidBody(Duration.ofSeconds(5)), "stalled"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undeliverableUrls")
    void should_send_one_post_when_the_returned_image_url_cannot_be_downloaded(String what, Fault getFault,
            String reason) {
        // given: dall-e-3 answers with a URL on the emulator; the POST succeeds, the GET of the image fails
        vendor().enqueue(Fault.none(), getFault);
        ImageModelGenerator bridge = bridge("dall-e-3", b -> b.allowLoopbackDownloads(true)
                .downloadIdleTimeout(Duration.ofMillis(300)));
        try (ImageGenerator route = route(bridge)) {

            // when
            Throwable e = catchThrowable(() -> route.generate(ImageRequest.builder().prompt("a lighthouse").build()));

            // then
            assertThat(e).as(what).isInstanceOf(ResultUnknownException.class)
                    .hasMessageContaining("returned image 0 of 1, which cannot be delivered")
                    .hasMessageContaining(reason)
                    .hasMessageContaining("may have been generated and paid for");
            assertThat(posts()).as(what).isEqualTo(1);
            assertThat(downloads()).as(what).isEqualTo(1);
        }
    }

    @Test
    void should_send_one_post_when_the_returned_image_url_is_refused() {
        // given: the bridge does not allow loopback downloads, so the emulator's URL is refused before any GET
        try (ImageGenerator route = route(bridge("dall-e-3", b -> b))) {

            Throwable e = catchThrowable(() -> route.generate(ImageRequest.builder().prompt("a lighthouse").build()));

            assertThat(e).isInstanceOf(ResultUnknownException.class)
                    .hasMessageContaining("image URL refused")
                    .hasMessageContaining("loopback");
            assertThat(posts()).isEqualTo(1);
            assertThat(downloads()).isZero();
        }
    }

    @Test
    void should_deliver_the_image_when_the_url_downloads() {
        try (ImageGenerator route = route(bridge("dall-e-3", b -> b.allowLoopbackDownloads(true)))) {

            ImageResult result = route.generate(ImageRequest.builder().prompt("a lighthouse").build());

            assertThat(result.providerMetadata()).containsEntry("route-member", "lc4j");
            assertThat(result.image().bytes()).isNotEmpty();
            assertThat(posts()).isEqualTo(1);
            assertThat(downloads()).isEqualTo(1);
        }
    }

    // ---- failures that prove nothing was processed are still retried and failed over -------------------------

    @Test
    void should_fail_over_after_an_authentication_error_and_say_so_in_the_result_and_the_log() {
        vendor().enqueue(Fault.status(401));
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ImageResult result;
        try (ImageGenerator route = route(bridge("gpt-image-1", b -> b))) {
            // slf4j-simple writes to whatever System.err is at the time
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            result = route.generate(ImageRequest.builder().prompt("a lighthouse").build());
        } finally {
            System.setErr(stderr);
        }

        assertThat(result.providerMetadata()).containsEntry("route-member", "backup");
        assertThat(vendor().journal().posts()).hasSize(1);
        assertThat(backup().journal().posts()).hasSize(1);
        assertThat(result.warnings()).singleElement().asString()
                .startsWith("lc4j failed (AuthenticationException: HttpException: Incorrect API key provided: sk-")
                .endsWith("(HTTP 401)); served by backup");
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("WARN").contains("route images: " + result.warnings().get(0))
                .doesNotContain("sk-lc4j-test-key-0001").doesNotContain("sk-backup-test-key-0002");
    }

    @Test
    void should_retry_a_server_error_that_says_the_vendor_failed_then_fail_over() {
        vendor().enqueue(Fault.status(500), Fault.status(503), Fault.status(500));
        try (ImageGenerator route = route(bridge("gpt-image-1", b -> b))) {

            ImageResult result = route.generate(ImageRequest.builder().prompt("a lighthouse").build());

            assertThat(result.providerMetadata()).containsEntry("route-member", "backup");
            assertThat(vendor().journal().posts()).hasSize(3);
            assertThat(backup().journal().posts()).hasSize(1);
        }
    }

    @Test
    void should_retry_and_fail_over_when_no_connection_could_be_made() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        OpenAiImageModel unreachable = model("http://127.0.0.1:" + closedPort + "/v1", "gpt-image-1",
                Duration.ofSeconds(5));
        try (ImageGenerator route = route(ImageModelGenerator.builder(unreachable).build())) {

            ImageResult result = route.generate(ImageRequest.builder().prompt("a lighthouse").build());

            assertThat(result.providerMetadata()).containsEntry("route-member", "backup");
            assertThat(result.providerMetadata()).containsEntry("route-attempts", 4);
            assertThat(backup().journal().posts()).hasSize(1);
        }
    }

    @Test
    void should_stop_after_a_content_policy_refusal() {
        vendor().enqueue(Fault.contentPolicy());
        try (ImageGenerator route = route(bridge("gpt-image-1", b -> b))) {

            Throwable e = catchThrowable(() -> route.generate(ImageRequest.builder().prompt("a lighthouse").build()));

            assertThat(e).isInstanceOf(ContentPolicyException.class);
            assertThat(posts()).isEqualTo(1);
        }
    }

    @Test
    void should_send_the_generation_the_model_was_built_for() {
        try (ImageGenerator route = route(bridge("gpt-image-1", b -> b))) {
            route.generate(ImageRequest.builder().prompt("a lighthouse").build());
        }

        List<RecordedRequest> sent = vendor().journal().posts();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).path()).isEqualTo("/v1/images/generations");
        assertThat(sent.get(0).header("authorization")).contains("Bearer sk-lc4j-test-key-0001");
    }
}
