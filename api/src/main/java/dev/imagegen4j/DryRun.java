package dev.imagegen4j;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a call would send, without sending it ({@link ImageGenerator#dryRun}): every HTTP request each provider would
 * receive (URL, headers with secrets masked, body), the warnings the result would carry and the estimated cost.
 * Everything a real call checks before sending was checked. Immutable.
 *
 * @param requests      the requests, in the order they would be sent (a route lists each member that could serve
 *                      it; later members only on failover)
 * @param warnings      the warnings the result would carry
 * @param estimatedCost the cost at the catalog's list prices for the expected usage ({@link Usage#estimate}), if the
 *                      model has prices
 * @param notes         what else a reader should know (a route's skipped members, a provider that cannot show its
 *                      wire requests)
 */
public record DryRun(List<Request> requests, List<String> warnings, Optional<Cost> estimatedCost, List<String> notes) {

    /** Copies the lists. */
    public DryRun {
        requests = List.copyOf(requests);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(estimatedCost, "estimatedCost");
        notes = List.copyOf(notes);
    }

    /**
     * One HTTP request as it would go on the wire.
     *
     * @param provider the provider (for a route: {@code route member (provider)})
     * @param method   {@code POST}
     * @param url      the URL
     * @param headers  the headers; authentication values are {@code ***}
     * @param body     the body: JSON as sent (long base64 and data URLs shortened), or a multipart outline (text
     *                 fields, and each file part's name, file name, type and size)
     */
    public record Request(String provider, String method, URI url, Map<String, String> headers, String body) {

        /** Copies the headers. */
        public Request {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(url, "url");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }
    }
}
