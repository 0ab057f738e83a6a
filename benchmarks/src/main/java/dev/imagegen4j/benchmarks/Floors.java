package dev.imagegen4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The floors: what the machine can do with the same response body when nothing but the essential work is
 * done. They are measured in the same run, against the same server, as the clients.
 *
 * <ul>
 *   <li>{@code floor-base64}: the body already in a local array; only {@code java.util.Base64} decoding of
 *       its image(s) into fresh arrays (what returning bytes needs at the least).
 *   <li>{@code floor-transfer}: one request on a kept-alive raw socket, the response body read into a
 *       reused array; no HTTP client, no JSON, no base64.
 *   <li>{@code floor-loopback}: the two together, one after the other, on the same thread: the transfer,
 *       then decoding each image from the received array into a fresh array. The decode-throughput target
 *       compares the full library call with this.
 *   <li>{@code floor-jdk-http}: not a floor of the machine but of the JDK's client: the same request through
 *       {@code java.net.http.HttpClient} (HTTP/1.1), its body drained from {@code BodyHandlers.ofInputStream()}
 *       into a reused buffer, nothing decoded. What a library on {@code java.net.http} pays before it
 *       decodes anything (context for the transport, no target).
 * </ul>
 *
 * <p>Both decoding floors warm {@code java.util.Base64} before they are measured, by decoding many small
 * slices of the same base64: a 12 MiB image is one call per operation, so without this the JIT may never
 * compile the decoder's loop as a whole method, and the same fork measured 14.8 ms where a warm one takes
 * 1.56 ms. The libraries are not warmed this way: JMH's warm-up iterations are what a long-running
 * application gives them.
 */
final class Floors {

    /** Calls of the slice warm-up: well past C2's invocation threshold for {@code Decoder.decode0}. */
    static final int WARM_CALLS = 20_000;
    private static final int WARM_SLICE = 4096;

    private Floors() {
    }

    /** Decodes {@link #WARM_CALLS} slices of the body's first base64 run; returns a checksum. */
    static long warmBase64(byte[] body, List<int[]> regions) {
        int[] r = regions.get(0);
        int usable = r[1] / 4 * 4; // whole quanta only, so every slice is valid base64 without padding
        int slice = Math.min(WARM_SLICE, usable);
        if (slice == 0) {
            return 0;
        }
        int slices = Math.max(1, (usable - 4) / slice); // the last quantum may hold padding: never in a slice
        long sum = 0;
        Base64.Decoder decoder = Base64.getDecoder();
        for (int i = 0; i < WARM_CALLS; i++) {
            ByteBuffer d = decoder.decode(ByteBuffer.wrap(body, r[0] + (i % slices) * slice, slice));
            sum += d.remaining();
        }
        return sum;
    }

    /** Decodes every region of {@code body} into fresh arrays; returns their total length plus a byte. */
    static long decodeAll(byte[] body, List<int[]> regions) {
        long total = 0;
        Base64.Decoder decoder = Base64.getDecoder();
        for (int[] r : regions) {
            ByteBuffer decoded = decoder.decode(ByteBuffer.wrap(body, r[0], r[1]));
            total += decoded.remaining() + decoded.get(decoded.limit() - 1);
        }
        return total;
    }

    /** {@code floor-base64}. */
    static final class Base64FromArray extends Clients.Client {
        private final byte[] body;
        private final List<int[]> regions;

        Base64FromArray(String base, String workload) throws IOException {
            // base is {replay}/w/{workload}/v1: fetch the same body once, outside the measured operation
            URI u = URI.create(base);
            try {
                HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        u.resolve("/body/" + workload)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IOException("the bench server answered " + r.statusCode() + " for /body/" + workload);
                }
                this.body = r.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            this.regions = Workloads.b64Regions(body);
            warmBase64(body, regions);
        }

        @Override
        long run() {
            return decodeAll(body, regions);
        }

        @Override
        Workloads.Digest digest() {
            return Workloads.digestOf(body);
        }
    }

    /** {@code floor-jdk-http}. */
    static final class JdkHttp extends Clients.Client {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final HttpRequest request;
        private final byte[] buffer = new byte[64 * 1024];

        JdkHttp(String base) {
            this.request = HttpRequest.newBuilder(URI.create(base + "/images/generations"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer k")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-image-2\",\"prompt\":\"imagegen4j "
                            + "benchmark\"}")).build();
        }

        @Override
        long run() throws IOException, InterruptedException {
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long total = 0;
            try (InputStream in = r.body()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                }
            }
            if (r.statusCode() != 200) {
                throw new IOException("bench server answered " + r.statusCode());
            }
            return total;
        }

        @Override
        Workloads.Digest digest() throws IOException, InterruptedException {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return Workloads.digestOf(r.body());
        }
    }

    /** {@code floor-transfer} ({@code decode == false}) and {@code floor-loopback} ({@code decode == true}). */
    static final class Transfer extends Clients.Client {
        private final String host;
        private final int port;
        private final byte[] request;
        private final boolean decode;
        private final byte[] head = new byte[16 * 1024];
        private byte[] body = new byte[64 * 1024];
        private int bodyLength;
        private List<int[]> regions;
        private Socket socket;

        Transfer(String base, boolean decode) throws IOException {
            URI u = URI.create(base);
            this.host = u.getHost();
            this.port = u.getPort();
            this.decode = decode;
            byte[] json = "{\"model\":\"gpt-image-2\",\"prompt\":\"imagegen4j benchmark\"}"
                    .getBytes(StandardCharsets.UTF_8);
            String h = "POST " + u.getPath() + "/images/generations HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nContent-Type: application/json\r\nAuthorization: Bearer k\r\nContent-Length: "
                    + json.length + "\r\n\r\n";
            byte[] hb = h.getBytes(StandardCharsets.ISO_8859_1);
            this.request = Arrays.copyOf(hb, hb.length + json.length);
            System.arraycopy(json, 0, request, hb.length, json.length);
            if (decode) {
                transfer();
                regions = Workloads.b64Regions(Arrays.copyOf(body, bodyLength));
                warmBase64(body, regions);
            }
        }

        @Override
        long run() throws IOException {
            transfer();
            return decode ? decodeAll(body, regions) : bodyLength;
        }

        @Override
        Workloads.Digest digest() throws IOException {
            transfer();
            return Workloads.digestOf(Arrays.copyOf(body, bodyLength));
        }

        /** One request; the response body ends up in {@code body[0, bodyLength)}. */
        private void transfer() throws IOException {
            if (socket == null) {
                socket = new Socket(host, port);
                socket.setTcpNoDelay(true);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            int n = 0;
            int end = -1;
            while (end < 0) { // the head, in bulk reads, up to CRLFCRLF; whatever follows is body
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    throw new IOException("connection closed in the response head");
                }
                for (int i = Math.max(3, n); i < n + r; i++) {
                    if (head[i] == '\n' && head[i - 1] == '\r' && head[i - 2] == '\n' && head[i - 3] == '\r') {
                        end = i + 1;
                        break;
                    }
                }
                n += r;
                if (end < 0 && n == head.length) {
                    throw new IOException("response head longer than " + head.length + " bytes");
                }
            }
            long contentLength = contentLength(new String(head, 0, end, StandardCharsets.ISO_8859_1));
            if (contentLength > Integer.MAX_VALUE - 8) {
                throw new IOException("body of " + contentLength + " bytes does not fit an array");
            }
            int length = (int) contentLength;
            if (body.length < length) {
                body = new byte[length];
            }
            int have = Math.min(n - end, length);
            System.arraycopy(head, end, body, 0, have);
            while (have < length) {
                int r = in.read(body, have, length - have);
                if (r < 0) {
                    throw new IOException("connection closed in the body after " + have + " of " + length + " bytes");
                }
                have += r;
            }
            bodyLength = length;
        }

        static long contentLength(String head) throws IOException {
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new IOException("bench server answered " + head.lines().findFirst().orElse(""));
            }
            for (String line : head.split("\r\n")) {
                String l = line.toLowerCase(Locale.ROOT);
                if (l.startsWith("content-length:")) {
                    return Long.parseLong(l.substring(15).strip());
                }
            }
            throw new IOException("response without content-length");
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
        }
    }
}
