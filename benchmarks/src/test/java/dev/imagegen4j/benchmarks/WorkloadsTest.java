package dev.imagegen4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

    @Test
    void should_parse_every_workload_form() {
        assertThat(Workloads.spec("n10x1MiB").n).isEqualTo(10);
        assertThat(Workloads.spec("n10x1MiB").syntheticBytes).isEqualTo(1L << 20);
        assertThat(Workloads.spec("256MiB").syntheticBytes).isEqualTo(256L << 20);
        assertThat(Workloads.spec("512KiB").syntheticBytes).isEqualTo(512L << 10);
        assertThat(Workloads.spec("3840x2160").syntheticBytes).isEqualTo(-1);
        assertThat(Workloads.spec("3840x2160").size).isEqualTo("3840x2160");
        assertThat(Workloads.spec("tiny").syntheticBytes).isEqualTo(1024);
        assertThat(Workloads.concurrency("concurrent256")).isEqualTo(256);
        assertThat(Workloads.concurrency("12MiB")).isEqualTo(-1);
    }

    @Test
    void should_reject_an_unknown_workload_naming_the_accepted_forms() {
        assertThatThrownBy(() -> Workloads.spec("16MB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown workload '16MB'").hasMessageContaining("n<N>x<k>MiB");
        assertThatThrownBy(() -> Workloads.spec("n11x1MiB")).hasMessageContaining("n must be 1..10");
    }

    @Test
    void should_find_every_image_and_digest_them_in_order() {
        byte[] a = {1, 2, 3, 4, 5};
        byte[] b = {9, 8, 7};
        String body = "{\"created\":1,\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(a)
                + "\"},{\"b64_json\": \"" + Base64.getEncoder().encodeToString(b) + "\"}],\"usage\":{}}";
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);

        List<int[]> regions = Workloads.b64Regions(bytes);

        assertThat(regions).hasSize(2);
        assertThat(Workloads.decodedLength(bytes)).isEqualTo(8);
        assertThat(Workloads.digestOf(bytes).toString())
                .isEqualTo(new Workloads.Digest().add(a).add(b).toString())
                .startsWith("2:8:");
        assertThat(Workloads.digestOf(bytes).toString()).isNotEqualTo(new Workloads.Digest().add(b).add(a).toString());
    }

    @Test
    void should_count_padding_when_computing_decoded_length() {
        for (int n = 0; n < 8; n++) {
            byte[] enc = Base64.getEncoder().encode(new byte[n]);
            assertThat(Workloads.decodedLength(enc, 0, enc.length)).as("%d bytes", n).isEqualTo(n);
        }
    }

    @Test
    void should_reject_a_body_without_an_image() {
        assertThatThrownBy(() -> Workloads.b64Regions("{\"error\":{}}".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("no b64_json");
    }

    @Test
    void should_call_large_only_images_of_a_mebibyte_or_more() {
        assertThat(Targets.large(10L << 20, 10)).isTrue();
        assertThat(Targets.large(774_741, 1)).isFalse();
        assertThat(Targets.large(16L << 20, 4)).isTrue();
    }
}
