package dev.imagegen4j.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The mapper as a table, with exceptions shaped like those Spring AI models throw (matched by name and accessor). */
class SpringAiExceptionMapperTest {

    /** Shaped like Spring AI's retry module exception: the status leads the message. */
    static class TransientAiException extends RuntimeException {
        TransientAiException(String m) {
            super(m);
        }
    }

    static class NonTransientAiException extends RuntimeException {
        NonTransientAiException(String m) {
            super(m);
        }
    }

    /** Shaped like the OpenAI SDK's service exceptions. */
    static class SdkServiceException extends RuntimeException {
        private final int status;
        private final String body;

        SdkServiceException(int status, String body) {
            super(status + ": error");
            this.status = status;
            this.body = body;
        }

        public int statusCode() {
            return status;
        }

        public String body() {
            return body;
        }
    }

    /** Shaped like Spring's RestClientResponseException: an HttpStatusCode with value(). */
    static class RestException extends RuntimeException {
        private final int status;

        RestException(int status) {
            super(status + " Bad Gateway");
            this.status = status;
        }

        public Code getStatusCode() {
            return new Code(status);
        }

        public record Code(int value) {
        }
    }

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(new SdkServiceException(400, "{\"error\":{\"code\":\"moderation_blocked\"}}"),
                        ContentPolicyException.class),
                Arguments.of(new SdkServiceException(400, "{\"error\":{\"code\":\"invalid_value\"}}"),
                        InvalidRequestException.class),
                Arguments.of(new SdkServiceException(429, "{}"), RateLimitException.class),
                Arguments.of(new SdkServiceException(401, "{}"), AuthenticationException.class),
                Arguments.of(new SdkServiceException(403, "{}"), AuthenticationException.class),
                Arguments.of(new SdkServiceException(404, "{}"), ModelNotFoundException.class),
                Arguments.of(new SdkServiceException(418, "{}"), ProviderException.class),
                Arguments.of(new SdkServiceException(500, "{}"), RetryableException.class),
                Arguments.of(new SdkServiceException(503, "{}"), RetryableException.class),
                Arguments.of(new SdkServiceException(408, "{}"), RetryableException.class),
                Arguments.of(new SdkServiceException(502, "{}"), ResultUnknownException.class),
                Arguments.of(new SdkServiceException(504, "{}"), ResultUnknownException.class),
                Arguments.of(new RestException(524), ResultUnknownException.class),
                Arguments.of(new RestException(529), RetryableException.class),
                Arguments.of(new TransientAiException("504 - upstream timed out"), ResultUnknownException.class),
                Arguments.of(new TransientAiException("503 - overloaded"), RetryableException.class),
                Arguments.of(new TransientAiException("temporarily unavailable"), RetryableException.class),
                Arguments.of(new NonTransientAiException("401 - invalid key"), AuthenticationException.class),
                Arguments.of(new NonTransientAiException("unsupported option"), ProviderException.class),
                Arguments.of(new RuntimeException("I/O", new ConnectException("Connection refused")),
                        RetryableException.class),
                Arguments.of(new RuntimeException("I/O", new SocketTimeoutException("connect timed out")),
                        RetryableException.class),
                Arguments.of(new RuntimeException("I/O", new SocketTimeoutException("Read timed out")),
                        ResultUnknownException.class),
                Arguments.of(new UncheckedIOException(new java.io.EOFException("unexpected end of stream")),
                        ResultUnknownException.class),
                Arguments.of(new UnsupportedOperationException("edits"), ProviderException.class),
                Arguments.of(new IllegalStateException("could not parse the answer"), ResultUnknownException.class));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void should_map_by_whether_the_vendor_may_have_billed(RuntimeException thrown,
            Class<? extends ImageGenerationException> expected) {
        ImageGenerationException mapped = SpringAiExceptionMapper.map(thrown, "spring-ai");

        assertThat(mapped).isExactlyInstanceOf(expected);
        if (!(mapped instanceof ContentPolicyException)) { // its constructor takes no cause
            assertThat(mapped).hasCause(thrown);
        }
        assertThat(mapped.providerId()).contains("spring-ai");
    }
}
