package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.testkit.ImageApiEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration file's shared quota, through the CLI. */
class QuotaCliTest {

    private static final String REDIS_PASSWORD = "quota-redis-pw-8h2k5";

    @TempDir
    Path dir;

    private int cli(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        Context ctx = new Context(Map.of("REDIS_PASSWORD", REDIS_PASSWORD), dir,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        return ImagegenCli.run(ctx, args);
    }

    @Test
    void should_send_nothing_and_name_the_quota_but_not_the_password_when_its_redis_is_down() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ImageApiEmulator emu = ImageApiEmulator.start()) {
            Files.writeString(dir.resolve("imagegen4j.yaml"), """
                    quotas:
                      org:
                        store: redis://127.0.0.1:%d/0
                        password: ${REDIS_PASSWORD}
                        timeout: 500ms
                        images-per-minute: 60
                    generators:
                      local: { provider: openai, api-key: sk-quota-cli, base-url: "%s/v1", quota: org }
                    """.formatted(port, emu.baseUrl()));
            for (String[] args : new String[][] {{"generate", "a fox", "-o", "fox.png", "--verbose"},
                {"generate", "a fox", "-o", "fox.png", "--json"}}) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                assertThat(cli(out, err, args)).isEqualTo(ExitCodes.UNAVAILABLE);
                String all = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
                assertThat(all).contains("quota 'org': its store redis://127.0.0.1:" + port + "/0 is unavailable")
                        .contains("nothing was sent").doesNotContain(REDIS_PASSWORD);
            }
            assertThat(emu.journal().posts()).isEmpty();
            assertThat(dir.resolve("fox.png")).doesNotExist();
        }
    }
}
