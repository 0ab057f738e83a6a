package dev.imagegen4j;

/**
 * The model, snapshot or Azure deployment does not exist for this provider or account (HTTP 404,
 * {@code model_not_found}, {@code DeploymentNotFound}), or no deployment is mapped for the model.
 * Fail over or fix the model id / deployment map.
 */
public class ModelNotFoundException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /** A local error with only a message. */
    public ModelNotFoundException(String message) {
        super(message);
    }

    /**
     * An error from a vendor's answer.
     *
     * @param message      what went wrong, without secrets
     * @param cause        the underlying cause, may be null
     * @param providerId   the provider that failed
     * @param httpStatus   the HTTP status, or 0 when there was no response
     * @param requestId    the vendor's request id, may be null
     * @param providerCode the vendor's error code, may be null
     */
    public ModelNotFoundException(String message, Throwable cause, String providerId, int httpStatus, String requestId,
            String providerCode) {
        super(message, cause, providerId, httpStatus, requestId, providerCode);
    }
}
