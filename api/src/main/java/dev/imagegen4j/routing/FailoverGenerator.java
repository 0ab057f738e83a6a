package dev.imagegen4j.routing;

import dev.imagegen4j.AllProvidersFailedException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.internal.Redaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries an ordered list of generators until one serves the request. Moves on after a
 * {@link ProviderException} (incl. an open circuit) or a {@link RetryableException} whose retries are
 * spent; skips a member whose capabilities cannot serve the request. Never moves on after an
 * {@link InvalidRequestException} (incl. a content-policy refusal) or a {@link ResultUnknownException}
 * unless its type was opted in: routing around a refusal is a policy decision, and a retry after an
 * unknown result may pay twice.
 *
 * <p>Failover is visible: a result served after a failure or skip carries a warning such as {@code azure failed
 * (AuthenticationException: invalid api key (HTTP 401)); served by openai}, also logged at WARN when a member
 * failed; when every member fails, the {@link AllProvidersFailedException} lists each member's error messages.
 * Messages are cut to {@value #MAX_MESSAGE} characters after credential-shaped text is masked.
 */
final class FailoverGenerator extends RoutingStep {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverGenerator.class);
    static final int MAX_MESSAGE = 200;

    private final String name;
    private final List<ImageGenerator> members;
    private final List<String> labels;
    private final Set<Class<? extends ImageGenerationException>> failoverOn;
    private final int budget;
    private final ImageGenerationListener listener;
    private final ModelId defaultModel;

    FailoverGenerator(String name, List<ImageGenerator> members, List<String> labels,
            Set<Class<? extends ImageGenerationException>> failoverOn, int budget, ImageGenerationListener listener,
            ModelId defaultModel) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("route '" + name + "' needs at least one generator");
        }
        this.name = name;
        this.members = List.copyOf(members);
        this.labels = List.copyOf(labels);
        this.failoverOn = Set.copyOf(failoverOn);
        this.budget = budget;
        this.listener = listener;
        this.defaultModel = defaultModel;
    }

    private boolean optedIn(ImageGenerationException e) {
        for (Class<? extends ImageGenerationException> c : failoverOn) {
            if (c.isInstance(e)) {
                return true;
            }
        }
        return false;
    }

    @Override
    ImageResult generate(ImageRequest request, ImageListener imageListener, Attempts attempts) {
        ImageRequest r = request.model().isPresent() || defaultModel == null ? request
                : request.toBuilder().model(defaultModel).build();
        Map<String, List<String>> tried = new LinkedHashMap<>();
        List<Throwable> failures = new ArrayList<>();
        List<InvalidRequestException> refusals = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            ImageGenerator member = members.get(i);
            String id = labels.get(i);
            if (attempts.exhausted()) {
                tried.computeIfAbsent(id, k -> new ArrayList<>()).add("skipped: attempt budget of "
                        + attempts.budget() + " spent");
                continue;
            }
            String skip = cannotServe(member, r, refusals);
            if (skip != null) {
                LOG.debug("route {}: skipping {}: {}", name, id, skip);
                attempts.listener().onSkip(member.providerId(), skip);
                tried.computeIfAbsent(id, k -> new ArrayList<>()).add("skipped: " + skip);
                continue;
            }
            int before = attempts.failures.size();
            try {
                ImageResult result = call(member, r, imageListener, attempts);
                ImageResult.Builder served = result.toBuilder().providerMetadata("route", name)
                        .providerMetadata("route-member", id).providerMetadata("route-attempts", attempts.used());
                if (!tried.isEmpty()) {
                    String warning = servedAfter(tried, id);
                    served.addWarning(warning);
                    if (!failures.isEmpty()) {
                        LOG.warn("route {}: {}", name, warning);
                    } else {
                        LOG.debug("route {}: {}", name, warning);
                    }
                }
                return served.build();
            } catch (CircuitOpenException e) {
                record(tried, id, attempts, before, failures);
                boolean triedBefore = attempts.failures.size() > before;
                attempts.listener().onSkip(member.providerId(), ImageGenerationListener.CIRCUIT_OPEN);
                tried.computeIfAbsent(id, k -> new ArrayList<>()).add(triedBefore ? "then circuit open"
                        : "skipped: circuit open");
                failures.add(e);
                continue;
            } catch (RoutingStep.BudgetExhaustedException e) {
                tried.computeIfAbsent(id, k -> new ArrayList<>()).add("skipped: attempt budget of "
                        + attempts.budget() + " spent");
                record(tried, id, attempts, before, failures);
                continue;
            } catch (ImageGenerationException e) {
                boolean moveOn = e instanceof ProviderException || e instanceof RetryableException || optedIn(e);
                if (!moveOn) {
                    throw e;
                }
                record(tried, id, attempts, before, failures);
                if (attempts.failures.size() == before) {
                    tried.computeIfAbsent(id, k -> new ArrayList<>()).add(e.getClass().getSimpleName() + ": "
                            + shown(e));
                    failures.add(e);
                }
                LOG.debug("route {}: {} failed with {}; failing over", name, id, e.getClass().getSimpleName());
                attempts.listener().onFailover(member.providerId(), e);
            }
        }
        if (failures.isEmpty() && !refusals.isEmpty() && refusals.size() == members.size()) {
            // every member refused the request by its rules and nothing was sent: that is the caller's to fix
            InvalidRequestException first = refusals.get(0);
            refusals.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        List<String> lines = new ArrayList<>();
        tried.forEach((id, what) -> lines.add(id + " (" + String.join(", ", what) + ")"));
        throw new AllProvidersFailedException(lines, failures);
    }

    /**
     * Summarises the failures a member added to the log under its label: by type, with counts and the last
     * message of each type, e.g. {@code RateLimitException x3: Rate limit reached (HTTP 429)}.
     */
    private static void record(Map<String, List<String>> tried, String label, Attempts attempts, int from,
            List<Throwable> failures) {
        Map<String, Integer> byType = new LinkedHashMap<>();
        Map<String, String> lastMessage = new LinkedHashMap<>();
        for (int i = from; i < attempts.failures.size(); i++) {
            Attempts.Failure f = attempts.failures.get(i);
            String type = f.exception.getClass().getSimpleName();
            byType.merge(type, 1, Integer::sum);
            lastMessage.put(type, shown(f.exception));
            failures.add(f.exception);
        }
        byType.forEach((type, n) -> tried.computeIfAbsent(label, k -> new ArrayList<>()).add((n == 1 ? type
                : type + " x" + n) + ": " + lastMessage.get(type)));
    }

    /** The message of {@code e} without the provider prefix every message has, masked and cut. */
    private static String shown(ImageGenerationException e) {
        String m = String.valueOf(e.getMessage());
        String prefix = e.providerId().map(p -> p + ": ").orElse("");
        if (!prefix.isEmpty() && m.startsWith(prefix)) {
            m = m.substring(prefix.length());
        }
        m = m.replaceAll("[\\r\\n]+", " ");
        // keep the status and request id at the end when the vendor's text is cut
        int deco = Math.max(m.lastIndexOf(" (HTTP "), m.lastIndexOf(" (request id "));
        if (deco > 0 && m.endsWith(")") && m.length() - deco < MAX_MESSAGE / 2) {
            String tail = Redaction.secretShapes(m.substring(deco));
            return Redaction.bounded(m.substring(0, deco), MAX_MESSAGE - tail.length()) + tail;
        }
        return Redaction.bounded(m, MAX_MESSAGE);
    }

    /** {@code azure failed (AuthenticationException: ...); aimlapi skipped (no mask support); served by openai}. */
    private static String servedAfter(Map<String, List<String>> tried, String servedBy) {
        List<String> parts = new ArrayList<>();
        tried.forEach((label, what) -> {
            List<String> skips = new ArrayList<>();
            List<String> fails = new ArrayList<>();
            for (String w : what) {
                if (w.startsWith("skipped: ")) {
                    skips.add(w.substring("skipped: ".length()));
                } else {
                    fails.add(w);
                }
            }
            if (!fails.isEmpty()) {
                parts.add(label + " failed (" + String.join(", ", fails) + ")");
            }
            if (!skips.isEmpty()) {
                parts.add(label + " skipped (" + String.join(", ", skips) + ")");
            }
        });
        return String.join("; ", parts) + "; served by " + servedBy;
    }

    /**
     * Why {@code member} cannot serve {@code r}, checked as the member would check it before sending (so a model the
     * catalog does not know is not skipped for rules that were only inferred), or null. A member that refuses the
     * request by its rules adds the refusal to {@code refusals}.
     */
    private static String cannotServe(ImageGenerator member, ImageRequest r, List<InvalidRequestException> refusals) {
        ModelId model = r.model().orElse(null);
        if (model != null) {
            ModelCapabilities caps;
            try {
                caps = member.capabilities(model);
            } catch (RuntimeException e) {
                return "cannot serve " + model + ": " + e.getMessage();
            }
            if (!caps.supports(r.operation())) {
                return "no " + r.operation().name().toLowerCase(java.util.Locale.ROOT) + " support for " + model;
            }
            if (r.mask().isPresent() && !caps.supportsMask()) {
                return "no mask support for " + model;
            }
        }
        try {
            member.check(r);
        } catch (InvalidRequestException e) {
            refusals.add(e);
            return e.getMessage();
        } catch (ProviderException e) {
            return e.getMessage();
        }
        return null;
    }

    /**
     * The route's dry run: for each member, in order, either what it would receive (the first servable member's
     * requests are sent; later members' only on failover) or why it would be skipped.
     */
    @Override
    public dev.imagegen4j.DryRun dryRun(ImageRequest request) {
        ImageRequest r = request.model().isPresent() || defaultModel == null ? request
                : request.toBuilder().model(defaultModel).build();
        List<dev.imagegen4j.DryRun.Request> requests = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        java.util.Optional<dev.imagegen4j.Cost> cost = java.util.Optional.empty();
        List<InvalidRequestException> refusals = new ArrayList<>();
        boolean first = true;
        for (int i = 0; i < members.size(); i++) {
            String id = labels.get(i);
            String skip = cannotServe(members.get(i), r, refusals);
            if (skip != null) {
                notes.add(id + " would be skipped: " + skip);
                continue;
            }
            dev.imagegen4j.DryRun member = members.get(i).dryRun(r);
            for (dev.imagegen4j.DryRun.Request q : member.requests()) {
                requests.add(new dev.imagegen4j.DryRun.Request(id + " (" + q.provider() + ")" + (first ? ""
                        : ", on failover only"), q.method(), q.url(), q.headers(), q.body()));
            }
            member.notes().forEach(n -> notes.add(id + ": " + n));
            if (first) {
                warnings.addAll(member.warnings());
                cost = member.estimatedCost();
                first = false;
            }
        }
        if (first && !refusals.isEmpty() && refusals.size() == members.size()) {
            throw refusals.get(0);
        }
        if (first) {
            notes.add("no member of route " + name + " could serve this request");
        }
        return new dev.imagegen4j.DryRun(requests, warnings, cost, notes);
    }

    @Override
    int defaultBudget() {
        return budget;
    }

    @Override
    ImageGenerationListener listener() {
        return listener;
    }

    /** Each member's circuit state by label, for members with a breaker. */
    Map<String, CircuitState> circuitStates() {
        Map<String, CircuitState> states = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            ImageGenerator m = members.get(i);
            while (m instanceof DecoratingStep && !(m instanceof CircuitBreakingGenerator)) {
                m = ((DecoratingStep) m).delegate;
            }
            if (m instanceof CircuitBreakingGenerator) {
                states.put(labels.get(i), ((CircuitBreakingGenerator) m).state());
            }
        }
        return states;
    }

    /** The first member's capabilities: the route's preferred provider. */
    @Override
    public ModelCapabilities capabilities(ModelId model) {
        return members.get(0).capabilities(model);
    }

    @Override
    public String providerId() {
        return name;
    }

    /** The first member that runs the jobs of {@code providerId}. */
    @Override
    public java.util.Optional<dev.imagegen4j.AsyncJobGenerator> asyncJobs(String providerId) {
        for (ImageGenerator m : members) {
            java.util.Optional<dev.imagegen4j.AsyncJobGenerator> found = m.asyncJobs(providerId);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (ImageGenerator m : members) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "Failover(" + name + ", " + members + ")";
    }
}
