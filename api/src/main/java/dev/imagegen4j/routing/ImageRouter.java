package dev.imagegen4j.routing;

import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ModelId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Routes requests across vendors: retries, failover and circuit breaking as decorators over
 * {@link ImageGenerator}. A route is itself an {@code ImageGenerator}.
 *
 * <h2>Composition order (the one place it is documented)</h2>
 * <pre>
 * Failover( Retry( CircuitBreaker( provider₁ ) ), Retry( CircuitBreaker( provider₂ ) ), ... )
 * </pre>
 * <ul>
 *   <li><b>CircuitBreaker</b> (innermost, per provider) sees every single call: after
 *       {@link CircuitBreakerOptions#failureThreshold()} consecutive failures it opens, and the provider
 *       is not called until the cool-down passes; then one real request is the probe. Rejected requests
 *       do not count as failures. No synthetic probe generations are ever sent.</li>
 *   <li><b>Retry</b> (per provider) repeats {@link dev.imagegen4j.RetryableException}s
 *       ({@link RetryOptions}), honouring the server's delay up to a ceiling; above the ceiling, or
 *       when the circuit opens, it gives up at once and the route fails over.</li>
 *   <li><b>Failover</b> (outermost) tries providers in order, skipping those whose capabilities cannot
 *       serve the request, and moves on after provider errors and spent retries.</li>
 *   <li>One <b>attempt budget</b> per logical request spans all of it (default: providers ×
 *       (retries + 1)); every call to a provider spends one.</li>
 *   <li><b>Never</b> retried or failed over unless opted in: {@link dev.imagegen4j.InvalidRequestException},
 *       {@link dev.imagegen4j.ContentPolicyException} ({@link Builder#failoverOn}) and
 *       {@link dev.imagegen4j.ResultUnknownException} ({@link Builder#retryUnknownResult}), which may
 *       already be paid for.</li>
 * </ul>
 * When every provider fails, {@link dev.imagegen4j.AllProvidersFailedException} lists what was tried, with
 * each member's last message per exception type, e.g. {@code Tried: azure (RateLimitException x3: Rate limit
 * reached (HTTP 429, request id req_1)), openai (AuthenticationException: Incorrect API key provided: sk-ab***yz
 * (HTTP 401)), aimlapi (skipped: no mask support for gpt-image-2)}. A request served after a failover says so
 * in {@link dev.imagegen4j.ImageResult#warnings()}, e.g. {@code azure failed (AuthenticationException: ...);
 * served by openai}, and the route logs that warning at WARN. Messages are cut to 200 characters after
 * credential-shaped text is masked. Provider clients below a router must not retry on their own (imagegen4j's
 * never do).
 *
 * <p>A request without a model gets the route's default model, so that every provider is asked for the
 * same logical model. Routes are thread-safe; the breaker state is shared by all requests through the
 * route. Closing a route closes its providers.
 */
public final class ImageRouter {

    private ImageRouter() {
    }

    /** A builder for a failover route named {@code name} (used as its provider id and in messages). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Just the retry decorator around one generator. */
    public static ImageGenerator retry(ImageGenerator generator, RetryOptions options) {
        return new RetryingGenerator(generator, options, false, ImageGenerationListener.NONE);
    }

    /** Just the circuit breaker decorator around one generator. */
    public static ImageGenerator circuitBreaker(ImageGenerator generator, CircuitBreakerOptions options) {
        return new CircuitBreakingGenerator(generator, options, ImageGenerationListener.NONE);
    }

    /**
     * {@code generator} under a shared {@link dev.imagegen4j.quota.Quota}: each call takes its requests, images and
     * estimated tokens first (waiting for its slot up to the quota's max-wait) and is corrected from the real usage
     * after. Several generators wrapped with one quota share it. In a route, add the wrapped generator as a member:
     * the quota then sits next to the provider ({@code Retry(CircuitBreaker(Quota(provider)))}), a call refused by
     * the quota fails over at once, and every retry passes the quota again. Closing the result closes
     * {@code generator}, not the quota's store.
     */
    public static ImageGenerator quota(ImageGenerator generator, dev.imagegen4j.quota.Quota quota) {
        return new QuotaGenerator(Objects.requireNonNull(generator, "generator"), Objects.requireNonNull(quota, "quota"),
                ImageGenerationListener.NONE);
    }

    /** Just failover across {@code members}, in order, without retries or breakers of its own. */
    public static ImageGenerator failover(String name, List<ImageGenerator> members) {
        List<String> labels = new ArrayList<>();
        members.forEach(m -> labels.add(m.providerId()));
        return new FailoverGenerator(name, members, labels, Set.of(), members.size(), ImageGenerationListener.NONE,
                null);
    }

    /**
     * The circuit state of each member of {@code route} that has a breaker, keyed by member label, in failover
     * order: what a health check reports. Reading it sends nothing. Empty for a generator that is not a route
     * (or a route built with {@code circuitBreaker(null)}); {@link CircuitState#OPEN} until a request after the
     * cool-down probes the member (Failsafe half-opens lazily).
     */
    public static Map<String, CircuitState> circuitStates(ImageGenerator route) {
        return route instanceof FailoverGenerator ? ((FailoverGenerator) route).circuitStates() : Map.of();
    }

    /** Builds a route. Not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private final String name;
        private final List<ImageGenerator> providers = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private RetryOptions retry = RetryOptions.DEFAULT;
        private CircuitBreakerOptions breaker = CircuitBreakerOptions.DEFAULT;
        private Integer maxAttempts;
        private ImageGenerationListener listener = ImageGenerationListener.NONE;
        private final Set<Class<? extends ImageGenerationException>> failoverOn = new LinkedHashSet<>();
        private boolean retryUnknownResult;
        private ModelId defaultModel = dev.imagegen4j.ModelCatalog.builtIn().defaultModel();

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("route name must not be blank");
            }
            this.name = name;
        }

        /** Adds a provider (or another route) at the end of the failover order, labelled by its provider id. */
        public Builder add(ImageGenerator generator) {
            return add(generator.providerId(), generator);
        }

        /**
         * Adds a provider at the end of the failover order under {@code label} (e.g. the generator's name in
         * a config file), used in messages and {@code providerMetadata("route-member")}: two members of one
         * provider stay apart.
         */
        public Builder add(String label, ImageGenerator generator) {
            Objects.requireNonNull(generator, "generator");
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("member label must not be blank");
            }
            providers.add(generator);
            labels.add(label);
            return this;
        }

        /** Retry options for every provider. Default {@link RetryOptions#DEFAULT}. */
        public Builder retry(RetryOptions retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** Breaker options for every provider; null for no breaker. Default {@link CircuitBreakerOptions#DEFAULT}. */
        public Builder circuitBreaker(CircuitBreakerOptions breaker) {
            this.breaker = breaker;
            return this;
        }

        /** The attempt budget of one request. Default providers × (retries + 1). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max attempts " + maxAttempts + ": must be at least 1");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Observes attempts, retries, skips and failovers. Default none. */
        public Builder listener(ImageGenerationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Opts in to failing over after exceptions of {@code type} that normally end the request, such
         * as {@link dev.imagegen4j.ContentPolicyException}: a policy decision (the next vendor's safety
         * system may judge differently). They are never retried on the same provider.
         */
        public Builder failoverOn(Class<? extends ImageGenerationException> type) {
            failoverOn.add(Objects.requireNonNull(type, "type"));
            return this;
        }

        /**
         * Opts in to retrying and failing over after a {@link dev.imagegen4j.ResultUnknownException}. The
         * first attempt may have generated (and billed) an image, so this can pay twice. Default false.
         */
        public Builder retryUnknownResult(boolean retry) {
            this.retryUnknownResult = retry;
            return this;
        }

        /**
         * The model of requests that name none, sent to every member (so a failover serves the same model). Default
         * the built-in catalog's {@link dev.imagegen4j.ModelCatalog#defaultModel()}.
         */
        public Builder defaultModel(ModelId model) {
            this.defaultModel = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * The route.
         *
         * @throws IllegalArgumentException if it has no provider
         */
        public ImageGenerator build() {
            if (providers.isEmpty()) {
                throw new IllegalArgumentException("route '" + name + "' needs at least one generator");
            }
            List<ImageGenerator> members = new ArrayList<>();
            for (ImageGenerator p : providers) {
                ImageGenerator g = breaker == null ? p : new CircuitBreakingGenerator(p, breaker, listener);
                members.add(new RetryingGenerator(g, retry, retryUnknownResult, listener));
            }
            Set<Class<? extends ImageGenerationException>> moveOn = new LinkedHashSet<>(failoverOn);
            if (retryUnknownResult) {
                moveOn.add(dev.imagegen4j.ResultUnknownException.class);
            }
            int budget = maxAttempts != null ? maxAttempts : providers.size() * (retry.maxRetries() + 1);
            return new FailoverGenerator(name, members, labels, moveOn, budget, listener, defaultModel);
        }
    }
}
