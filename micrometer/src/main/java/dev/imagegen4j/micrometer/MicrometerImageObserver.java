package dev.imagegen4j.micrometer;

import static dev.imagegen4j.observe.ObservationNames.*;

import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.observe.CallObservation;
import dev.imagegen4j.observe.ImageCall;
import dev.imagegen4j.observe.ImageObservation;
import dev.imagegen4j.observe.ImageObserver;
import dev.imagegen4j.routing.CircuitState;
import dev.imagegen4j.routing.ImageRouter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * imagegen4j's calls as Micrometer observations and meters. Use it with {@link ImageObservation#observe}:
 *
 * <pre>{@code
 * ImageObserver observer = MicrometerImageObserver.builder(observationRegistry).meterRegistry(meterRegistry).build();
 * ImageGenerator images = ImageObservation.observe("primary", route, observer);
 * }</pre>
 *
 * <p><b>Observations.</b> One observation {@code imagegen4j.calls} per logical call (a timer of that name, and a
 * span named {@code image <model>} with a tracing bridge), with one child observation {@code imagegen4j.attempts}
 * per provider call of a route (its timer counts attempts; tags generator, provider, outcome, error type), and
 * events {@code retry}, {@code failover}, {@code skip} and {@code circuit_open} on the call. Key values: see
 * {@link DefaultImageCallConvention}. The call's observation is in scope while it runs (so HTTP client spans nest
 * under it), and each attempt's while the attempt runs.
 *
 * <p><b>Meters</b> (with {@link Builder#meterRegistry}): counters {@code imagegen4j.retries},
 * {@code imagegen4j.failovers}, {@code imagegen4j.skips}, {@code imagegen4j.images}, {@code imagegen4j.tokens}
 * (by {@code gen_ai.token.type} input/output and {@code imagegen4j.token.modality} text/image),
 * {@code imagegen4j.cost} (by currency and {@code imagegen4j.cost.estimated}), {@code imagegen4j.bytes.received}, and
 * for routes the gauge {@code imagegen4j.circuit.state} (1 for each member's current state, 0 for the others).
 * Tags are low-cardinality only: never a prompt, a key or a request id; a model the catalog does not know is
 * tagged {@code other}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MicrometerImageObserver implements ImageObserver {

    private static final DefaultImageCallConvention DEFAULT = new DefaultImageCallConvention();

    private final ObservationRegistry registry;
    private final MeterRegistry meters;
    private final ImageCallConvention convention;
    private final boolean capturePrompts;
    private final ModelCatalog catalog;
    /** The generator each gauge reads, by observed name: observing a name again moves its gauges to the new one. */
    private final Map<String, ImageGenerator> gaugeTargets = new ConcurrentHashMap<>();

    private MicrometerImageObserver(Builder b) {
        this.registry = b.registry;
        this.meters = b.meters;
        this.convention = b.convention;
        this.capturePrompts = b.capturePrompts;
        this.catalog = b.catalog;
    }

    /** A builder over {@code registry} (use {@code ObservationRegistry.NOOP} for meters only). */
    public static Builder builder(ObservationRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public CallObservation start(ImageCall call) {
        ImageCallContext context = new ImageCallContext(call, capturePrompts, catalog);
        Observation observation = Observation.createNotStarted(convention, DEFAULT, () -> context, registry).start();
        return new Call(context, observation, observation.openScope());
    }

    /** Registers the circuit-state gauges of a route's members. */
    @Override
    public void register(String name, ImageGenerator generator) {
        if (meters == null) {
            return;
        }
        gaugeTargets.put(name, generator);
        for (String member : ImageRouter.circuitStates(generator).keySet()) {
            for (CircuitState state : CircuitState.values()) {
                String stateTag = state.name().toLowerCase(Locale.ROOT);
                if (meters.find(CIRCUIT_STATE).tags(GENERATOR, name, ROUTE_MEMBER, member, CIRCUIT_STATE_TAG, stateTag)
                        .gauge() != null) {
                    continue; // already there, and it reads the generator now registered under this name
                }
                Gauge.builder(CIRCUIT_STATE, gaugeTargets, t -> {
                    ImageGenerator g = t.get(name);
                    return g != null && ImageRouter.circuitStates(g).get(member) == state ? 1 : 0;
                })
                        .description("1 when the route member's circuit is in this state, else 0")
                        .tags(GENERATOR, name, ROUTE_MEMBER, member, CIRCUIT_STATE_TAG, stateTag)
                        .strongReference(true)
                        .register(meters);
            }
        }
    }

    @Override
    public String toString() {
        return "MicrometerImageObserver[meters=" + (meters != null) + ", prompts=" + capturePrompts + "]";
    }

    /** One call's observation, its current attempt, and its meters. */
    private final class Call implements CallObservation {
        private final ImageCallContext context;
        private final Observation observation;
        private final Observation.Scope scope;
        private Observation attempt;
        private Observation.Scope attemptScope;

        Call(ImageCallContext context, Observation observation, Observation.Scope scope) {
            this.context = context;
            this.observation = observation;
            this.scope = scope;
        }

        private String generator() {
            return context.call().name();
        }

        @Override
        public synchronized void onAttempt(String providerId, int number, ImageRequest request) {
            endAttempt(null);
            context.attempt(providerId, number);
            attempt = Observation.createNotStarted(ATTEMPTS_METRIC, registry)
                    .parentObservation(observation)
                    .contextualName("attempt " + providerId)
                    .lowCardinalityKeyValue(GENERATOR, generator())
                    .lowCardinalityKeyValue(GEN_AI_PROVIDER, providerId)
                    .highCardinalityKeyValue(ATTEMPT, Integer.toString(number))
                    .start();
            attemptScope = attempt.openScope();
        }

        @Override
        public synchronized void onAttemptFailure(String providerId, int number, ImageGenerationException failure) {
            endAttempt(failure);
        }

        @Override
        public synchronized void onSuccess(String providerId, ImageResult result) {
            endAttempt(null);
        }

        /** Ends the attempt in progress, if any. */
        private void endAttempt(Throwable failure) {
            if (attempt == null) {
                return;
            }
            attempt.lowCardinalityKeyValue(OUTCOME, failure == null ? "success" : "failure")
                    .lowCardinalityKeyValue(ERROR_TYPE, ImageObservation.errorType(failure));
            if (failure != null) {
                attempt.error(failure);
            }
            attemptScope.close();
            attempt.stop();
            attempt = null;
            attemptScope = null;
        }

        @Override
        public void onRetry(String providerId, ImageGenerationException failure, Duration delay) {
            String type = ImageObservation.errorType(failure);
            observation.event(Observation.Event.of("retry", "retry " + providerId + " in " + delay.toMillis()
                    + " ms after " + type));
            count(RETRIES, "Provider calls retried", GEN_AI_PROVIDER, providerId, ERROR_TYPE, type);
        }

        @Override
        public void onFailover(String fromProviderId, ImageGenerationException failure) {
            String type = ImageObservation.errorType(failure);
            context.lastProvider(fromProviderId);
            observation.event(Observation.Event.of("failover", "failover from " + fromProviderId + " after " + type));
            count(FAILOVERS, "Route members given up on", GEN_AI_PROVIDER, fromProviderId, ERROR_TYPE, type);
        }

        @Override
        public void onSkip(String providerId, String reason) {
            String why = ImageObservation.skipReason(reason);
            boolean open = "circuit_open".equals(why);
            observation.event(Observation.Event.of(open ? "circuit_open" : "skip", (open ? "circuit open: "
                    : "skipped ") + providerId));
            count(SKIPS, "Route members skipped", GEN_AI_PROVIDER, providerId, SKIP_REASON, why);
        }

        @Override
        public void onBytesReceived(long totalBytes) {
            context.bytesReceived(totalBytes);
        }

        @Override
        public synchronized void onCallSuccess(ImageResult result) {
            endAttempt(null);
            context.result(result);
            finish();
            record(result);
        }

        @Override
        public synchronized void onCallFailure(Throwable failure) {
            endAttempt(failure);
            observation.error(failure);
            finish();
        }

        private void finish() {
            scope.close();
            observation.stop();
            if (meters != null && context.bytesReceived() > 0) {
                meters.counter(BYTES_RECEIVED, GENERATOR, generator(), GEN_AI_PROVIDER, context.provider())
                        .increment(context.bytesReceived());
            }
        }

        private void record(ImageResult r) {
            if (meters == null) {
                return;
            }
            String provider = r.providerId();
            String model = context.modelTag();
            String operation = context.call().operation().name().toLowerCase(Locale.ROOT);
            meters.counter(IMAGES, GENERATOR, generator(), GEN_AI_PROVIDER, provider, GEN_AI_REQUEST_MODEL, model,
                    OPERATION, operation).increment(r.images().size());
            r.usage().ifPresent(u -> {
                tokens(provider, model, "input", "text", u.inputTextTokens());
                tokens(provider, model, "input", "image", u.inputImageTokens());
                tokens(provider, model, "input", "unknown", u.inputTokens() - u.inputTextTokens()
                        - u.inputImageTokens());
                tokens(provider, model, "output", "text", u.outputTextTokens());
                tokens(provider, model, "output", "image", u.outputImageTokens());
                tokens(provider, model, "output", "unknown", u.outputTokens() - u.outputTextTokens()
                        - u.outputImageTokens());
            });
            r.cost().ifPresent(c -> meters.counter(COST, GENERATOR, generator(), GEN_AI_PROVIDER, provider,
                    GEN_AI_REQUEST_MODEL, model, COST_CURRENCY, c.currency(), COST_ESTIMATED,
                    Boolean.toString(c.isEstimated())).increment(c.amount().doubleValue()));
        }

        private void tokens(String provider, String model, String type, String modality, long n) {
            if (n > 0) {
                meters.counter(TOKENS, GENERATOR, generator(), GEN_AI_PROVIDER, provider, GEN_AI_REQUEST_MODEL, model,
                        GEN_AI_TOKEN_TYPE, type, TOKEN_MODALITY, modality).increment(n);
            }
        }

        private void count(String name, String description, String... tags) {
            if (meters == null) {
                return;
            }
            String[] all = new String[tags.length + 2];
            all[0] = GENERATOR;
            all[1] = generator();
            System.arraycopy(tags, 0, all, 2, tags.length);
            io.micrometer.core.instrument.Counter.builder(name).description(description).tags(all).register(meters)
                    .increment();
        }
    }

    /** Builds a {@link MicrometerImageObserver}; not thread-safe. */
    public static final class Builder {
        private final ObservationRegistry registry;
        private MeterRegistry meters;
        private ImageCallConvention convention;
        private boolean capturePrompts;
        private ModelCatalog catalog = ModelCatalog.builtIn();

        private Builder(ObservationRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** Where the counters and gauges go. Default none: observations only. */
        public Builder meterRegistry(MeterRegistry meters) {
            this.meters = meters;
            return this;
        }

        /** A convention replacing {@link DefaultImageCallConvention}. Default none (a global one still applies). */
        public Builder convention(ImageCallConvention convention) {
            this.convention = convention;
            return this;
        }

        /**
         * Whether prompts go into the call's span attributes ({@code imagegen4j.request.prompt}, cut to
         * {@value DefaultImageCallConvention#MAX_PROMPT} characters). Prompts may hold personal data. Default false.
         * Never in metric tags.
         */
        public Builder capturePrompts(boolean capture) {
            this.capturePrompts = capture;
            return this;
        }

        /**
         * The catalog whose models are tagged by id; other models are tagged {@code other}, so that requests
         * naming arbitrary models cannot grow the number of time series. Default {@link ModelCatalog#builtIn()}.
         */
        public Builder catalog(ModelCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** The observer. */
        public MicrometerImageObserver build() {
            return new MicrometerImageObserver(this);
        }
    }
}
