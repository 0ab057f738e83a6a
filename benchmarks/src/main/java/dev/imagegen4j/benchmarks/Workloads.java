package dev.imagegen4j.benchmarks;

import java.nio.charset.StandardCharsets;

/** Facts about a response body: where its base64 image is and how many bytes it decodes to. */
final class Workloads {

    private static final byte[] KEY = "\"b64_json\"".getBytes(StandardCharsets.US_ASCII);

    private Workloads() {
    }

    /** {@code {offset, length}} of the first {@code b64_json} string value (without quotes). */
    static int[] b64Region(byte[] body) {
        int k = indexOf(body, KEY, 0);
        if (k < 0) {
            throw new IllegalArgumentException("no b64_json in the body");
        }
        int i = k + KEY.length;
        while (body[i] != '"') {
            i++;
        }
        int start = i + 1;
        int end = start;
        while (body[end] != '"') {
            end++;
        }
        return new int[] {start, end - start};
    }

    /** The decoded length of the body's image. */
    static long decodedLength(byte[] body) {
        int[] r = b64Region(body);
        int len = r[1];
        int pad = 0;
        if (len > 0 && body[r[0] + len - 1] == '=') {
            pad++;
            if (len > 1 && body[r[0] + len - 2] == '=') {
                pad++;
            }
        }
        return (long) len / 4 * 3 - pad + (len % 4 == 0 ? 0 : (len % 4) - 1);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
