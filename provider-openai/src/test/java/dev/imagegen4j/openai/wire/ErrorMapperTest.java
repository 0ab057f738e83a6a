package dev.imagegen4j.openai.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.QuotaExceededException;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorMapperTest {

    private final ErrorMapper mapper = new ErrorMapper(List.of("x-request-id", "apim-request-id"),
            UnaryOperator.identity());

    private static HttpHeaders headers(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], List.of(kv[i + 1]));
        }
        return HttpHeaders.of(m, (a, b) -> true);
    }

    private static String openAi(String type, String code, String param, String message) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":" + q(type) + ",\"param\":" + q(param)
                + ",\"code\":" + q(code) + "}}";
    }

    private static String q(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("400 invalid size", 400, headers(),
                        openAi("invalid_request_error", "invalid_value", "size", "Invalid size '1792x936'."),
                        InvalidRequestException.class),
                Arguments.of("400 moderation_blocked", 400, headers(),
                        "{\"error\":{\"message\":\"Your request was rejected by the safety system. safety_violations=[sexual].\","
                                + "\"type\":\"image_generation_user_error\",\"param\":null,\"code\":\"moderation_blocked\","
                                + "\"moderation_details\":{\"moderation_stage\":\"output\",\"categories\":[\"sexual\"]}}}",
                        ContentPolicyException.class),
                Arguments.of("400 azure content_policy_violation", 400, headers(),
                        "{\"error\":{\"code\":\"content_policy_violation\",\"type\":\"invalid_request_error\","
                                + "\"message\":\"Your request was rejected as a result of our safety system.\","
                                + "\"inner_error\":{\"code\":\"ResponsibleAIPolicyViolation\",\"content_filter_results\":"
                                + "{\"violence\":{\"filtered\":true,\"severity\":\"high\"},\"hate\":{\"filtered\":false,"
                                + "\"severity\":\"safe\"}}}}}",
                        ContentPolicyException.class),
                Arguments.of("400 azure contentFilter", 400, headers(),
                        "{\"created\":1767225600,\"error\":{\"code\":\"contentFilter\",\"message\":\"Generated image was "
                                + "filtered as a result of our safety system.\"}}",
                        ContentPolicyException.class),
                Arguments.of("401", 401, headers(),
                        openAi("invalid_request_error", "invalid_api_key", null, "Incorrect API key provided."),
                        AuthenticationException.class),
                Arguments.of("403 org not verified", 403, headers(),
                        openAi("invalid_request_error", null, null, "Your organization must be verified"),
                        AuthenticationException.class),
                Arguments.of("403 aimlapi out of credits", 403, headers(),
                        "{\"message\":\"You are out of credits\",\"path\":\"/v1/images/generations\",\"requestId\":\"r-1\","
                                + "\"statusCode\":\"403\",\"timestamp\":\"2026-11-21T00:00:00Z\"}",
                        QuotaExceededException.class),
                Arguments.of("404", 404, headers(),
                        openAi("invalid_request_error", "model_not_found", "model", "The model does not exist"),
                        ModelNotFoundException.class),
                Arguments.of("400 model_not_found", 400, headers(),
                        openAi("invalid_request_error", "model_not_found", "model", "retired"),
                        ModelNotFoundException.class),
                Arguments.of("404 azure DeploymentNotFound", 404, headers(),
                        "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment does not exist\"}}",
                        ModelNotFoundException.class),
                Arguments.of("429 insufficient_quota", 429, headers(),
                        openAi("insufficient_quota", "insufficient_quota", null, "You exceeded your current quota"),
                        QuotaExceededException.class),
                Arguments.of("429 rate limit", 429, headers("retry-after-ms", "1500"),
                        openAi("requests", "rate_limit_exceeded", null, "Rate limit reached"),
                        RateLimitException.class),
                Arguments.of("429 azure code 429", 429, headers("retry-after", "7"),
                        "{\"error\":{\"code\":\"429\",\"message\":\"Please retry after 7 seconds.\"}}",
                        RateLimitException.class),
                Arguments.of("500", 500, headers(), openAi("server_error", null, null, "The server had an error"),
                        RetryableException.class),
                Arguments.of("503 text body", 503, headers(), "Service Unavailable", RetryableException.class),
                Arguments.of("408", 408, headers(), "", RetryableException.class),
                Arguments.of("409", 409, headers(), "", RetryableException.class),
                Arguments.of("400 with x-should-retry true", 400, headers("x-should-retry", "true"),
                        openAi("invalid_request_error", null, null, "transient"), RetryableException.class),
                Arguments.of("500 with x-should-retry false", 500, headers("x-should-retry", "false"),
                        "", ProviderException.class),
                Arguments.of("422 other client error", 422, headers(), "{\"message\":\"Body validation error!\"}",
                        InvalidRequestException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void should_map_each_answer_to_the_exception_that_says_what_to_do_next(String name, int status,
            HttpHeaders headers, String body, Class<? extends ImageGenerationException> expected) {
        ImageGenerationException e = mapper.map("openai", status, headers, body.getBytes(StandardCharsets.UTF_8));

        assertThat(e).isExactlyInstanceOf(expected);
        assertThat(e.providerId()).contains("openai");
        assertThat(e.httpStatus()).hasValue(status);
    }

    /**
     * Statuses that mean "may have been processed" (a gateway gave up or lost the answer after the request
     * was sent) are unknown outcomes, never retried; the same status before the body was sent (a gateway
     * answering {@code Expect: 100-continue}) is retryable, because the service cannot have received it.
     */
    static Stream<Arguments> phases() {
        return Stream.of(
                Arguments.of(504, headers(), true, ResultUnknownException.class),
                Arguments.of(504, headers("x-should-retry", "true"), true, ResultUnknownException.class),
                Arguments.of(504, headers(), false, RetryableException.class),
                Arguments.of(524, headers(), true, ResultUnknownException.class),
                Arguments.of(598, headers(), true, ResultUnknownException.class),
                Arguments.of(599, headers(), true, ResultUnknownException.class),
                Arguments.of(502, headers(), true, ResultUnknownException.class),
                Arguments.of(502, headers("x-should-retry", "false"), true, ResultUnknownException.class),
                Arguments.of(502, headers(), false, RetryableException.class),
                Arguments.of(520, headers(), true, ResultUnknownException.class),
                Arguments.of(520, headers(), false, RetryableException.class),
                Arguments.of(500, headers(), true, RetryableException.class),
                Arguments.of(500, headers(), false, RetryableException.class),
                Arguments.of(503, headers(), true, RetryableException.class),
                Arguments.of(503, headers("x-should-retry", "false"), true, ProviderException.class),
                Arguments.of(529, headers(), true, RetryableException.class),
                Arguments.of(408, headers(), true, RetryableException.class),
                Arguments.of(429, headers(), true, RateLimitException.class),
                Arguments.of(401, headers(), false, AuthenticationException.class),
                Arguments.of(400, headers(), true, InvalidRequestException.class));
    }

    @ParameterizedTest(name = "{0} {1} sent={2}")
    @MethodSource("phases")
    void should_treat_gateway_timeouts_after_sending_as_unknown(int status, HttpHeaders headers, boolean sent,
            Class<? extends ImageGenerationException> expected) {
        ImageGenerationException e = mapper.map("openai", status, headers,
                openAi("server_error", null, null, "upstream").getBytes(StandardCharsets.UTF_8), sent, false);

        assertThat(e).isExactlyInstanceOf(expected);
        assertThat(e.httpStatus()).hasValue(status);
        if (expected == ResultUnknownException.class) {
            assertThat(e.getMessage()).contains("not retried").contains("paid");
        }
    }

    @Test
    void should_redact_a_key_before_cutting_a_non_json_body() {
        String key = "sk-proj-" + "A1b2C3d4".repeat(6);
        ErrorMapper redacting = new ErrorMapper(List.of(), s -> s.replace(key, "***"));
        for (int pad = 150; pad < 215; pad++) {
            String body = "x".repeat(pad) + " key " + key + " rest";

            ImageGenerationException e = redacting.map("openai", 500, headers(), body.getBytes(StandardCharsets.UTF_8),
                    true, false);

            assertThat(e.getMessage()).as("pad %d", pad).doesNotContain("A1b2C3").doesNotContain("sk-proj-A");
        }
    }

    @Test
    void should_drop_the_last_token_of_a_body_cut_short_because_it_may_be_part_of_a_secret() {
        String azureKey = "0123456789abcdef0123456789abcdef";
        ErrorMapper redacting = new ErrorMapper(List.of(), s -> s.replace(azureKey, "***"));
        for (int keep = 4; keep < azureKey.length(); keep++) {
            byte[] cut = ("<html>upstream failed for api-key=" + azureKey.substring(0, keep))
                    .getBytes(StandardCharsets.UTF_8);

            ImageGenerationException e = redacting.map("azure", 502, headers(), cut, true, true);

            assertThat(e.getMessage()).as("keep %d", keep).doesNotContain(azureKey.substring(0, keep));
        }
    }

    @Test
    void should_redact_keys_echoed_in_code_param_type_and_request_id() {
        String key = "sk-live-9f8e7d6c5b4a3f2e1d0c";
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMxMjM0NTYifQ.c2lnbmF0dXJlLXRoaW5n";
        String hex = "00112233445566778899aabbccddeeff";
        InvalidRequestException e = (InvalidRequestException) mapper.map("openai", 400, headers(),
                ("{\"error\":{\"message\":\"bad key " + hex + " and Bearer " + token + "\",\"type\":\"" + key
                        + "\",\"param\":\"" + key + "\",\"code\":\"" + token + "\"}}").getBytes(StandardCharsets.UTF_8));
        ImageGenerationException flat = mapper.map("aimlapi", 400, headers(),
                ("{\"message\":\"m\",\"requestId\":\"" + key + "\",\"statusCode\":\"" + key + "\"}")
                        .getBytes(StandardCharsets.UTF_8));

        String all = e.getMessage() + e.param().orElse("") + e.providerCode().orElse("") + e.requestId().orElse("")
                + flat.getMessage() + flat.requestId().orElse("") + flat.providerCode().orElse("");
        assertThat(all).doesNotContain("9f8e7d6c").doesNotContain("eyJzdWIi").doesNotContain("c2lnbmF0")
                .doesNotContain("8899aabb");
        assertThat(e.param()).contains("sk-***");
    }

    @Test
    void should_carry_param_code_and_request_id_of_a_400() {
        InvalidRequestException e = (InvalidRequestException) mapper.map("openai", 400, headers("x-request-id", "req_1"),
                openAi("invalid_request_error", "invalid_value", "size", "Invalid size '1792x936'.")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(e.param()).contains("size");
        assertThat(e.providerCode()).contains("invalid_value");
        assertThat(e.requestId()).contains("req_1");
        assertThat(e.getMessage()).isEqualTo("openai: Invalid size '1792x936'. (HTTP 400, request id req_1)");
    }

    @Test
    void should_read_stage_and_categories_of_a_moderation_block() {
        ContentPolicyException e = (ContentPolicyException) mapper.map("openai", 400, headers(),
                ("{\"error\":{\"message\":\"rejected. safety_violations=[sexual].\",\"type\":\"image_generation_user_error\","
                        + "\"code\":\"moderation_blocked\",\"moderation_details\":{\"moderation_stage\":\"output\","
                        + "\"categories\":[\"sexual\"]}}}").getBytes(StandardCharsets.UTF_8));

        assertThat(e.stage()).isEqualTo(ContentPolicyException.Stage.OUTPUT);
        assertThat(e.categories()).containsExactly("sexual");
    }

    @Test
    void should_read_azure_filter_results_and_the_apim_request_id() {
        ContentPolicyException e = (ContentPolicyException) mapper.map("azure", 400, headers("apim-request-id", "apim-9"),
                ("{\"error\":{\"code\":\"content_policy_violation\",\"message\":\"Your request was rejected\","
                        + "\"inner_error\":{\"code\":\"ResponsibleAIPolicyViolation\",\"content_filter_results\":"
                        + "{\"violence\":{\"filtered\":true,\"severity\":\"high\"},\"hate\":{\"filtered\":false}}}}}")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(e.categories()).containsExactly("violence");
        assertThat(e.stage()).isEqualTo(ContentPolicyException.Stage.INPUT);
        assertThat(e.filterResult("violence")).isPresent();
        assertThat(e.requestId()).contains("apim-9");
    }

    @Test
    void should_take_the_request_id_from_an_aimlapi_body_when_no_header_has_it() {
        ImageGenerationException e = mapper.map("aimlapi", 429, headers(),
                "{\"message\":\"Too Many Requests\",\"requestId\":\"aiml-7\",\"statusCode\":\"429\"}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(e.requestId()).contains("aiml-7");
    }

    @Test
    void should_redact_keys_from_vendor_messages() {
        ErrorMapper redacting = new ErrorMapper(List.of("x-request-id"), s -> s.replace("secret-value-123", "***"));
        ImageGenerationException e = redacting.map("openai", 401, headers(),
                openAi("invalid_request_error", "invalid_api_key", null,
                        "Incorrect API key provided: sk-proj-abcdef123456. Also secret-value-123.")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(e.getMessage()).doesNotContain("abcdef123456").doesNotContain("secret-value-123")
                .contains("sk-***");
    }

    @Test
    void should_parse_every_retry_after_form() {
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(30).atZone(ZoneOffset.UTC));

        assertThat(HeaderValues.retryAfter(headers("retry-after-ms", "250.5"), () -> now)).contains(Duration.ofNanos(250_500_000));
        assertThat(HeaderValues.retryAfter(headers("x-ms-retry-after-ms", "900"), () -> now)).contains(Duration.ofMillis(900));
        assertThat(HeaderValues.retryAfter(headers("retry-after", "2"), () -> now)).contains(Duration.ofSeconds(2));
        assertThat(HeaderValues.retryAfter(headers("retry-after", "1.5"), () -> now)).contains(Duration.ofMillis(1500));
        assertThat(HeaderValues.retryAfter(headers("retry-after", date), () -> now)).contains(Duration.ofSeconds(30));
        assertThat(HeaderValues.retryAfter(headers("retry-after", "soon"), () -> now)).isEmpty();
        assertThat(HeaderValues.retryAfter(headers(), () -> now)).isEmpty();
    }

    @Test
    void should_parse_go_durations_of_rate_limit_resets() {
        assertThat(HeaderValues.goDuration("6m0s")).contains(Duration.ofMinutes(6));
        assertThat(HeaderValues.goDuration("1s")).contains(Duration.ofSeconds(1));
        assertThat(HeaderValues.goDuration("12ms")).contains(Duration.ofMillis(12));
        assertThat(HeaderValues.goDuration("1h2m3.5s")).contains(Duration.ofMillis(3_723_500));
        assertThat(HeaderValues.goDuration("soon")).isEmpty();
        assertThat(HeaderValues.rateLimits(headers("x-ratelimit-limit-requests", "500",
                "x-ratelimit-reset-requests", "6m0s", "x-ratelimit-remaining-tokens", "n/a")))
                .containsEntry("limit-requests", 500L)
                .containsEntry("reset-requests", Duration.ofMinutes(6))
                .containsEntry("remaining-tokens", "n/a");
    }
}
