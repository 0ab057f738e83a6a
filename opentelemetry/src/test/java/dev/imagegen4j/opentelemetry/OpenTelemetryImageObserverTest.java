package dev.imagegen4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.observe.ImageObservation;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.routing.CircuitBreakerOptions;
import dev.imagegen4j.routing.ImageRouter;
import dev.imagegen4j.routing.RetryOptions;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.FaultRule;
import dev.imagegen4j.testkit.ImageApiEmulator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry observer over real HTTP, read back through the SDK's in-memory exporters. */
class OpenTelemetryImageObserverTest {

    private static final RetryOptions FAST = RetryOptions.DEFAULT.withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
            .withMaxRetries(1);
    private static final String PROMPT = "a lighthouse, codename-albatross";

    private static ImageApiEmulator first;
    private static ImageApiEmulator second;

    private InMemorySpanExporter spans;
    private InMemoryMetricReader metrics;
    private OpenTelemetrySdk otel;

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
    void setUp() {
        first.reset();
        second.reset();
        spans = InMemorySpanExporter.create();
        metrics = InMemoryMetricReader.create();
        otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
    }

    @AfterEach
    void tearDown() {
        otel.close();
    }

    private static ImageGenerator openai(ImageApiEmulator emu) {
        return OpenAiImageGenerator.builder().apiKey("sk-otel-test").baseUrl(emu.baseUrl() + "/v1").build();
    }

    private ImageGenerator observedRoute(CircuitBreakerOptions breaker, boolean prompts) {
        ImageGenerator route = ImageRouter.builder("main").add("eu", openai(first)).add("us", openai(second))
                .retry(FAST).circuitBreaker(breaker).build();
        return ImageObservation.observe("primary", route,
                OpenTelemetryImageObserver.builder(otel).capturePrompts(prompts).build());
    }

    private static ImageRequest request() {
        return ImageRequest.builder().prompt(PROMPT).model(ModelId.GPT_IMAGE_2).size("1024x1024").build();
    }

    private static String str(SpanData s, String key) {
        return s.getAttributes().get(AttributeKey.stringKey(key));
    }

    private static Long num(SpanData s, String key) {
        return s.getAttributes().get(AttributeKey.longKey(key));
    }

    private MetricData metric(Collection<MetricData> all, String name) {
        return all.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + all.stream().map(MetricData::getName)
                        .toList()));
    }

    private static long sum(MetricData m, String key, String value) {
        return m.getLongSumData().getPoints().stream()
                .filter(p -> value.equals(p.getAttributes().get(AttributeKey.stringKey(key))))
                .mapToLong(LongPointData::getValue).sum();
    }

    @Test
    void should_trace_a_call_with_attempt_spans_and_routing_events_and_record_genai_metrics() {
        first.addRule(FaultRule.always(Fault.status(503)));
        ImageResult r;
        try (ImageGenerator images = observedRoute(CircuitBreakerOptions.DEFAULT, false)) {
            r = images.generate(request());
        }

        assertThat(first.journal().posts()).hasSize(2);
        assertThat(second.journal().posts()).hasSize(1);
        List<SpanData> all = spans.getFinishedSpanItems();
        SpanData call = all.stream().filter(s -> s.getName().equals("image gpt-image-2")).findFirst().orElseThrow();
        assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(str(call, "gen_ai.operation.name")).isEqualTo("image");
        assertThat(str(call, "gen_ai.provider.name")).isEqualTo("openai");
        assertThat(str(call, "gen_ai.request.model")).isEqualTo("gpt-image-2");
        assertThat(str(call, "gen_ai.response.model")).isEqualTo("gpt-image-2");
        assertThat(str(call, "gen_ai.response.id")).isEqualTo(r.requestId().orElseThrow());
        assertThat(str(call, "imagegen4j.generator")).isEqualTo("primary");
        assertThat(num(call, "gen_ai.usage.image.output_tokens")).isEqualTo(r.usage().get().outputImageTokens());
        assertThat(num(call, "gen_ai.usage.text.input_tokens")).isEqualTo(r.usage().get().inputTextTokens());
        assertThat(num(call, "gen_ai.usage.output_tokens")).isEqualTo(r.usage().get().outputTokens());
        assertThat(num(call, "imagegen4j.attempts")).isEqualTo(3);
        assertThat(call.getAttributes().get(AttributeKey.doubleKey("imagegen4j.cost.amount")))
                .isEqualTo(r.cost().get().amount().doubleValue());
        assertThat(call.getAttributes().get(AttributeKey.stringKey("imagegen4j.request.prompt"))).isNull();
        assertThat(call.getEvents()).extracting(EventData::getName)
                .containsExactly("imagegen4j.retry", "imagegen4j.failover");
        assertThat(call.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("error.type")))
                .isEqualTo("RetryableException");

        List<SpanData> attempts = all.stream().filter(s -> s.getName().equals("attempt openai")).toList();
        assertThat(attempts).hasSize(3).allSatisfy(a -> {
            assertThat(a.getParentSpanId()).isEqualTo(call.getSpanId());
            assertThat(a.getTraceId()).isEqualTo(call.getTraceId());
        });
        assertThat(attempts).extracting(a -> a.getStatus().getStatusCode())
                .containsExactly(StatusCode.ERROR, StatusCode.ERROR, StatusCode.UNSET);
        assertThat(attempts).extracting(a -> num(a, "imagegen4j.attempt")).containsExactly(1L, 2L, 3L);

        Collection<MetricData> m = metrics.collectAllMetrics();
        var duration = metric(m, "gen_ai.client.operation.duration").getHistogramData().getPoints();
        assertThat(duration).hasSize(1);
        Attributes attrs = duration.iterator().next().getAttributes();
        assertThat(attrs.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-image-2");
        assertThat(attrs.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
        assertThat(attrs.get(AttributeKey.stringKey("error.type"))).isNull();
        var tokenUsage = metric(m, "gen_ai.client.token.usage").getHistogramData().getPoints();
        assertThat(tokenUsage).extracting(p -> p.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type")))
                .containsExactlyInAnyOrder("input", "output");
        assertThat(sum(metric(m, "imagegen4j.attempts"), "imagegen4j.outcome", "failure")).isEqualTo(2);
        assertThat(sum(metric(m, "imagegen4j.attempts"), "imagegen4j.outcome", "success")).isEqualTo(1);
        assertThat(sum(metric(m, "imagegen4j.retries"), "error.type", "RetryableException")).isEqualTo(1);
        assertThat(sum(metric(m, "imagegen4j.failovers"), "error.type", "RetryableException")).isEqualTo(1);
        assertThat(sum(metric(m, "imagegen4j.images"), "imagegen4j.generator", "primary")).isEqualTo(1);
        assertThat(sum(metric(m, "imagegen4j.tokens"), "imagegen4j.token.modality", "image"))
                .isEqualTo(r.usage().get().outputImageTokens() + r.usage().get().inputImageTokens());
        for (MetricData md : m) {
            md.getData().getPoints().forEach(p -> p.getAttributes().forEach((k, v) ->
                    assertThat(String.valueOf(v)).doesNotContain("albatross").doesNotContain("sk-otel")));
        }
    }

    @Test
    void should_mark_the_span_as_an_error_and_send_once_when_the_result_is_unknown() {
        first.enqueue(Fault.truncateBody());
        try (ImageGenerator images = observedRoute(CircuitBreakerOptions.DEFAULT, true)) {
            assertThatThrownBy(() -> images.generate(request())).isInstanceOf(ResultUnknownException.class);
        }

        assertThat(first.journal().posts()).hasSize(1);
        assertThat(second.journal().posts()).isEmpty();
        SpanData call = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst()
                .orElseThrow();
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(str(call, "error.type")).isEqualTo("ResultUnknownException");
        assertThat(str(call, "imagegen4j.request.prompt")).as("opted in").isEqualTo(PROMPT);
        assertThat(call.getEvents()).extracting(EventData::getName).containsExactly("exception");
        Optional<MetricData> failovers = metrics.collectAllMetrics().stream()
                .filter(md -> md.getName().equals("imagegen4j.failovers")).findFirst();
        assertThat(failovers).isEmpty();
        var duration = metric(metrics.collectAllMetrics(), "gen_ai.client.operation.duration");
        assertThat(duration.getHistogramData().getPoints().iterator().next().getAttributes()
                .get(AttributeKey.stringKey("error.type"))).isEqualTo("ResultUnknownException");
    }

    @Test
    void should_record_a_circuit_open_event_and_the_members_state() {
        first.addRule(FaultRule.always(Fault.status(503)));
        try (ImageGenerator images = observedRoute(new CircuitBreakerOptions(1, Duration.ofMinutes(5)), false)) {
            images.generate(request());
            spans.reset();
            images.generate(request());

            MetricData state = metric(metrics.collectAllMetrics(), "imagegen4j.circuit.state");
            assertThat(state.getLongGaugeData().getPoints()).filteredOn(p -> p.getValue() == 1)
                    .extracting(p -> p.getAttributes().get(AttributeKey.stringKey("imagegen4j.route.member")) + "="
                            + p.getAttributes().get(AttributeKey.stringKey("imagegen4j.circuit.state")))
                    .containsExactlyInAnyOrder("eu=open", "us=closed");
        }

        assertThat(first.journal().posts()).hasSize(1);
        SpanData call = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst()
                .orElseThrow();
        assertThat(call.getEvents()).extracting(EventData::getName).containsExactly("imagegen4j.circuit_open");
        assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getName().startsWith("attempt")).hasSize(1);
    }
}
