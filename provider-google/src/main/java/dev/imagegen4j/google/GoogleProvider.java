package dev.imagegen4j.google;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.Secret;
import dev.imagegen4j.openai.wire.WireSettings;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import dev.imagegen4j.spi.ProviderSettings;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code google} provider: fills {@link GoogleImageGenerator#builder()} from settings.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Key</th><th>Meaning</th></tr>
 *   <tr><td>{@code api-key}</td><td>the Gemini API key (or, when the environment is passed in, {@code GEMINI_API_KEY},
 *       then {@code GOOGLE_API_KEY}); with {@code url-style: vertex} and no project, a Vertex express-mode key</td></tr>
 *   <tr><td>{@code url-style}</td><td>{@code gemini} (default) or {@code vertex}</td></tr>
 *   <tr><td>{@code project}, {@code location}</td><td>Vertex AI project and location (default {@code global}; or
 *       {@code GOOGLE_CLOUD_PROJECT}, {@code GOOGLE_CLOUD_LOCATION} when the environment is passed in)</td></tr>
 *   <tr><td>{@code access-token}</td><td>a fixed Vertex AI access token (not refreshed; in code use a
 *       {@link GoogleTokenSupplier})</td></tr>
 *   <tr><td>{@code base-url}</td><td>default {@code https://generativelanguage.googleapis.com} (Gemini API), or the
 *       Vertex endpoint of the location</td></tr>
 *   <tr><td>{@code include-text}</td><td>{@code true}: ask for text parts too (in the result's metadata); default
 *       false</td></tr>
 *   <tr><td>{@code models}</td><td>logical model to Gemini model, e.g. {@code {gpt-image-2: gemini-3-pro-image}} for a
 *       failover route</td></tr>
 * </table>
 *
 * <p>Plus the common keys of {@link WireSettings} (request defaults, timeouts, {@code allow-insecure-http},
 * {@code expect-continue}, {@code max-image-bytes}).
 */
public final class GoogleProvider implements ImageGeneratorProvider {

    private static final Set<String> KEYS = WireSettings.keysWith(Set.of("api-key", "url-style", "project",
            "location", "access-token", "base-url", "include-text", "models"));

    @Override
    public String id() {
        return "google";
    }

    @Override
    public Set<String> settingKeys() {
        return KEYS;
    }

    @Override
    public ImageGenerator create(ProviderSettings s) {
        s.requireOnlyKeys(id(), KEYS);
        GoogleImageGenerator.Builder b = GoogleImageGenerator.builder();
        GoogleUrlStyle style;
        try {
            style = s.string("url-style").map(GoogleUrlStyle::of).orElse(GoogleUrlStyle.GEMINI);
        } catch (IllegalArgumentException e) {
            throw s.withName(new IllegalArgumentException("setting " + e.getMessage(), e));
        }
        b.urlStyle(style);
        Optional<Secret> token = s.secret("access-token");
        Optional<String> project = s.string("project");
        if (style == GoogleUrlStyle.VERTEX) {
            project = project.or(() -> s.env("GOOGLE_CLOUD_PROJECT"));
            if (project.isPresent() && token.isPresent()) {
                b.vertex(project.get(), s.string("location").or(() -> s.env("GOOGLE_CLOUD_LOCATION")).orElse("global"));
            }
        } else if (s.has("project") || s.has("location") || token.isPresent()) {
            throw s.error("settings 'project', 'location' and 'access-token' apply to url-style: vertex only");
        }
        if (token.isPresent()) {
            if (s.has("api-key")) {
                throw s.error("provider google takes exactly one of 'api-key' and 'access-token'; remove one");
            }
            if (project.isEmpty()) {
                throw s.error("setting 'access-token' needs 'project' (Vertex AI), or GOOGLE_CLOUD_PROJECT when the "
                        + "environment is passed in");
            }
            Secret t = token.get();
            b.tokenSupplier(() -> GoogleAccessToken.of(t, Instant.MAX));
        } else {
            if (style == GoogleUrlStyle.VERTEX && s.has("project")) {
                throw s.error("url-style vertex with a project needs 'access-token' (or a GoogleTokenSupplier in "
                        + "code); without a project an API key uses Vertex express mode");
            }
            b.apiKey(s.secret("api-key").or(() -> s.secretEnv("GEMINI_API_KEY"))
                    .or(() -> s.secretEnv("GOOGLE_API_KEY"))
                    .orElseThrow(() -> s.error("setting 'api-key' is required for provider google (or pass the "
                            + "environment with GEMINI_API_KEY or GOOGLE_API_KEY set)")));
        }
        s.uri("base-url").ifPresent(b::baseUrl);
        b.includeText(s.bool("include-text", false));
        b.models(s.stringMap("models"));
        b.settings(s);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw s.withName(e);
        }
    }
}
