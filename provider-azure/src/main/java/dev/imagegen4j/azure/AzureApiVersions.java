package dev.imagegen4j.azure;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Azure OpenAI's api-versions mean for images: dated versions ({@code 2024-10-21},
 * {@code 2025-04-01-preview}) belong to the classic URL form; GA versions before {@link #FIRST_GPT_IMAGE} carry
 * only dall-e-3 generations (no gpt-image models, no edits).
 */
final class AzureApiVersions {

    /** The first api-version that carries gpt-image models and edits on the classic form. */
    static final String FIRST_GPT_IMAGE = "2025-04-01-preview";

    private static final LocalDate FIRST_GPT_IMAGE_DATE = LocalDate.of(2025, 4, 1);
    private static final Pattern DATED = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(-preview)?");

    private AzureApiVersions() {
    }

    /** Whether {@code version} is a dated version ({@code YYYY-MM-DD} with an optional {@code -preview}). */
    static boolean isDated(String version) {
        return DATED.matcher(version).matches();
    }

    /**
     * Why {@code version} cannot carry gpt-image models or edits, or empty: a GA dated version older than
     * {@link #FIRST_GPT_IMAGE}.
     */
    static Optional<String> lacksGptImage(String version) {
        Matcher m = DATED.matcher(version);
        if (!m.matches() || m.group(2) != null) {
            return Optional.empty();
        }
        LocalDate date;
        try {
            date = LocalDate.parse(m.group(1));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
        return date.isBefore(FIRST_GPT_IMAGE_DATE) ? Optional.of("api-version " + version + " (GA) carries only "
                + "dall-e-3 generations on the classic URL form") : Optional.empty();
    }
}
