package dev.imagegen4j.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.JobHandle;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.Secret;
import dev.imagegen4j.spi.ProviderSettings;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The job hosts' failure paths over HTTP: each with its submit count. */
class GatewayJobsTest {

    private static final String KEY = "r8_gatewayJobsKey0123456789abcd";

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create(b -> b.apiKey(KEY));

    @TempDir
    Path dir;

    private static ImageApiEmulator emulator() {
        return emu.emulator();
    }

    private static ReplicateImageGenerator.Builder replicate() {
        return ReplicateImageGenerator.builder().apiKey(KEY).baseUrl(emulator().baseUrl(Dialect.REPLICATE))
                .syncWait(Duration.ZERO).pollInterval(Duration.ofMillis(20)).maxPollInterval(Duration.ofMillis(50));
    }

    private static ImageRequest request() {
        return ImageRequest.builder().prompt("a lighthouse").model(ModelId.GPT_IMAGE_2_5_FLARE).build();
    }

    private static List<RecordedRequest> submits() {
        return emulator().journal().posts().stream().filter(r -> !r.path().endsWith("/cancel"))
                .collect(Collectors.toList());
    }

    private static List<String> gets() {
        return emulator().journal().all().stream().filter(r -> r.method().equals("GET")).map(RecordedRequest::path)
                .collect(Collectors.toList());
    }

    @Test
    void should_cancel_the_job_and_report_unknown_when_it_outlives_the_job_timeout() {
        emulator().jobDuration(Duration.ofSeconds(10));
        try (ImageGenerator g = replicate().jobTimeout(Duration.ofMillis(300)).build()) {
            assertThatThrownBy(() -> g.generate(request())).isInstanceOf(ResultUnknownException.class)
                    .hasMessageContaining("did not finish within the job timeout of 300 ms")
                    .hasMessageContaining("it was cancelled");
        }
        assertThat(submits()).hasSize(1);
        assertThat(emulator().journal().posts()).anySatisfy(r -> assertThat(r.path()).endsWith("/cancel"));
        assertThat(emulator().jobs()).singleElement().satisfies(j -> assertThat(j).endsWith("canceled"));
    }

    @Test
    void should_report_unknown_when_polls_are_refused_for_good() {
        emulator().enqueue(Fault.none(), Fault.status(401));
        try (ImageGenerator g = replicate().build()) {
            assertThatThrownBy(() -> g.generate(request())).isInstanceOf(ResultUnknownException.class)
                    .hasMessageContaining("can no longer be polled")
                    .hasMessageContaining(submits().get(0).requestId());
        }
        assertThat(submits()).hasSize(1);
    }

    @Test
    void should_wait_out_a_rate_limited_poll_and_poll_the_same_job() {
        emulator().enqueue(Fault.none(), Fault.rateLimited(Duration.ofMillis(200)));
        try (ImageGenerator g = replicate().build()) {
            assertThat(g.generate(request()).images()).hasSize(1);
        }
        assertThat(submits()).hasSize(1);
    }

    @Test
    void should_take_the_output_from_the_submit_answer_when_the_prediction_finishes_within_the_wait() {
        emulator().jobDuration(Duration.ofMillis(50));
        try (ImageGenerator g = replicate().syncWait(Duration.ofSeconds(5)).build()) {
            ImageResult r = g.generate(request());

            assertThat(r.images()).hasSize(1);
        }
        assertThat(submits()).singleElement().satisfies(s -> assertThat(s.header("prefer")).hasValue("wait=5"));
        assertThat(gets()).noneMatch(p -> p.contains("/predictions/"));
    }

    @Test
    void should_report_unknown_when_the_output_url_has_expired() {
        try (ImageApiEmulator shortLived = ImageApiEmulator.builder().apiKey(KEY)
                .outputUrlLifetime(Duration.ofNanos(1)).start();
                ImageGenerator g = ReplicateImageGenerator.builder().apiKey(KEY)
                        .baseUrl(shortLived.baseUrl(Dialect.REPLICATE)).syncWait(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(20)).build()) {
            assertThatThrownBy(() -> g.generate(request())).isInstanceOf(ResultUnknownException.class)
                    .hasMessageContaining("was generated but not downloaded").hasMessageContaining("expire");
            assertThat(shortLived.journal().posts()).hasSize(1);
        }
    }

    @Test
    void should_poll_at_its_own_origin_when_a_handle_names_another() {
        JobHandle[] job = new JobHandle[1];
        try (ImageGenerator g = replicate().build()) {
            g.generate(request(), new ImageListener() {
                @Override
                public void onJobSubmitted(JobHandle j) {
                    job[0] = j;
                }
            });
        }
        emulator().journal().clear();
        JobHandle elsewhere = JobHandle.of("replicate", job[0].id(), job[0].model(), job[0].wireModel(), Instant.now(),
                Map.of("get", "https://attacker.example/steal", "cancel", "http://127.0.0.1:1/x"));
        try (ReplicateImageGenerator g = replicate().build()) {
            ImageResult r = g.resume(elsewhere, request(), ImageListener.NONE);

            assertThat(r.images()).hasSize(1);
        }
        assertThat(gets()).contains("/replicate/v1/predictions/" + job[0].id());
        assertThat(submits()).isEmpty();
    }

    @Test
    void should_stream_the_output_to_the_sink_when_the_request_has_one() throws Exception {
        try (ImageGenerator g = replicate().build()) {
            ImageResult r = g.generate(request().toBuilder().n(2).sink(ImageSink.toDirectory(dir, "fox")).build());

            assertThat(r.images()).allSatisfy(i -> assertThat(i.file()).isPresent());
            assertThat(Files.list(dir).count()).isEqualTo(2);
        }
    }

    @Test
    void should_answer_at_once_on_the_synchronous_endpoint_when_fal_is_asked_to() {
        try (ImageGenerator g = FalImageGenerator.builder().apiKey(KEY).queueUrl(emulator().baseUrl(Dialect.FAL))
                .syncUrl(emulator().falSyncUrl()).sync(true).build()) {
            ImageResult r = g.generate(request());

            assertThat(r.images()).hasSize(1);
            assertThat(r.requestId()).hasValue(submits().get(0).requestId());
        }
        assertThat(submits()).singleElement().satisfies(s -> assertThat(s.path())
                .isEqualTo("/fal/run/openai/gpt-image-2.5/flare/text-to-image"));
        assertThat(gets()).noneMatch(p -> p.contains("/requests/"));
    }

    @Test
    void should_report_unknown_when_the_synchronous_answer_is_lost() {
        emulator().enqueue(Fault.dropAnswer());
        try (ImageGenerator g = FalImageGenerator.builder().apiKey(KEY).queueUrl(emulator().baseUrl(Dialect.FAL))
                .syncUrl(emulator().falSyncUrl()).sync(true).build()) {
            assertThatThrownBy(() -> g.generate(request())).isInstanceOf(ResultUnknownException.class);
        }
        assertThat(submits()).hasSize(1);
    }

    @Test
    void should_return_what_arrived_when_one_of_the_parallel_openrouter_calls_fails() {
        emulator().enqueue(Fault.none(), Fault.status(500), Fault.none());
        try (ImageGenerator g = OpenRouterImageGenerator.builder().apiKey(KEY)
                .baseUrl(emulator().baseUrl(Dialect.OPENROUTER)).build()) {
            ImageResult r = g.generate(request().toBuilder().n(3).build());

            assertThat(r.images()).hasSize(2);
            assertThat(r.failures()).hasSize(1);
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("was not retried"));
        }
        assertThat(submits()).hasSize(3);
    }

    @Test
    void should_refuse_a_model_the_host_has_no_id_for_before_sending() {
        try (ImageGenerator g = replicate().build()) {
            assertThatThrownBy(() -> g.generate(request().toBuilder().model(ModelId.DALL_E_3).build()))
                    .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("replicate has no id for model "
                            + "dall-e-3").hasMessageContaining("models:");
        }
        assertThat(emulator().journal().all()).isEmpty();
    }

    @Test
    void should_be_created_from_settings_with_host_entries_as_data() {
        ProviderSettings s = ProviderSettings.builder().put("api-key", Secret.of(KEY))
                .put("base-url", emulator().baseUrl(Dialect.REPLICATE)).put("sync-wait", "0s")
                .put("poll-interval", "20ms")
                .put("models", Map.of("my-schnell", Map.of("like", "flux", "id", "black-forest-labs/flux-schnell")))
                .build();
        try (ImageGenerator g = ImageGenerators.create("replicate", s)) {
            ImageResult r = g.generate(ImageRequest.builder().prompt("a fox").model("my-schnell").build());

            assertThat(r.wireModel()).isEqualTo("black-forest-labs/flux-schnell");
            assertThat(g.toString()).doesNotContain(KEY);
        }
        assertThatThrownBy(() -> ImageGenerators.create("replicate", ProviderSettings.builder()
                .put("api-key", Secret.of(KEY)).put("pol-interval", "1s").build()))
                .hasMessageContaining("poll-interval").hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> ImageGenerators.create("fal", ProviderSettings.empty()))
                .hasMessageContaining("FAL_KEY");
    }
}
