package dev.imagegen4j;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The vendor's safety system refused the prompt, a reference image or the generated image (OpenAI
 * {@code moderation_blocked}, Azure {@code content_policy_violation} / {@code contentFilter}). Do not
 * retry; routers never fail over around a refusal unless the user opts in, because doing so is a
 * policy decision.
 */
public class ContentPolicyException extends InvalidRequestException {

    private static final long serialVersionUID = 1L;

    /** Where the refusal happened. */
    public enum Stage {
        /** The prompt or reference images were refused. */
        INPUT,
        /** The generated image was refused. */
        OUTPUT,
        /** The vendor did not say. */
        UNKNOWN
    }

    private final Stage stage;
    private final List<String> categories;
    private final transient Map<String, Object> filterResults;

    /**
     * A refusal.
     *
     * @param stage         where it happened
     * @param categories    the categories the vendor named (e.g. {@code sexual}), may be empty
     * @param filterResults vendor detail such as Azure's content-filter results, may be empty
     */
    public ContentPolicyException(String message, String providerId, int httpStatus, String requestId,
            String providerCode, Stage stage, List<String> categories, Map<String, Object> filterResults) {
        super(message, null, providerId, httpStatus, requestId, providerCode, null);
        this.stage = stage == null ? Stage.UNKNOWN : stage;
        this.categories = categories == null ? List.of() : List.copyOf(categories);
        this.filterResults = filterResults == null ? Map.of() : Map.copyOf(filterResults);
    }

    /** Where the refusal happened. */
    public Stage stage() {
        return stage;
    }

    /** The categories the vendor named, e.g. {@code [sexual]}; empty when it named none. */
    public List<String> categories() {
        return categories;
    }

    /** Vendor detail (Azure content-filter results by category); empty when none was given. */
    public Map<String, Object> filterResults() {
        return filterResults == null ? Map.of() : filterResults;
    }

    /** The filter results of one category, if the vendor reported it. */
    public Optional<Object> filterResult(String category) {
        return Optional.ofNullable(filterResults().get(category));
    }
}
