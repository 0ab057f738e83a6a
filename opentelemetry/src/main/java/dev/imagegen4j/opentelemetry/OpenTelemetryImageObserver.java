package dev.imagegen4j.opentelemetry;

import static dev.imagegen4j.observe.ObservationNames.*;

import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Usage;
import dev.imagegen4j.observe.CallObservation;
import dev.imagegen4j.observe.ImageCall;
import dev.imagegen4j.observe.ImageObservation;
import dev.imagegen4j.observe.ImageObserver;
import dev.imagegen4j.routing.CircuitState;
import dev.imagegen4j.routing.ImageRouter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * imagegen4j's calls as OpenTelemetry spans and metrics, through the OpenTelemetry API only (bring your own SDK or
 * agent). Use it with {@link ImageObservation#observe}:
 *
 * <pre>{@code
 * ImageGenerator images = ImageObservation.observe("primary", route,
 *         OpenTelemetryImageObserver.builder(openTelemetry).build());
 * }</pre>
 *
 * <p><b>Spans.</b> One {@code CLIENT} span per logical call, named {@code image <model>}, current while the call runs,
 * with the GenAI semantic conventions' attributes ({@code gen_ai.operation.name} = {@code image},
 * {@code gen_ai.provider.name}, {@code gen_ai.request.model}, {@code gen_ai.response.model}, {@code gen_ai.response.id},
 * {@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens}, {@code gen_ai.usage.text.input_tokens},
 * {@code gen_ai.usage.image.input_tokens}, {@code gen_ai.usage.image.output_tokens}, {@code error.type}) and
 * {@code imagegen4j.*} ones where they define none (generator, operation, cost, attempts, bytes received, ...); a child
 * span {@code attempt <provider>} per provider call of a route; events {@code imagegen4j.retry},
 * {@code imagegen4j.failover}, {@code imagegen4j.skip} and {@code imagegen4j.circuit_open}. The prompt is recorded
 * ({@code imagegen4j.request.prompt}) only with {@link Builder#capturePrompts(boolean)}.
 *
 * <p><b>Metrics</b> (instrumentation scope {@code dev.imagegen4j}): {@code gen_ai.client.operation.duration} (s) and
 * {@code gen_ai.client.token.usage} (by {@code gen_ai.token.type}) histograms as the conventions define them, and
 * {@code imagegen4j.attempts}, {@code imagegen4j.retries}, {@code imagegen4j.failovers}, {@code imagegen4j.skips},
 * {@code imagegen4j.images}, {@code imagegen4j.tokens} (by type and modality), {@code imagegen4j.cost},
 * {@code imagegen4j.bytes.received} counters and the {@code imagegen4j.circuit.state} gauge. Attributes on metrics are
 * low-cardinality only; a model the catalog does not know is recorded as {@code other}.
 *
 * <p>Immutable and thread-safe.
 */
public final class OpenTelemetryImageObserver implements ImageObserver {

    /** The instrumentation scope name. */
    public static final String SCOPE = "dev.imagegen4j";

    /** The longest prompt recorded when prompts are opted in; longer ones are cut. */
    public static final int MAX_PROMPT = 4096;

    private static final List<Double> DURATION_BUCKETS = List.of(0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 45.0, 60.0,
            90.0, 120.0, 180.0, 300.0);
    private static final List<Long> TOKEN_BUCKETS = List.of(64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L,
            1048576L);

    private final Tracer tracer;
    private final boolean capturePrompts;
    private final ModelCatalog catalog;
    private final DoubleHistogram duration;
    private final LongHistogram tokenUsage;
    private final LongCounter attempts;
    private final LongCounter retries;
    private final LongCounter failovers;
    private final LongCounter skips;
    private final LongCounter images;
    private final LongCounter tokens;
    private final DoubleCounter cost;
    private final LongCounter bytes;
    private final Map<String, ImageGenerator> routes = new ConcurrentHashMap<>();

    private OpenTelemetryImageObserver(Builder b) {
        this.tracer = b.openTelemetry.getTracer(SCOPE);
        this.capturePrompts = b.capturePrompts;
        this.catalog = b.catalog;
        Meter meter = b.openTelemetry.getMeter(SCOPE);
        this.duration = meter.histogramBuilder(GEN_AI_CLIENT_OPERATION_DURATION).setUnit("s")
                .setDescription("GenAI operation duration").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
        this.tokenUsage = meter.histogramBuilder(GEN_AI_CLIENT_TOKEN_USAGE).ofLongs().setUnit("{token}")
                .setDescription("Measures number of input and output tokens used")
                .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
        this.attempts = meter.counterBuilder(ATTEMPTS_METRIC).setUnit("{attempt}")
                .setDescription("Provider calls made by routes").build();
        this.retries = meter.counterBuilder(RETRIES).setUnit("{retry}").setDescription("Provider calls retried").build();
        this.failovers = meter.counterBuilder(FAILOVERS).setUnit("{failover}")
                .setDescription("Route members given up on").build();
        this.skips = meter.counterBuilder(SKIPS).setUnit("{skip}").setDescription("Route members skipped").build();
        this.images = meter.counterBuilder(IMAGES).setUnit("{image}").setDescription("Images returned").build();
        this.tokens = meter.counterBuilder(TOKENS).setUnit("{token}").setDescription("Tokens by type and modality")
                .build();
        this.cost = meter.counterBuilder(COST).ofDoubles().setDescription("Reported or estimated cost, in its currency")
                .build();
        this.bytes = meter.counterBuilder(BYTES_RECEIVED).setUnit("By")
                .setDescription("Response bytes received").build();
        meter.gaugeBuilder(CIRCUIT_STATE).ofLongs().setDescription("1 when the route member's circuit is in this state")
                .buildWithCallback(m -> routes.forEach((name, route) -> ImageRouter.circuitStates(route)
                        .forEach((member, state) -> {
                            for (CircuitState s : CircuitState.values()) {
                                m.record(s == state ? 1 : 0, Attributes.of(AttributeKey.stringKey(GENERATOR), name,
                                        AttributeKey.stringKey(ROUTE_MEMBER), member,
                                        AttributeKey.stringKey(CIRCUIT_STATE_TAG), s.name().toLowerCase(Locale.ROOT)));
                            }
                        })));
    }

    /** A builder over {@code openTelemetry} (e.g. {@code GlobalOpenTelemetry.get()}). */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(openTelemetry);
    }

    @Override
    public void register(String name, ImageGenerator generator) {
        if (!ImageRouter.circuitStates(generator).isEmpty()) {
            routes.put(name, generator);
        }
    }

    @Override
    public CallObservation start(ImageCall call) {
        String model = call.model().map(ModelId::value).orElse(null);
        AttributesBuilder a = Attributes.builder()
                .put(GEN_AI_OPERATION, OPERATION_IMAGE)
                .put(GENERATOR, call.name())
                .put(OPERATION, call.operation().name().toLowerCase(Locale.ROOT))
                .put(REQUEST_IMAGE_COUNT, call.request().count());
        if (model != null) {
            a.put(GEN_AI_REQUEST_MODEL, model);
        }
        call.request().size().ifPresent(s -> a.put(REQUEST_SIZE, s.toString()));
        call.request().quality().ifPresent(q -> a.put(REQUEST_QUALITY, q.toString()));
        if (capturePrompts) {
            call.request().prompt().ifPresent(p -> a.put(REQUEST_PROMPT, p.length() > MAX_PROMPT
                    ? p.substring(0, MAX_PROMPT) : p));
        }
        Span span = tracer.spanBuilder(OPERATION_IMAGE + " " + (model != null ? model : call.name()))
                .setSpanKind(SpanKind.CLIENT).setAllAttributes(a.build()).startSpan();
        return new Call(call, span, span.makeCurrent(), System.nanoTime());
    }

    @Override
    public String toString() {
        return "OpenTelemetryImageObserver[prompts=" + capturePrompts + "]";
    }

    private String modelTag(ModelId model) {
        if (model == null) {
            return dev.imagegen4j.observe.ObservationNames.NONE;
        }
        return catalog.find(model).isPresent() ? model.value() : OTHER;
    }

    /** One call's span, its current attempt span, and its measurements. */
    private final class Call implements CallObservation {
        private final ImageCall call;
        private final Span span;
        private final Scope scope;
        private final long start;
        private Span attempt;
        private Scope attemptScope;
        private String lastProvider;
        private int attemptCount;
        private volatile long bytesReceived;

        Call(ImageCall call, Span span, Scope scope, long start) {
            this.call = call;
            this.span = span;
            this.scope = scope;
            this.start = start;
        }

        private Attributes base(String provider) {
            return Attributes.of(AttributeKey.stringKey(GENERATOR), call.name(),
                    AttributeKey.stringKey(GEN_AI_PROVIDER), provider);
        }

        @Override
        public synchronized void onAttempt(String providerId, int number, ImageRequest request) {
            endAttempt(null);
            lastProvider = providerId;
            attemptCount = Math.max(attemptCount, number);
            attempt = tracer.spanBuilder("attempt " + providerId).setParent(Context.current().with(span))
                    .setSpanKind(SpanKind.INTERNAL)
                    .setAttribute(GEN_AI_PROVIDER, providerId).setAttribute(ATTEMPT, number)
                    .setAttribute(GENERATOR, call.name()).startSpan();
            attemptScope = attempt.makeCurrent();
        }

        @Override
        public synchronized void onAttemptFailure(String providerId, int number, ImageGenerationException failure) {
            endAttempt(failure);
        }

        @Override
        public synchronized void onSuccess(String providerId, ImageResult result) {
            endAttempt(null);
        }

        private void endAttempt(Throwable failure) {
            if (attempt == null) {
                return;
            }
            String type = ImageObservation.errorType(failure);
            attempts.add(1, base(lastProvider).toBuilder().put(OUTCOME, failure == null ? "success" : "failure")
                    .put(ERROR_TYPE, type).build());
            if (failure != null) {
                attempt.setAttribute(ERROR_TYPE, type);
                attempt.recordException(failure);
                attempt.setStatus(StatusCode.ERROR, type);
            }
            attemptScope.close();
            attempt.end();
            attempt = null;
            attemptScope = null;
        }

        @Override
        public void onRetry(String providerId, ImageGenerationException failure, Duration delay) {
            String type = ImageObservation.errorType(failure);
            span.addEvent(EVENT_RETRY, Attributes.of(AttributeKey.stringKey(GEN_AI_PROVIDER), providerId,
                    AttributeKey.stringKey(ERROR_TYPE), type, AttributeKey.longKey(RETRY_DELAY_MS), delay.toMillis()));
            retries.add(1, base(providerId).toBuilder().put(ERROR_TYPE, type).build());
        }

        @Override
        public void onFailover(String fromProviderId, ImageGenerationException failure) {
            String type = ImageObservation.errorType(failure);
            span.addEvent(EVENT_FAILOVER, Attributes.of(AttributeKey.stringKey(GEN_AI_PROVIDER), fromProviderId,
                    AttributeKey.stringKey(ERROR_TYPE), type));
            failovers.add(1, base(fromProviderId).toBuilder().put(ERROR_TYPE, type).build());
        }

        @Override
        public void onSkip(String providerId, String reason) {
            String why = ImageObservation.skipReason(reason);
            span.addEvent("circuit_open".equals(why) ? EVENT_CIRCUIT_OPEN : EVENT_SKIP, Attributes.of(
                    AttributeKey.stringKey(GEN_AI_PROVIDER), providerId, AttributeKey.stringKey(SKIP_REASON), why));
            skips.add(1, base(providerId).toBuilder().put(SKIP_REASON, why).build());
        }

        @Override
        public void onBytesReceived(long totalBytes) {
            bytesReceived = totalBytes;
        }

        @Override
        public synchronized void onCallSuccess(ImageResult r) {
            endAttempt(null);
            ModelId requested = call.model().orElse(r.model());
            String model = modelTag(requested);
            String provider = r.providerId();
            span.setAttribute(GEN_AI_PROVIDER, provider);
            span.setAttribute(GEN_AI_REQUEST_MODEL, requested.value());
            span.setAttribute(GEN_AI_RESPONSE_MODEL, r.wireModel());
            r.requestId().ifPresent(id -> span.setAttribute(GEN_AI_RESPONSE_ID, id));
            span.setAttribute(RESPONSE_IMAGES, r.images().size());
            span.setAttribute(WARNINGS, r.warnings().size());
            Attributes metric = metricAttributes(provider, model, null);
            r.usage().ifPresent(u -> usage(u, metric));
            r.cost().ifPresent(c -> {
                span.setAttribute(COST_AMOUNT, c.amount().doubleValue());
                span.setAttribute(COST_CURRENCY, c.currency());
                span.setAttribute(COST_ESTIMATED, c.isEstimated());
                cost.add(c.amount().doubleValue(), metric.toBuilder().put(COST_CURRENCY, c.currency())
                        .put(COST_ESTIMATED, Boolean.toString(c.isEstimated())).build());
            });
            images.add(r.images().size(), metric);
            finish(provider, metric);
        }

        private void usage(Usage u, Attributes metric) {
            span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, u.inputTokens());
            span.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, u.outputTokens());
            span.setAttribute(GEN_AI_USAGE_TEXT_INPUT_TOKENS, u.inputTextTokens());
            span.setAttribute(GEN_AI_USAGE_IMAGE_INPUT_TOKENS, u.inputImageTokens());
            span.setAttribute(GEN_AI_USAGE_IMAGE_OUTPUT_TOKENS, u.outputImageTokens());
            span.setAttribute(USAGE_TEXT_OUTPUT_TOKENS, u.outputTextTokens());
            tokenUsage.record(u.inputTokens(), metric.toBuilder().put(GEN_AI_TOKEN_TYPE, "input").build());
            tokenUsage.record(u.outputTokens(), metric.toBuilder().put(GEN_AI_TOKEN_TYPE, "output").build());
            tokens(metric, "input", "text", u.inputTextTokens());
            tokens(metric, "input", "image", u.inputImageTokens());
            tokens(metric, "input", "unknown", u.inputTokens() - u.inputTextTokens() - u.inputImageTokens());
            tokens(metric, "output", "text", u.outputTextTokens());
            tokens(metric, "output", "image", u.outputImageTokens());
            tokens(metric, "output", "unknown", u.outputTokens() - u.outputTextTokens() - u.outputImageTokens());
        }

        private void tokens(Attributes metric, String type, String modality, long n) {
            if (n > 0) {
                tokens.add(n, metric.toBuilder().put(GEN_AI_TOKEN_TYPE, type).put(TOKEN_MODALITY, modality).build());
            }
        }

        @Override
        public synchronized void onCallFailure(Throwable failure) {
            endAttempt(failure);
            String type = ImageObservation.errorType(failure);
            String provider = lastProvider != null ? lastProvider : call.providerId();
            span.setAttribute(GEN_AI_PROVIDER, provider);
            span.setAttribute(ERROR_TYPE, type);
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, type);
            finish(provider, metricAttributes(provider, modelTag(call.model().orElse(null)), type));
        }

        private Attributes metricAttributes(String provider, String model, String errorType) {
            AttributesBuilder b = Attributes.builder().put(GEN_AI_OPERATION, OPERATION_IMAGE)
                    .put(GEN_AI_PROVIDER, provider).put(GEN_AI_REQUEST_MODEL, model).put(GENERATOR, call.name())
                    .put(OPERATION, call.operation().name().toLowerCase(Locale.ROOT));
            if (errorType != null) {
                b.put(ERROR_TYPE, errorType);
            }
            return b.build();
        }

        private void finish(String provider, Attributes metric) {
            span.setAttribute(ATTEMPTS, Math.max(1, attemptCount));
            span.setAttribute(BYTES_RECEIVED_ATTRIBUTE, bytesReceived);
            duration.record((System.nanoTime() - start) / 1e9, metric);
            if (bytesReceived > 0) {
                bytes.add(bytesReceived, base(provider));
            }
            scope.close();
            span.end();
        }
    }

    /** Builds an {@link OpenTelemetryImageObserver}; not thread-safe. */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private boolean capturePrompts;
        private ModelCatalog catalog = ModelCatalog.builtIn();

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        }

        /**
         * Whether prompts go into the call span ({@code imagegen4j.request.prompt}, cut to {@value #MAX_PROMPT}
         * characters). Prompts may hold personal data. Default false. Never on metrics.
         */
        public Builder capturePrompts(boolean capture) {
            this.capturePrompts = capture;
            return this;
        }

        /**
         * The catalog whose models are recorded by id on metrics; others are recorded as {@code other}, so that
         * requests naming arbitrary models cannot grow the number of series. Default {@link ModelCatalog#builtIn()}.
         */
        public Builder catalog(ModelCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** The observer. */
        public OpenTelemetryImageObserver build() {
            return new OpenTelemetryImageObserver(this);
        }
    }
}
