package dev.imagegen4j.langchain4j;

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
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLHandshakeException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExceptionMapperTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // refusals: nothing was processed
                Arguments.of(new ContentFilteredException("blocked"), ContentPolicyException.class),
                Arguments.of(new HttpException(400, "{\"error\":{\"code\":\"moderation_blocked\"}}"),
                        ContentPolicyException.class),
                Arguments.of(new dev.langchain4j.exception.InvalidRequestException("bad size"),
                        InvalidRequestException.class),
                Arguments.of(new dev.langchain4j.exception.AuthenticationException("bad key"),
                        AuthenticationException.class),
                Arguments.of(new dev.langchain4j.exception.ModelNotFoundException("no imagen-9"),
                        ModelNotFoundException.class),
                Arguments.of(new dev.langchain4j.exception.RateLimitException("slow down"), RateLimitException.class),
                Arguments.of(new UnresolvedModelServerException("no server"), ProviderException.class),
                Arguments.of(new NonRetriableException("no"), ProviderException.class),
                Arguments.of(new UnsupportedFeatureException("no edits"), ProviderException.class),
                Arguments.of(new IllegalArgumentException(ExceptionMapper.NOT_SUPPORTED), ProviderException.class),
                Arguments.of(new UnsupportedOperationException("edit"), ProviderException.class),
                // by status, wherever the HttpException is in the chain
                Arguments.of(new HttpException(400, "bad"), InvalidRequestException.class),
                Arguments.of(new HttpException(401, "key"), AuthenticationException.class),
                Arguments.of(new HttpException(403, "forbidden"), AuthenticationException.class),
                Arguments.of(new HttpException(404, "gone"), ModelNotFoundException.class),
                Arguments.of(new HttpException(408, "slow"), RetryableException.class),
                Arguments.of(new HttpException(409, "conflict"), RetryableException.class),
                Arguments.of(new HttpException(422, "bad"), InvalidRequestException.class),
                Arguments.of(new HttpException(429, "slow down"), RateLimitException.class),
                Arguments.of(new HttpException(500, "oops"), RetryableException.class),
                Arguments.of(new HttpException(503, "overloaded"), RetryableException.class),
                Arguments.of(new HttpException(502, "bad gateway"), ResultUnknownException.class),
                Arguments.of(new HttpException(504, "gateway timeout"), ResultUnknownException.class),
                Arguments.of(new HttpException(520, "origin error"), ResultUnknownException.class),
                Arguments.of(new HttpException(524, "origin timeout"), ResultUnknownException.class),
                Arguments.of(new HttpException(418, "teapot"), ProviderException.class),
                Arguments.of(new InternalServerException(new HttpException(500, "oops")), RetryableException.class),
                Arguments.of(new InternalServerException(new HttpException(504, "gateway timeout")),
                        ResultUnknownException.class),
                Arguments.of(new InternalServerException(new HttpException(502, "bad gateway")),
                        ResultUnknownException.class),
                Arguments.of(new TimeoutException(new HttpException(408, "request timeout")), RetryableException.class),
                // nothing was sent: no connection was made
                Arguments.of(new RuntimeException(new ConnectException("refused")), RetryableException.class),
                Arguments.of(new RuntimeException(new UnknownHostException("api.example")), RetryableException.class),
                Arguments.of(new RuntimeException(new SocketTimeoutException("Connect timed out")),
                        RetryableException.class),
                Arguments.of(new RuntimeException(new SSLHandshakeException("bad certificate")),
                        RetryableException.class),
                Arguments.of(new TimeoutException(new HttpConnectTimeoutException("connect timed out")),
                        RetryableException.class),
                // may have been sent, processed and billed
                Arguments.of(new TimeoutException("timed out"), ResultUnknownException.class),
                Arguments.of(new TimeoutException(new HttpTimeoutException("request timed out")),
                        ResultUnknownException.class),
                Arguments.of(new RuntimeException(new HttpTimeoutException("timed out")), ResultUnknownException.class),
                Arguments.of(new RuntimeException(new SocketTimeoutException("Read timed out")),
                        ResultUnknownException.class),
                Arguments.of(new RuntimeException(new IOException("Connection reset")), ResultUnknownException.class),
                Arguments.of(new RuntimeException(new EOFException("EOF reached while reading")),
                        ResultUnknownException.class),
                Arguments.of(new RetriableException(new IOException("HTTP/1.1 header parser received no bytes")),
                        ResultUnknownException.class),
                Arguments.of(new InternalServerException(new IOException("stream reset")), ResultUnknownException.class),
                Arguments.of(new UncheckedIOException(new IOException("Unexpected end-of-input")),
                        ResultUnknownException.class),
                Arguments.of(new RuntimeException("Interrupted during action execution", new InterruptedException()),
                        ResultUnknownException.class),
                // the vendor says: transient, and there is no sign that anything was processed
                Arguments.of(new InternalServerException("boom"), RetryableException.class),
                Arguments.of(new RetriableException("try again"), RetryableException.class),
                // cannot tell whether the request reached the vendor
                Arguments.of(new LangChain4jException("odd"), ResultUnknownException.class),
                Arguments.of(new IllegalStateException("weird"), ResultUnknownException.class),
                Arguments.of(new NullPointerException("data is null"), ResultUnknownException.class));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void should_map_to_the_type_that_says_what_to_do_next(RuntimeException from,
            Class<? extends ImageGenerationException> to) {
        // when
        ImageGenerationException mapped = ExceptionMapper.map(from, "langchain4j", "generate");

        // then: exactly that type, not a subtype that would change the route's decision
        assertThat(mapped).isExactlyInstanceOf(to);
        assertThat(mapped.providerId()).contains("langchain4j");
        assertThat(mapped.getMessage()).startsWith("langchain4j: ");
        if (!(mapped instanceof ContentPolicyException)) {
            assertThat(mapped.getCause()).isSameAs(from);
        }
    }

    @org.junit.jupiter.api.Test
    void should_keep_the_status_when_mapping_an_http_exception() {
        ImageGenerationException mapped = ExceptionMapper.map(new HttpException(503, "overloaded"), "lc", "generate");

        assertThat(mapped.httpStatus()).hasValue(503);
        assertThat(mapped.getMessage()).isEqualTo("lc: HttpException: overloaded (HTTP 503)");
    }

    @org.junit.jupiter.api.Test
    void should_mask_credentials_and_bound_the_message_when_the_vendor_body_echoes_a_key() {
        String key = "sk-proj-Q7xW2vN9kL4mZ8pR3tY6";
        HttpException echoed = new HttpException(401, "{\"error\":{\"message\":\"Invalid key " + key + "\", \"x\":\""
                + "y".repeat(5_000) + "\"}}");

        ImageGenerationException mapped = ExceptionMapper.map(echoed, "lc", "generate");

        assertThat(mapped).isInstanceOf(AuthenticationException.class);
        assertThat(mapped.getMessage()).contains("Invalid key sk-***").doesNotContain("Q7xW2vN9")
                .hasSizeLessThan(ExceptionMapper.MAX_MESSAGE + 100);
    }

    @org.junit.jupiter.api.Test
    void should_pass_imagegen4j_exceptions_through_unchanged() {
        QuotaExceededException e = new QuotaExceededException("out of credits");

        assertThat(ExceptionMapper.map(e, "lc", "generate")).isSameAs(e);
    }
}
