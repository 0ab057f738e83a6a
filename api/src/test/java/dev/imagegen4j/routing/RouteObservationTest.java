package dev.imagegen4j.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.observe.CallObservation;
import dev.imagegen4j.observe.ImageCall;
import dev.imagegen4j.observe.ImageObservation;
import dev.imagegen4j.observe.ImageObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The routing side of the instrumentation point: per-call events, attempt failures, circuit states. */
class RouteObservationTest {

    private static final RetryOptions FAST = RetryOptions.DEFAULT.withBackoff(Duration.ofMillis(1), Duration.ofMillis(2));

    private static ImageRequest request() {
        return ImageRequest.builder().prompt("a boat").build();
    }

    /** Records every event as a line. */
    static final class Recorder implements ImageObserver {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> registered = new CopyOnWriteArrayList<>();

        @Override
        public void register(String name, ImageGenerator generator) {
            registered.add(name + "=" + generator.providerId());
        }

        @Override
        public CallObservation start(ImageCall call) {
            events.add("start " + call.name() + " " + call.providerId() + " " + call.operation());
            return new CallObservation() {
                @Override
                public void onAttempt(String providerId, int attempt, ImageRequest r) {
                    events.add("attempt " + providerId + " #" + attempt);
                }

                @Override
                public void onAttemptFailure(String providerId, int attempt, ImageGenerationException f) {
                    events.add("attempt-failed " + providerId + " #" + attempt + " " + ImageObservation.errorType(f));
                }

                @Override
                public void onRetry(String providerId, ImageGenerationException f, Duration delay) {
                    events.add("retry " + providerId);
                }

                @Override
                public void onSkip(String providerId, String reason) {
                    events.add("skip " + providerId + " " + ImageObservation.skipReason(reason));
                }

                @Override
                public void onFailover(String from, ImageGenerationException f) {
                    events.add("failover " + from + " " + ImageObservation.errorType(f));
                }

                @Override
                public void onSuccess(String providerId, ImageResult result) {
                    events.add("served " + providerId);
                }

                @Override
                public void onFailure(ImageGenerationException f) {
                    events.add("route-failed " + ImageObservation.errorType(f));
                }

                @Override
                public void onCallSuccess(ImageResult result) {
                    events.add("success " + result.providerId());
                }

                @Override
                public void onCallFailure(Throwable f) {
                    events.add("failure " + ImageObservation.errorType(f));
                }
            };
        }
    }

    @Test
    void should_send_each_calls_attempts_retries_and_failovers_to_its_observation_when_a_route_is_observed() {
        FakeGenerator a = new FakeGenerator("a").thenFail(new RetryableException("busy", null, "a", 503, null, null))
                .thenFail(new AuthenticationException("bad key", null, "a", 401, null, null));
        FakeGenerator b = new FakeGenerator("b");
        Recorder recorder = new Recorder();
        ImageGenerator observed = ImageObservation.observe("primary",
                ImageRouter.builder("main").add(a).add(b).retry(FAST).build(), recorder);

        ImageResult r = observed.generate(request());

        assertThat(r.providerId()).isEqualTo("b");
        assertThat(recorder.registered).containsExactly("primary=main");
        assertThat(recorder.events).containsExactly("start primary main GENERATE",
                "attempt a #1", "attempt-failed a #1 RetryableException", "retry a",
                "attempt a #2", "attempt-failed a #2 AuthenticationException", "failover a AuthenticationException",
                "attempt b #3", "served b", "success b");
    }

    @Test
    void should_send_routing_events_to_a_calls_own_listener_when_it_is_also_a_routing_listener() {
        FakeGenerator a = new FakeGenerator("a");
        List<String> routeWide = new CopyOnWriteArrayList<>();
        List<String> perCall = new CopyOnWriteArrayList<>();
        ImageGenerator route = ImageRouter.builder("main").add(a).listener(new ImageGenerationListener() {
            @Override
            public void onAttempt(String providerId, int attempt, ImageRequest r) {
                routeWide.add(providerId + "#" + attempt);
            }
        }).build();
        class Both implements ImageListener, ImageGenerationListener {
            @Override
            public void onAttempt(String providerId, int attempt, ImageRequest r) {
                perCall.add(providerId + "#" + attempt);
            }
        }

        route.generate(request(), new Both());
        route.generate(request());

        assertThat(perCall).containsExactly("a#1");
        assertThat(routeWide).containsExactly("a#1", "a#1");
    }

    @Test
    void should_end_a_call_once_with_the_failure_and_never_retry_when_the_result_is_unknown() {
        FakeGenerator a = new FakeGenerator("a").thenFail(new ResultUnknownException("reset after sending", null, "a",
                0, null));
        FakeGenerator b = new FakeGenerator("b");
        Recorder recorder = new Recorder();
        ImageGenerator observed = ImageObservation.observe("primary",
                ImageRouter.builder("main").add(a).add(b).retry(FAST).build(), recorder);

        assertThatThrownBy(() -> observed.generate(request())).isInstanceOf(ResultUnknownException.class);

        assertThat(a.calls.get() + b.calls.get()).isEqualTo(1);
        assertThat(recorder.events).containsExactly("start primary main GENERATE", "attempt a #1",
                "attempt-failed a #1 ResultUnknownException", "route-failed ResultUnknownException",
                "failure ResultUnknownException");
    }

    @Test
    void should_return_a_served_result_when_the_observer_throws_everywhere() {
        FakeGenerator a = new FakeGenerator("a").thenFail(new RetryableException("busy", null, "a", 503, null, null));
        ImageObserver broken = new ImageObserver() {
            @Override
            public void register(String name, ImageGenerator generator) {
                throw new IllegalStateException("registry down");
            }

            @Override
            public CallObservation start(ImageCall call) {
                return new CallObservation() {
                    @Override
                    public void onAttempt(String providerId, int attempt, ImageRequest r) {
                        throw new IllegalStateException("meter registry down");
                    }

                    @Override
                    public void onRetry(String providerId, ImageGenerationException f, Duration d) {
                        throw new IllegalStateException("meter registry down");
                    }

                    @Override
                    public void onCallSuccess(ImageResult result) {
                        throw new IllegalStateException("exporter down");
                    }

                    @Override
                    public void onCallFailure(Throwable failure) {
                        throw new IllegalStateException("exporter down");
                    }
                };
            }
        };
        ImageObserver brokenAtStart = call -> {
            throw new IllegalStateException("cannot start");
        };
        ImageGenerator observed = ImageObservation.observe("p", ImageRouter.builder("main").add(a).retry(FAST).build(),
                ImageObserver.of(List.of(broken, brokenAtStart)));

        ImageResult r = observed.generate(request());

        assertThat(r.providerId()).isEqualTo("a");
        assertThat(a.calls.get()).isEqualTo(2);
    }

    @Test
    void should_report_each_members_circuit_state_by_label_without_calling_it() {
        FakeGenerator a = new FakeGenerator("a").alwaysFail(new AuthenticationException("bad key", null, "a", 401, null,
                null));
        FakeGenerator b = new FakeGenerator("b");
        ImageGenerator route = ImageRouter.builder("main").add("azure-eu", a).add("openai", b).retry(FAST)
                .circuitBreaker(new CircuitBreakerOptions(1, Duration.ofMinutes(5))).build();
        ImageGenerator observed = ImageObservation.observe("main", route, ImageObserver.NONE);

        assertThat(ImageRouter.circuitStates(ImageObservation.unwrap(observed)))
                .containsExactly(Map.entry("azure-eu", CircuitState.CLOSED), Map.entry("openai", CircuitState.CLOSED));
        observed.generate(request());
        int calls = a.calls.get() + b.calls.get();

        assertThat(ImageRouter.circuitStates(route))
                .containsExactly(Map.entry("azure-eu", CircuitState.OPEN), Map.entry("openai", CircuitState.CLOSED));
        assertThat(a.calls.get() + b.calls.get()).isEqualTo(calls);
        assertThat(ImageRouter.circuitStates(a)).isEmpty();
        assertThat(ImageRouter.circuitStates(ImageRouter.builder("nb").add(b).circuitBreaker(null).build())).isEmpty();
    }

    @Test
    void should_report_a_skip_for_an_open_circuit_with_its_reason() {
        FakeGenerator a = new FakeGenerator("a").alwaysFail(new AuthenticationException("bad key", null, "a", 401, null,
                null));
        FakeGenerator b = new FakeGenerator("b");
        Recorder recorder = new Recorder();
        ImageGenerator observed = ImageObservation.observe("main", ImageRouter.builder("main").add(a).add(b).retry(FAST)
                .circuitBreaker(new CircuitBreakerOptions(1, Duration.ofMinutes(5))).build(), recorder);
        observed.generate(request());
        recorder.events.clear();

        observed.generate(request());

        assertThat(recorder.events).containsExactly("start main main GENERATE", "skip a circuit_open", "attempt b #1",
                "served b", "success b");
        assertThat(a.calls.get()).isEqualTo(1);
    }

    @Test
    void should_end_calls_in_reverse_order_of_start_when_several_observers_observe() {
        List<String> order = new CopyOnWriteArrayList<>();
        class Named implements ImageObserver {
            final String name;

            Named(String name) {
                this.name = name;
            }

            @Override
            public CallObservation start(ImageCall call) {
                order.add("start " + name);
                return new CallObservation() {
                    @Override
                    public void onAttempt(String providerId, int attempt, ImageRequest r) {
                        order.add("attempt " + name);
                    }

                    @Override
                    public void onSuccess(String providerId, ImageResult result) {
                        order.add("attempt-end " + name);
                    }

                    @Override
                    public void onCallSuccess(ImageResult result) {
                        order.add("end " + name);
                    }

                    @Override
                    public void onCallFailure(Throwable failure) {
                        order.add("end " + name);
                    }
                };
            }
        }
        ImageGenerator observed = ImageObservation.observe("p", ImageRouter.builder("main").add(new FakeGenerator("a"))
                .build(), ImageObserver.of(List.of(new Named("metrics"), new Named("tracing"))));

        observed.generate(request());

        assertThat(order).containsExactly("start metrics", "start tracing", "attempt metrics", "attempt tracing",
                "attempt-end tracing", "attempt-end metrics", "end tracing", "end metrics");
    }
}
