package dev.imagegen4j.cli;

import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code imagegen emulator}: the testkit emulator in the foreground. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = "Run the OpenAI / Azure OpenAI / AI/ML API emulator until interrupted.")
final class EmulatorCommand implements Callable<Integer> {

    @ParentCommand
    ImagegenCli parent;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (0 picks a free one). Default 8080.")
    int port;

    @Option(names = "--dialect", paramLabel = "D", defaultValue = "openai",
            description = "Dialect served on /v1: openai or aimlapi (Azure routes are always under /openai).")
    String dialect;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Only accept this key (default: any non-empty key).")
    String apiKey;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "0", description = "Added latency per request.")
    long latencyMs;

    @Override
    public Integer call() throws InterruptedException {
        Dialect d;
        try {
            d = Dialect.valueOf(dialect.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--dialect " + dialect + ": must be openai or aimlapi");
        }
        ImageApiEmulator.Builder b = ImageApiEmulator.builder().port(port).dialect(d)
                .latency(Duration.ofMillis(latencyMs));
        if (apiKey != null) {
            b.apiKey(apiKey);
        }
        ImageApiEmulator emu = b.start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emu.close();
            stop.countDown();
        }));
        parent.ctx.out.println("emulator listening on " + emu.baseUrl());
        parent.ctx.out.println("  OpenAI base URL:    " + emu.baseUrl() + "/v1");
        parent.ctx.out.println("  Azure endpoint:     " + emu.baseUrl());
        parent.ctx.out.println("  AI/ML API base URL: " + emu.baseUrl(Dialect.AIMLAPI));
        parent.ctx.out.println("press Ctrl-C to stop");
        parent.ctx.out.flush();
        stop.await();
        return ExitCodes.OK;
    }
}
