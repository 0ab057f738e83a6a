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
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExceptionMapperTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(new ContentFilteredException("blocked"), ContentPolicyException.class),
                Arguments.of(new dev.langchain4j.exception.InvalidRequestException("bad size"),
                        InvalidRequestException.class),
                Arguments.of(new dev.langchain4j.exception.AuthenticationException("bad key"),
                        AuthenticationException.class),
                Arguments.of(new dev.langchain4j.exception.ModelNotFoundException("no imagen-9"),
                        ModelNotFoundException.class),
                Arguments.of(new dev.langchain4j.exception.RateLimitException("slow down"), RateLimitException.class),
                Arguments.of(new TimeoutException("timed out"), ResultUnknownException.class),
                Arguments.of(new InternalServerException("boom"), RetryableException.class),
                Arguments.of(new RetriableException("try again"), RetryableException.class),
                Arguments.of(new UnresolvedModelServerException("no server"), ProviderException.class),
                Arguments.of(new NonRetriableException("no"), ProviderException.class),
                Arguments.of(new UnsupportedFeatureException("no edits"), ProviderException.class),
                Arguments.of(new LangChain4jException("odd"), ProviderException.class),
                Arguments.of(new HttpException(400, "bad"), InvalidRequestException.class),
                Arguments.of(new HttpException(401, "key"), AuthenticationException.class),
                Arguments.of(new HttpException(403, "forbidden"), AuthenticationException.class),
                Arguments.of(new HttpException(404, "gone"), ModelNotFoundException.class),
                Arguments.of(new HttpException(408, "slow"), RetryableException.class),
                Arguments.of(new HttpException(422, "bad"), InvalidRequestException.class),
                Arguments.of(new HttpException(429, "slow down"), RateLimitException.class),
                Arguments.of(new HttpException(503, "overloaded"), RetryableException.class),
                Arguments.of(new HttpException(418, "teapot"), ProviderException.class),
                Arguments.of(new IllegalArgumentException(ExceptionMapper.NOT_SUPPORTED), ProviderException.class),
                Arguments.of(new RuntimeException(new ConnectException("refused")), RetryableException.class),
                Arguments.of(new RuntimeException(new HttpTimeoutException("timed out")),
                        ResultUnknownException.class),
                Arguments.of(new IllegalStateException("weird"), ProviderException.class));
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
    void should_pass_imagegen4j_exceptions_through_unchanged() {
        QuotaExceededException e = new QuotaExceededException("out of credits");

        assertThat(ExceptionMapper.map(e, "lc", "generate")).isSameAs(e);
    }
}
