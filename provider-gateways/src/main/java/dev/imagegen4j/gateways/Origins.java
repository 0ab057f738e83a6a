package dev.imagegen4j.gateways;

import java.net.URI;
import java.net.URISyntaxException;

/** Keys never leave the configured origin: a vendor URL is used only on the base URL's scheme, host and port. */
final class Origins {

    private Origins() {
    }

    /** {@code url} when it parses and is on the origin of {@code base}; else {@code fallback}. */
    static URI sameOrigin(String url, URI base, URI fallback) {
        if (url == null || url.isBlank()) {
            return fallback;
        }
        try {
            URI u = new URI(url.strip());
            boolean same = u.getScheme() != null && u.getScheme().equalsIgnoreCase(base.getScheme())
                    && u.getHost() != null && u.getHost().equalsIgnoreCase(base.getHost())
                    && port(u) == port(base) && u.getRawUserInfo() == null;
            return same ? u : fallback;
        } catch (URISyntaxException e) {
            return fallback;
        }
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** A path segment as it goes into a URL (ids come from vendors). */
    static String segment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
