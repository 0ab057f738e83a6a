package dev.imagegen4j;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity of a job a vendor accepted ({@link AsyncJobGenerator}): once a submit was accepted, this is the
 * request. Polling, a timeout or a restart of the process goes on with the same job ({@link
 * AsyncJobGenerator#resume}); nothing is submitted again. It holds what is needed to reach the job later (its id,
 * and vendor URLs such as fal's {@code status_url}) and round-trips through {@link #toMap()} / {@link #fromMap} so
 * it can be written to disk (the CLI batch's manifest) before polling starts. Immutable; holds no secret.
 */
public final class JobHandle {

    private final String providerId;
    private final String id;
    private final String model;
    private final String wireModel;
    private final Instant submittedAt;
    private final Map<String, String> attributes;

    private JobHandle(String providerId, String id, String model, String wireModel, Instant submittedAt,
            Map<String, String> attributes) {
        this.providerId = requireText(providerId, "providerId");
        this.id = requireText(id, "id");
        this.model = requireText(model, "model");
        this.wireModel = requireText(wireModel, "wireModel");
        this.submittedAt = Objects.requireNonNull(submittedAt, "submittedAt");
        this.attributes = Map.copyOf(attributes);
    }

    /**
     * A handle.
     *
     * @param providerId the provider that accepted the job, e.g. {@code replicate}
     * @param id         the vendor's job id (a Replicate prediction id, a fal request id)
     * @param model      the logical model
     * @param wireModel  the vendor's model id
     * @param attributes what else reaches the job (vendor URLs), by name
     * @throws IllegalArgumentException if an id is blank
     */
    public static JobHandle of(String providerId, String id, ModelId model, String wireModel, Instant submittedAt,
            Map<String, String> attributes) {
        return new JobHandle(providerId, id, Objects.requireNonNull(model, "model").value(), wireModel, submittedAt,
                attributes);
    }

    /**
     * The handle {@link #toMap()} wrote.
     *
     * @throws IllegalArgumentException naming the missing or malformed field
     */
    public static JobHandle fromMap(Map<String, ?> map) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Object attrs = map.get("attributes");
        if (attrs instanceof Map) {
            ((Map<?, ?>) attrs).forEach((k, v) -> attributes.put(String.valueOf(k), String.valueOf(v)));
        }
        Object at = map.get("submittedAt");
        Instant submitted;
        try {
            submitted = Instant.parse(String.valueOf(at));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("job handle: submittedAt '" + at + "' is not an ISO-8601 instant");
        }
        return new JobHandle(text(map, "provider"), text(map, "id"), text(map, "model"), text(map, "wireModel"),
                submitted, attributes);
    }

    private static String text(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (!(v instanceof String) || ((String) v).isBlank()) {
            throw new IllegalArgumentException("job handle: '" + key + "' is missing");
        }
        return (String) v;
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("job handle: " + what + " must not be blank");
        }
        return s;
    }

    /** {@code provider}, {@code id}, {@code model}, {@code wireModel}, {@code submittedAt}, {@code attributes}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", providerId);
        m.put("id", id);
        m.put("model", model);
        m.put("wireModel", wireModel);
        m.put("submittedAt", submittedAt.toString());
        m.put("attributes", new LinkedHashMap<>(attributes));
        return m;
    }

    /** The provider that accepted the job. */
    public String providerId() {
        return providerId;
    }

    /** The vendor's job id. */
    public String id() {
        return id;
    }

    /** The logical model. */
    public ModelId model() {
        return ModelId.of(model);
    }

    /** The vendor's model id. */
    public String wireModel() {
        return wireModel;
    }

    /** When the submit was accepted. */
    public Instant submittedAt() {
        return submittedAt;
    }

    /** A vendor attribute (e.g. {@code status_url}). */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** All vendor attributes. */
    public Map<String, String> attributes() {
        return attributes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobHandle && ((JobHandle) o).providerId.equals(providerId) && ((JobHandle) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return providerId.hashCode() * 31 + id.hashCode();
    }

    @Override
    public String toString() {
        return providerId + " job " + id + " (" + wireModel + ")";
    }
}
