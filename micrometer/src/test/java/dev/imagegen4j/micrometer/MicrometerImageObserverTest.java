package dev.imagegen4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.Usage;
import dev.imagegen4j.observe.ImageObservation;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.routing.CircuitBreakerOptions;
import dev.imagegen4j.routing.ImageRouter;
import dev.imagegen4j.routing.RetryOptions;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.FaultRule;
import dev.imagegen4j.testkit.ImageApiEmulator;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Micrometer observer over real HTTP: a route of two emulators, with faults for retries, failovers and skips. */
class MicrometerImageObserverTest {

    private static final RetryOptions FAST = RetryOptions.DEFAULT.withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
            .withMaxRetries(1);
    private static final String PROMPT = "a harbour at night, secret-project-nightjar";

    private static ImageApiEmulator first;
    private static ImageApiEmulator second;

    private TestObservationRegistry observations;
    private SimpleMeterRegistry meters;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        first = ImageApiEmulator.start();
        second = ImageApiEmulator.start();
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    @BeforeEach
    void reset() {
        first.reset();
        second.reset();
        observations = TestObservationRegistry.create();
        meters = new SimpleMeterRegistry();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onEvent(Observation.Event event, Observation.Context context) {
                events.add(event.getName() + ": " + event.getContextualName());
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
    }

    private static ImageGenerator openai(ImageApiEmulator emu) {
        return OpenAiImageGenerator.builder().apiKey("sk-observed").baseUrl(emu.baseUrl() + "/v1").build();
    }

    private ImageGenerator observedRoute(CircuitBreakerOptions breaker, boolean prompts) {
        ImageGenerator route = ImageRouter.builder("main").add("eu", openai(first)).add("us", openai(second))
                .retry(FAST).circuitBreaker(breaker).build();
        return ImageObservation.observe("primary", route, MicrometerImageObserver.builder(observations)
                .meterRegistry(meters).capturePrompts(prompts).build());
    }

    private static ImageRequest request() {
        return ImageRequest.builder().prompt(PROMPT).model(ModelId.GPT_IMAGE_2).size("1024x1024").build();
    }

    private double count(String name, String... tags) {
        var c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void should_observe_a_call_with_its_attempts_retry_and_failover_when_the_first_member_keeps_failing() {
        first.addRule(FaultRule.always(Fault.status(503)));
        ImageResult r;
        try (ImageGenerator images = observedRoute(CircuitBreakerOptions.DEFAULT, false)) {
            r = images.generate(request());
        }

        assertThat(first.journal().posts()).hasSize(2);
        assertThat(second.journal().posts()).hasSize(1);
        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("imagegen4j.calls", 1)
                .hasNumberOfObservationsWithNameEqualTo("imagegen4j.attempts", 3)
                .hasObservationWithNameEqualTo("imagegen4j.calls").that()
                .hasBeenStarted().hasBeenStopped().doesNotHaveError()
                .hasContextualNameEqualTo("image gpt-image-2")
                .hasLowCardinalityKeyValue("imagegen4j.generator", "primary")
                .hasLowCardinalityKeyValue("gen_ai.operation.name", "image")
                .hasLowCardinalityKeyValue("imagegen4j.operation", "generate")
                .hasLowCardinalityKeyValue("gen_ai.request.model", "gpt-image-2")
                .hasLowCardinalityKeyValue("gen_ai.provider.name", "openai")
                .hasLowCardinalityKeyValue("imagegen4j.outcome", "success")
                .hasLowCardinalityKeyValue("error.type", "none")
                .hasHighCardinalityKeyValue("imagegen4j.attempts", "3")
                .hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", Long.toString(r.usage().get().outputTokens()))
                .hasHighCardinalityKeyValue("gen_ai.usage.image.output_tokens",
                        Long.toString(r.usage().get().outputImageTokens()))
                .hasHighCardinalityKeyValue("imagegen4j.cost.amount", r.cost().get().amount().toPlainString())
                .doesNotHaveHighCardinalityKeyValueWithKey("imagegen4j.request.prompt");
        List<Observation.Context> attempts = new ArrayList<>();
        stopped.forEach(c -> {
            if (c.getName().equals("imagegen4j.attempts")) {
                attempts.add(c);
            }
        });
        assertThat(attempts).allSatisfy(a -> assertThat(a.getParentObservation().getContextView().getName())
                .isEqualTo("imagegen4j.calls"));
        assertThat(attempts).extracting(a -> a.getLowCardinalityKeyValue("imagegen4j.outcome").getValue())
                .containsExactly("failure", "failure", "success");
        assertThat(attempts.get(0).getLowCardinalityKeyValue("error.type").getValue()).isEqualTo("RetryableException");
        assertThat(events).containsExactly("retry: retry openai in " + eventDelay() + " ms after RetryableException",
                "failover: failover from openai after RetryableException");

        assertThat(meters.get("imagegen4j.calls").tags("imagegen4j.outcome", "success").timer().count()).isEqualTo(1);
        assertThat(meters.get("imagegen4j.attempts").timers()).extracting(t -> t.count()).contains(2L, 1L);
        assertThat(count("imagegen4j.retries", "gen_ai.provider.name", "openai", "error.type", "RetryableException"))
                .isEqualTo(1);
        assertThat(count("imagegen4j.failovers", "error.type", "RetryableException")).isEqualTo(1);
        assertThat(count("imagegen4j.images", "imagegen4j.generator", "primary", "gen_ai.request.model", "gpt-image-2"))
                .isEqualTo(1);
        Usage u = r.usage().get();
        assertThat(count("imagegen4j.tokens", "gen_ai.token.type", "input", "imagegen4j.token.modality", "text"))
                .isEqualTo(u.inputTextTokens());
        assertThat(count("imagegen4j.tokens", "gen_ai.token.type", "output", "imagegen4j.token.modality", "image"))
                .isEqualTo(u.outputImageTokens());
        assertThat(count("imagegen4j.cost", "imagegen4j.cost.currency", "USD", "imagegen4j.cost.estimated", "true"))
                .isEqualTo(r.cost().get().amount().doubleValue());
    }

    /** The delay of the one retry event, read back (jittered backoff). */
    private String eventDelay() {
        String retry = events.get(0);
        return retry.substring("retry: retry openai in ".length(), retry.indexOf(" ms"));
    }

    @Test
    void should_end_the_call_with_its_error_and_send_once_when_the_result_is_unknown() {
        first.enqueue(Fault.truncateBody());
        try (ImageGenerator images = observedRoute(CircuitBreakerOptions.DEFAULT, false)) {
            assertThatThrownBy(() -> images.generate(request())).isInstanceOf(ResultUnknownException.class);
        }

        assertThat(first.journal().posts()).hasSize(1);
        assertThat(second.journal().posts()).isEmpty();
        TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("imagegen4j.attempts", 1)
                .hasObservationWithNameEqualTo("imagegen4j.calls").that()
                .hasBeenStopped().hasError()
                .hasLowCardinalityKeyValue("imagegen4j.outcome", "failure")
                .hasLowCardinalityKeyValue("error.type", "ResultUnknownException")
                .hasLowCardinalityKeyValue("gen_ai.provider.name", "openai");
        assertThat(events).isEmpty();
        assertThat(meters.get("imagegen4j.calls").tags("error.type", "ResultUnknownException").timer().count())
                .isEqualTo(1);
        assertThat(meters.find("imagegen4j.images").counters()).isEmpty();
    }

    @Test
    void should_show_an_open_circuit_as_a_skip_event_and_in_the_state_gauge() {
        first.addRule(FaultRule.always(Fault.status(503)));
        try (ImageGenerator images = observedRoute(new CircuitBreakerOptions(1, Duration.ofMinutes(5)), false)) {
            assertThat(meters.get("imagegen4j.circuit.state").tags("imagegen4j.route.member", "eu",
                    "imagegen4j.circuit.state", "closed").gauge().value()).isEqualTo(1);

            images.generate(request());
            events.clear();
            images.generate(request());

            assertThat(meters.get("imagegen4j.circuit.state").tags("imagegen4j.route.member", "eu",
                    "imagegen4j.circuit.state", "open").gauge().value()).isEqualTo(1);
            assertThat(meters.get("imagegen4j.circuit.state").tags("imagegen4j.route.member", "us",
                    "imagegen4j.circuit.state", "closed").gauge().value()).isEqualTo(1);
        }

        assertThat(first.journal().posts()).as("the breaker opened after one failure").hasSize(1);
        assertThat(second.journal().posts()).hasSize(2);
        assertThat(events).containsExactly("circuit_open: circuit open: openai");
        assertThat(count("imagegen4j.skips", "imagegen4j.skip.reason", "circuit_open"))
                .as("the retry of the first call found the circuit open too").isEqualTo(2);
    }

    @Test
    void should_keep_the_prompt_out_of_every_tag_and_in_the_span_only_when_opted_in() {
        try (ImageGenerator quiet = observedRoute(CircuitBreakerOptions.DEFAULT, false)) {
            quiet.generate(request());
        }
        for (Meter m : meters.getMeters()) {
            for (Tag t : m.getId().getTags()) {
                assertThat(t.getValue()).doesNotContain("nightjar").doesNotContain("sk-observed");
            }
        }
        assertThat(stopped).isNotEmpty();
        stopped.forEach(c -> {
            for (KeyValue kv : c.getAllKeyValues()) {
                assertThat(kv.getValue()).doesNotContain("nightjar").doesNotContain("sk-observed");
            }
        });

        observations.clear();
        try (ImageGenerator chatty = observedRoute(CircuitBreakerOptions.DEFAULT, true)) {
            chatty.generate(request());
        }
        TestObservationRegistryAssert.assertThat(observations).hasObservationWithNameEqualTo("imagegen4j.calls").that()
                .hasHighCardinalityKeyValue("imagegen4j.request.prompt", PROMPT);
    }

    @Test
    void should_count_the_bytes_received_when_answers_are_large() {
        second.synthetic(300_000);
        try (ImageGenerator images = ImageObservation.observe("big", openai(second),
                MicrometerImageObserver.builder(observations).meterRegistry(meters).build())) {
            images.generate(request());
        }

        assertThat(count("imagegen4j.bytes.received", "imagegen4j.generator", "big")).isGreaterThanOrEqualTo(256 * 1024);
        TestObservationRegistryAssert.assertThat(observations).hasObservationWithNameEqualTo("imagegen4j.calls").that()
                .hasHighCardinalityKeyValue("imagegen4j.attempts", "1")
                .hasLowCardinalityKeyValue("gen_ai.provider.name", "openai");
    }
}
