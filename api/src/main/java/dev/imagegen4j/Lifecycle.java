package dev.imagegen4j;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's lifecycle: when it was released, whether it is deprecated, the date each vendor shut (or will shut)
 * it down, and its successor. Shutdowns are per provider id, because hosts differ: OpenAI shut gpt-image-1 down on
 * 2026-10-23 while Azure OpenAI and gateways may still serve it; Azure retired dall-e-3 two months before OpenAI.
 *
 * <p>Providers enforce it before sending (see {@link #check}): a model past its shutdown date on the provider that
 * shut it down fails fast with a {@link ModelNotFoundException} naming the date and the successor (a route then
 * fails over to a host that still serves it); other hosts get a warning. Facts that only third parties reported
 * ({@link #source()} set) always warn, never fail. Immutable and thread-safe.
 */
public final class Lifecycle {

    /** Nothing known: no warnings, no failures. */
    public static final Lifecycle UNKNOWN = builder().build();

    private final LocalDate released;
    private final LocalDate deprecated;
    private final Map<String, LocalDate> shutdowns;
    private final ModelId successor;
    private final String source;

    private Lifecycle(Builder b) {
        this.released = b.released;
        this.deprecated = b.deprecated;
        this.shutdowns = Collections.unmodifiableMap(new LinkedHashMap<>(b.shutdowns));
        this.successor = b.successor;
        this.source = b.source;
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these facts. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.released = released;
        b.deprecated = deprecated;
        b.shutdowns.putAll(shutdowns);
        b.successor = successor;
        b.source = source;
        return b;
    }

    /** The release date. */
    public Optional<LocalDate> released() {
        return Optional.ofNullable(released);
    }

    /** When the vendor announced the deprecation. */
    public Optional<LocalDate> deprecated() {
        return Optional.ofNullable(deprecated);
    }

    /** Shutdown dates by provider id ({@code openai}, {@code azure}, ...). */
    public Map<String, LocalDate> shutdowns() {
        return shutdowns;
    }

    /** The shutdown date on {@code providerId}, if one is known. */
    public Optional<LocalDate> shutdownOn(String providerId) {
        return Optional.ofNullable(shutdowns.get(providerId));
    }

    /** The model to use instead. */
    public Optional<ModelId> successor() {
        return Optional.ofNullable(successor);
    }

    /**
     * Where the facts come from when only a third party reported them (e.g. {@code "third-party report"}); such
     * facts warn and never fail a request.
     */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** Whether nothing is known. */
    public boolean isEmpty() {
        return released == null && deprecated == null && shutdowns.isEmpty() && successor == null;
    }

    /**
     * Checks a call of {@code model} through {@code providerId} on {@code today}.
     *
     * @return a warning for a model that is deprecated or shut down by another vendor, or empty
     * @throws ModelNotFoundException if {@code providerId} shut the model down on or before {@code today}
     *                                (unless the fact is a third party's), naming the date and the successor
     */
    public Optional<String> check(ModelId model, String providerId, LocalDate today) {
        LocalDate own = shutdowns.get(providerId);
        String instead = successor == null ? "" : "; use " + successor + " instead";
        if (own != null && !own.isAfter(today)) {
            String m = model + " was shut down by " + providerId + " on " + own + instead;
            if (source == null) {
                throw new ModelNotFoundException(m + " (nothing was sent; override the catalog's lifecycle if "
                        + providerId + " still serves it to you)", null, providerId, 0, null, "model_shut_down");
            }
            return Optional.of(m + " (" + source + "; sent anyway)");
        }
        if (own != null) {
            return Optional.of(model + " will be shut down by " + providerId + " on " + own + instead);
        }
        for (Map.Entry<String, LocalDate> e : shutdowns.entrySet()) {
            if (!e.getValue().isAfter(today)) {
                return Optional.of(model + " was shut down by " + e.getKey() + " on " + e.getValue() + instead
                        + "; " + providerId + " may still serve it");
            }
        }
        if (deprecated != null && !deprecated.isAfter(today)) {
            return Optional.of(model + " is deprecated" + instead);
        }
        return Optional.empty();
    }

    /** A one-line description for listings: {@code released 2026-04-21; shut down by openai 2026-10-23; successor ...}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (released != null) {
            b.append("released ").append(released);
        }
        if (deprecated != null) {
            b.append(b.length() > 0 ? "; " : "").append("deprecated ").append(deprecated);
        }
        shutdowns.forEach((p, d) -> b.append(b.length() > 0 ? "; " : "").append("shutdown by ").append(p).append(' ')
                .append(d));
        if (successor != null) {
            b.append(b.length() > 0 ? "; " : "").append("successor ").append(successor);
        }
        if (source != null) {
            b.append(" (").append(source).append(')');
        }
        return b.length() == 0 ? "unknown" : b.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Lifecycle)) {
            return false;
        }
        Lifecycle l = (Lifecycle) o;
        return Objects.equals(released, l.released) && Objects.equals(deprecated, l.deprecated)
                && shutdowns.equals(l.shutdowns) && Objects.equals(successor, l.successor)
                && Objects.equals(source, l.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(released, deprecated, shutdowns, successor, source);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Builds a {@link Lifecycle}; not thread-safe. */
    public static final class Builder {
        private LocalDate released;
        private LocalDate deprecated;
        private final Map<String, LocalDate> shutdowns = new LinkedHashMap<>();
        private ModelId successor;
        private String source;

        private Builder() {
        }

        /** The release date, or null. */
        public Builder released(LocalDate date) {
            this.released = date;
            return this;
        }

        /** The deprecation date, or null. */
        public Builder deprecated(LocalDate date) {
            this.deprecated = date;
            return this;
        }

        /** The shutdown date on {@code providerId}; null removes it. */
        public Builder shutdown(String providerId, LocalDate date) {
            Objects.requireNonNull(providerId, "providerId");
            if (date == null) {
                shutdowns.remove(providerId);
            } else {
                shutdowns.put(providerId, date);
            }
            return this;
        }

        /** The successor, or null. */
        public Builder successor(ModelId successor) {
            this.successor = successor;
            return this;
        }

        /** Where third-party-only facts come from, or null for first-party facts. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** The lifecycle. */
        public Lifecycle build() {
            return new Lifecycle(this);
        }
    }
}
