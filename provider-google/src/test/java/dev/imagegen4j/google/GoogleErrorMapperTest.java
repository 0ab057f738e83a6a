package dev.imagegen4j.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.QuotaExceededException;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.openai.wire.ErrorMapper;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link GoogleErrorMapper} as a table: Google's error answers and what they become. */
class GoogleErrorMapperTest {

    private static final String SECRET = "AIzaSySecretKeyValue123456789";
    private final GoogleErrorMapper mapper = new GoogleErrorMapper(new ErrorMapper(List.of("x-request-id"),
            s -> s.replace(SECRET, "***")));

    private static String google(int code, String status, String message, String... details) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\""
                + (details.length == 0 ? "" : ",\"details\":[" + String.join(",", details) + "]") + "}}";
    }

    private static String detail(String type, String body) {
        return "{\"@type\":\"type.googleapis.com/google.rpc." + type + "\"" + (body.isEmpty() ? "" : "," + body) + "}";
    }

    private static final String RETRY_7S = detail("RetryInfo", "\"retryDelay\":\"7s\"");
    private static final String PER_MINUTE = detail("QuotaFailure", "\"violations\":[{\"quotaId\":"
            + "\"GenerateRequestsPerMinutePerProjectPerModel\"}]");
    private static final String PER_DAY = detail("QuotaFailure", "\"violations\":[{\"quotaId\":"
            + "\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\"}]");

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("400 API_KEY_INVALID", 400, google(400, "INVALID_ARGUMENT",
                        "API key not valid. Please pass a valid API key.", detail("ErrorInfo",
                                "\"reason\":\"API_KEY_INVALID\"")), AuthenticationException.class),
                Arguments.of("401 UNAUTHENTICATED (Vertex token)", 401, google(401, "UNAUTHENTICATED",
                        "Request had invalid authentication credentials."), AuthenticationException.class),
                Arguments.of("403 PERMISSION_DENIED", 403, google(403, "PERMISSION_DENIED",
                        "Method doesn't allow unregistered callers"), AuthenticationException.class),
                Arguments.of("403 billing disabled", 403, google(403, "PERMISSION_DENIED",
                        "This API method requires billing to be enabled."), QuotaExceededException.class),
                Arguments.of("404 NOT_FOUND model", 404, google(404, "NOT_FOUND",
                        "models/gemini-9 is not found for API version v1beta"), ModelNotFoundException.class),
                Arguments.of("429 per minute with RetryInfo", 429, google(429, "RESOURCE_EXHAUSTED",
                        "Resource has been exhausted (e.g. check quota).", PER_MINUTE, RETRY_7S),
                        RateLimitException.class),
                Arguments.of("429 per day", 429, google(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota",
                        PER_DAY, RETRY_7S), QuotaExceededException.class),
                Arguments.of("429 prepaid credits depleted", 429, google(429, "RESOURCE_EXHAUSTED",
                        "Your prepayment credits are depleted."), QuotaExceededException.class),
                Arguments.of("400 FAILED_PRECONDITION region", 400, google(400, "FAILED_PRECONDITION",
                        "User location is not supported for the API use."), ProviderException.class),
                Arguments.of("400 INVALID_ARGUMENT", 400, google(400, "INVALID_ARGUMENT", "Unsupported aspect ratio",
                        detail("BadRequest", "\"fieldViolations\":[{\"field\":\"generation_config.image_config"
                                + ".aspect_ratio\"}]")), InvalidRequestException.class),
                Arguments.of("500 INTERNAL", 500, google(500, "INTERNAL", "An internal error has occurred."),
                        RetryableException.class),
                Arguments.of("503 UNAVAILABLE", 503, google(503, "UNAVAILABLE", "The model is overloaded."),
                        RetryableException.class),
                Arguments.of("504 DEADLINE_EXCEEDED after sending", 504, google(504, "DEADLINE_EXCEEDED",
                        "Deadline exceeded"), ResultUnknownException.class),
                Arguments.of("502 HTML from a proxy", 502, "<html>Bad Gateway</html>", ResultUnknownException.class),
                Arguments.of("OpenAI shape from a relay", 429, "{\"error\":{\"message\":\"slow down\",\"type\":"
                        + "\"rate_limit\",\"code\":\"rate_limit_exceeded\"}}", RateLimitException.class));
    }

    private ImageGenerationException map(int status, String body) {
        return mapper.map("google", status, HttpHeaders.of(Map.of("x-request-id", List.of("req-9")), (a, b) -> true),
                body.getBytes(StandardCharsets.UTF_8), true, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void should_map_each_google_error_to_the_exception_that_says_what_to_do(String name, int status, String body,
            Class<? extends ImageGenerationException> expected) {
        ImageGenerationException e = map(status, body);

        assertThat(e).isInstanceOf(expected);
        assertThat(e.providerId()).contains("google");
        assertThat(e.requestId()).contains("req-9");
        assertThat(e.httpStatus()).hasValue(status);
    }

    @Test
    void should_take_the_retry_delay_from_retry_info_and_the_param_from_the_field_violation() {
        RateLimitException limited = (RateLimitException) map(429, google(429, "RESOURCE_EXHAUSTED", "slow",
                PER_MINUTE, detail("RetryInfo", "\"retryDelay\":\"0.250s\"")));
        InvalidRequestException invalid = (InvalidRequestException) map(400, google(400, "INVALID_ARGUMENT", "bad",
                detail("BadRequest", "\"fieldViolations\":[{\"field\":\"generation_config.seed\"}]")));

        assertThat(limited.retryAfter()).contains(Duration.ofMillis(250));
        assertThat(limited.providerCode()).contains("RESOURCE_EXHAUSTED");
        assertThat(invalid.param()).contains("generation_config.seed");
    }

    @Test
    void should_never_show_the_key_when_google_echoes_it() {
        ImageGenerationException e = map(400, google(400, "INVALID_ARGUMENT", "API key not valid: " + SECRET,
                detail("ErrorInfo", "\"reason\":\"API_KEY_INVALID\"")));

        assertThat(e).isInstanceOf(AuthenticationException.class);
        assertThat(e.getMessage()).doesNotContain(SECRET).contains("***");
    }
}
