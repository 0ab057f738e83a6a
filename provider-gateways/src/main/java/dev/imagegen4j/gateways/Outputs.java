package dev.imagegen4j.gateways;

import dev.imagegen4j.ResultUnknownException;
import java.net.URI;
import java.net.URISyntaxException;

/** Output references in job answers. */
final class Outputs {

    private Outputs() {
    }

    /**
     * The URL of output {@code index}, or {@code null} for a data URL (decoded from the answer as it arrived).
     *
     * @throws ResultUnknownException naming the image (never the URL, which may carry a signed token) when it does not
     *                                parse: the image was generated
     */
    static URI url(String providerId, String text, int index, String id, int status) {
        if (text.regionMatches(true, 0, "data:", 0, 5)) {
            return null;
        }
        try {
            URI u = new URI(text.strip());
            if (u.isAbsolute() && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // below
        }
        throw new ResultUnknownException("image " + index + " of " + id + " was generated but its URL is malformed ("
                + text.length() + " characters)", null, providerId, status, id);
    }
}
