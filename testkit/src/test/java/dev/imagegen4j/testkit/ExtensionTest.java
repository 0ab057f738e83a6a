package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create();

    private static int firstPort;

    @Test
    @Order(1)
    void should_start_emulator_and_leave_faults_behind(ImageApiEmulator emulator) {
        firstPort = emulator.port();
        Http.postJson(emulator.baseUrl(Dialect.OPENAI) + "/images/generations", "{}", Http.bearer("k"));
        emulator.enqueue(Fault.status(500));
        emulator.rateLimit(1);

        assertThat(emulator).isSameAs(emu.emulator());
        assertThat(emulator.journal().size()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void should_reuse_emulator_and_reset_state_before_each_test(ImageApiEmulator emulator) {
        assertThat(emulator.port()).isEqualTo(firstPort);
        assertThat(emulator.journal().size()).isZero();
        assertThat(emulator.pendingFaults()).isZero();
        Http.Reply r = Http.postJson(emulator.baseUrl(Dialect.OPENAI) + "/images/generations",
                "{\"model\":\"gpt-image-1\",\"prompt\":\"x\"}", Http.bearer("k"));
        assertThat(r.status).isEqualTo(200);
        assertThat(r.header("x-ratelimit-limit-requests")).isNull();
    }
}
