package dev.imagegen4j.testkit;

import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts one {@link ImageApiEmulator} per test class and {@linkplain
 * ImageApiEmulator#reset() resets} it (journal, faults, rules, rate limit, synthetic mode) before each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static EmulatorExtension emu = EmulatorExtension.create(b -> b.azureDeployment("img2-prod", "gpt-image-2"));
 *
 * @Test
 * void should_retry_when_server_overloaded() {
 *     emu.emulator().enqueue(Fault.status(503));
 *     ... point the client at emu.emulator().baseUrl(Dialect.OPENAI) ...
 * }
 * }</pre>
 *
 * <p>Register it as a {@code static} field; it also resolves {@link ImageApiEmulator} test parameters.
 * JUnit Jupiter API is an optional dependency of the testkit: it must be on the test class path.
 */
public final class EmulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        ParameterResolver {

    private final Consumer<ImageApiEmulator.Builder> configuration;
    private volatile ImageApiEmulator emulator;

    private EmulatorExtension(Consumer<ImageApiEmulator.Builder> configuration) {
        this.configuration = configuration;
    }

    /** An extension with the emulator's defaults. */
    public static EmulatorExtension create() {
        return new EmulatorExtension(b -> { });
    }

    /** An extension whose emulator is configured by {@code configuration} before it starts. */
    public static EmulatorExtension create(Consumer<ImageApiEmulator.Builder> configuration) {
        return new EmulatorExtension(Objects.requireNonNull(configuration, "configuration"));
    }

    /**
     * The running emulator.
     *
     * @throws IllegalStateException outside the test class's lifecycle (e.g. a non-static field)
     */
    public ImageApiEmulator emulator() {
        ImageApiEmulator e = emulator;
        if (e == null) {
            throw new IllegalStateException("the emulator is not running: register EmulatorExtension on a static "
                    + "field with @RegisterExtension so it starts before the tests");
        }
        return e;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (emulator == null) {
            ImageApiEmulator.Builder builder = ImageApiEmulator.builder();
            configuration.accept(builder);
            emulator = builder.build();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emulator == null) {
            beforeAll(context);
        }
        emulator.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ImageApiEmulator e = emulator;
        emulator = null;
        if (e != null) {
            e.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == ImageApiEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return emulator();
    }
}
