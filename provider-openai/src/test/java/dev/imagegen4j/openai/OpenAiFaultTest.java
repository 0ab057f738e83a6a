package dev.imagegen4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.QuotaExceededException;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Faults over real HTTP: each answer or failure becomes the exception that says what to do next. */
class OpenAiFaultTest {

    private static final String KEY = "sk-fault-test-key-0987654321";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.create(b -> b.apiKey(KEY));

    private ImageApiEmulator emu;
    private OpenAiImageGenerator openai;

    @BeforeEach
    void setUp() {
        emu = EMULATOR.emulator();
        openai = client(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() {
        openai.close();
    }

    private OpenAiImageGenerator client(Duration idle, Duration headers) {
        return OpenAiImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl() + "/v1")
                .idleTimeout(idle).responseTimeout(headers).build();
    }

    private static ImageRequest request() {
        return ImageRequest.builder().prompt("a red fox").model(ModelId.GPT_IMAGE_2).size("1024x1024").build();
    }

    @Test
    void should_raise_rate_limit_with_the_servers_delay() {
        emu.enqueue(Fault.rateLimited(Duration.ofSeconds(3)));

        RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> openai.generate(request()));

        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(e.httpStatus()).hasValue(429);
        assertThat(e.requestId()).isPresent();
    }

    @Test
    void should_raise_retryable_for_500_and_503() {
        emu.enqueue(Fault.status(500), Fault.status(503).shouldRetry(true));

        assertThatThrownBy(() -> openai.generate(request())).isExactlyInstanceOf(RetryableException.class);
        assertThatThrownBy(() -> openai.generate(request())).isExactlyInstanceOf(RetryableException.class);
    }

    @Test
    void should_raise_content_policy_with_stage_and_categories() {
        emu.enqueue(Fault.contentPolicy());

        ContentPolicyException e = catchThrowableOfType(ContentPolicyException.class, () -> openai.generate(request()));

        assertThat(e.providerCode()).contains("moderation_blocked");
        assertThat(e.stage()).isNotEqualTo(ContentPolicyException.Stage.UNKNOWN);
        assertThat(e.categories()).isNotEmpty();
    }

    @Test
    void should_raise_quota_exceeded() {
        emu.enqueue(Fault.quotaExhausted());

        assertThatThrownBy(() -> openai.generate(request())).isExactlyInstanceOf(QuotaExceededException.class);
    }

    @Test
    void should_raise_authentication_without_echoing_the_key() {
        try (OpenAiImageGenerator wrong = OpenAiImageGenerator.builder().apiKey("sk-wrong-key-1234567890")
                .baseUrl(emu.baseUrl() + "/v1").build()) {
            AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
                    () -> wrong.generate(request()));

            assertThat(e.getMessage()).doesNotContain("sk-wrong-key-1234567890").doesNotContain(KEY);
        }
    }

    @Test
    void should_report_a_malformed_body_as_unknown_result_naming_the_request_id() {
        emu.enqueue(Fault.malformedJson());

        ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class, () -> openai.generate(request()));

        assertThat(e.requestId()).isPresent();
        assertThat(e.getMessage()).contains("malformed response body").contains(e.requestId().get());
    }

    @Test
    void should_report_a_truncated_body_as_unknown_result() {
        emu.enqueue(Fault.truncateBody());

        ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class, () -> openai.generate(request()));

        assertThat(e.getMessage()).contains("truncated").contains("request id");
    }

    @Test
    void should_report_a_reset_after_the_body_was_read_as_unknown_result() {
        emu.enqueue(Fault.resetAfterBody());

        ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class, () -> openai.generate(request()));

        assertThat(e.getMessage()).contains("after the request was sent");
        assertThat(emu.journal().posts()).hasSize(1);
    }

    @Test
    void should_report_a_reset_before_the_body_was_sent_as_retryable() {
        emu.enqueue(Fault.resetBeforeBody());

        RetryableException e = catchThrowableOfType(RetryableException.class, () -> openai.generate(request()));

        assertThat(e.getMessage()).contains("before the request was sent");
    }

    @Test
    void should_report_a_refused_connection_as_retryable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (OpenAiImageGenerator closed = OpenAiImageGenerator.builder().apiKey(KEY)
                .baseUrl("http://127.0.0.1:" + port + "/v1").build()) {
            assertThatThrownBy(() -> closed.generate(request()))
                    .isExactlyInstanceOf(RetryableException.class)
                    .hasMessageContaining("cannot connect to 127.0.0.1:" + port);
        }
    }

    @Test
    void should_fail_a_stalled_body_within_the_idle_timeout_plus_one_second() {
        emu.enqueue(Fault.stallMidBody(Duration.ofSeconds(20)));
        java.util.concurrent.atomic.AtomicLong receivingSince = new java.util.concurrent.atomic.AtomicLong();
        dev.imagegen4j.ImageListener listener = new dev.imagegen4j.ImageListener() {
            @Override
            public void onPhase(Phase phase) {
                if (phase == Phase.RECEIVING) {
                    receivingSince.set(System.nanoTime());
                }
            }
        };

        ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class,
                () -> openai.generate(request(), listener));

        // the emulator writes half the body right after the headers, then stalls
        Duration stalledFor = Duration.ofNanos(System.nanoTime() - receivingSince.get());
        assertThat(e.getMessage()).contains("stalled").contains("body idle timeout");
        assertThat(stalledFor).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void should_fail_when_headers_do_not_arrive_in_time() {
        try (OpenAiImageGenerator impatient = client(Duration.ofSeconds(30), Duration.ofMillis(500))) {
            emu.enqueue(Fault.firstByteDelay(Duration.ofSeconds(5)));

            assertThatThrownBy(() -> impatient.generate(request()))
                    .isExactlyInstanceOf(ResultUnknownException.class)
                    .hasMessageContaining("headers timeout");
        }
    }

    @Test
    void should_report_an_error_event_after_a_partial_image_as_unknown_not_retryable() {
        emu.enqueue(Fault.streamError());

        ResultUnknownException e = catchThrowableOfType(ResultUnknownException.class,
                () -> openai.generate(request().toBuilder().partialImages(2).build()));

        assertThat(e.getMessage()).contains("after 1 partial image(s)").contains("paid");
        assertThat(e.getCause()).isInstanceOf(ImageGenerationException.class);
        assertThat(emu.journal().posts()).hasSize(1);
    }

    @Test
    void should_put_rate_limit_headers_into_metadata() {
        emu.enqueue(Fault.none().header("x-ratelimit-limit-requests", "50")
                .header("x-ratelimit-reset-requests", "6m0s"));

        ImageResult r = openai.generate(request());

        assertThat(r.providerMetadata().get("rate-limits")).isEqualTo(
                Map.of("limit-requests", 50L, "reset-requests", Duration.ofMinutes(6)));
    }

    @Test
    void should_decode_a_16_mib_image_into_a_right_sized_array() throws IOException {
        int size = 16 << 20;
        emu.synthetic(size);

        ImageResult r = openai.generate(request());

        assertThat(r.image().sizeBytes()).isEqualTo(size);
        try (InputStream in = r.image().openStream()) {
            assertSynthetic(in, size, 0);
        }
    }

    @Test
    void should_decode_a_64_mib_image_past_jacksons_string_limit(@TempDir Path dir) throws IOException {
        long size = 64L << 20;
        emu.synthetic(size);

        ImageResult r = openai.generate(request().toBuilder().sink(ImageSink.toFile(dir.resolve("big.bin"))).build());

        Path file = r.image().file().orElseThrow();
        assertThat(Files.size(file)).isEqualTo(size);
        try (InputStream in = Files.newInputStream(file)) {
            assertSynthetic(in, size, 0);
        }
    }

    /** The emulator's synthetic payload: SplittableRandom(0x5EED_1234 + item index), little-endian longs. */
    static void assertSynthetic(InputStream in, long size, int seed) throws IOException {
        SplittableRandom random = new SplittableRandom(0x5EED_1234L + seed);
        byte[] chunk = new byte[48 * 1024];
        long left = size;
        while (left > 0) {
            int len = (int) Math.min(chunk.length, left);
            byte[] expected = new byte[len];
            for (int i = 0; i < len; i += 8) {
                long v = random.nextLong();
                for (int j = 0; j < 8 && i + j < len; j++) {
                    expected[i + j] = (byte) (v >>> (8 * j));
                }
            }
            int got = in.readNBytes(chunk, 0, len);
            assertThat(got).isEqualTo(len);
            assertThat(java.util.Arrays.equals(chunk, 0, len, expected, 0, len))
                    .as("bytes at offset %d", size - left).isTrue();
            left -= len;
        }
        assertThat(in.read()).isEqualTo(-1);
    }
}
