package dev.imagegen4j.benchmarks;

import dev.imagegen4j.testkit.ImageApiEmulator;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The benchmarks' server, run in its own JVM so that none of its memory or allocation is charged to the
 * client being measured.
 *
 * <p>It starts the testkit {@link ImageApiEmulator} (which answers edits and produces every response
 * body), asks it once per workload for the response (see {@link Workloads} for the names: a real PNG for
 * {@code WIDTHxHEIGHT}, the emulator's synthetic payload for {@code 12MiB}, {@code n10x1MiB} and the
 * like), and then replays those exact bytes from memory over a minimal HTTP/1.1 server: every client gets
 * the same bytes, and serving costs one {@code write} of a pre-built array (no rendering, no base64
 * encoding on the server side competing for the two cores).
 *
 * <p>Routes of the replay server: {@code POST /w/{workload}/v1/images/generations} (the workload's
 * body), the same under {@code /lat/{millis}/w/...} (after sleeping that long, for the concurrency
 * workload), {@code GET /body/{workload}} (the body, for the in-memory floor), {@code GET
 * /meta/{workload}} ({@code bodyBytes decodedBytes digest}: what a client's decoded images must match).
 * Prints {@code READY replay=<url> emulator=<url>} and one {@code BODY name bodyBytes decodedBytes digest}
 * line per workload on stdout; exits when its stdin closes, or with {@code --daemon} only when killed.
 * Usage: {@code BenchServer [--port N] [--workloads a,b,c] [--daemon]}.
 */
public final class BenchServer {

    private final ImageApiEmulator emulator;
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, String> meta = new ConcurrentHashMap<>();
    private final ServerSocket socket;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "replay-conn");
        t.setDaemon(true);
        return t;
    });

    private BenchServer(int port) throws IOException {
        this.emulator = ImageApiEmulator.builder().maxRequestBytes(2_000_000_000L).journalCapacity(1).start();
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    }

    /**
     * Entry point.
     *
     * @param args {@code [--port N] [--workloads a,b,...]}
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int port = 0;
        String workloads = "tiny,1024x1024,3840x2160,16MiB,64MiB";
        boolean daemon = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--daemon")) {
                daemon = true;
            } else if (args[i].equals("--port")) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--workloads")) {
                workloads = args[++i];
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        BenchServer server = new BenchServer(port);
        for (String w : workloads.split(",")) {
            server.body(w.strip());
            System.out.println("BODY " + w.strip() + " " + server.meta.get(w.strip()));
        }
        Thread acceptor = new Thread(server::acceptLoop, "replay-accept");
        acceptor.start();
        System.out.println("READY replay=http://127.0.0.1:" + server.socket.getLocalPort() + " emulator="
                + server.emulator.baseUrl());
        System.out.flush();
        if (daemon) {
            acceptor.join(); // until killed
        }
        // exit when the parent closes our stdin (or on kill)
        try {
            while (System.in.read() != -1) {
                // ignore
            }
        } catch (IOException ignored) {
            // parent gone
        }
        System.exit(0);
    }

    /** The response body of {@code workload}, produced by the emulator on first use. */
    byte[] body(String workload) {
        return bodies.computeIfAbsent(workload, w -> {
            try {
                byte[] body = produce(w);
                meta.put(w, body.length + " " + Workloads.decodedLength(body) + " " + Workloads.digestOf(body));
                return body;
            } catch (IOException | InterruptedException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot produce the body of " + w + ": " + e, e);
            }
        });
    }

    private synchronized byte[] produce(String workload) throws IOException, InterruptedException {
        Workloads.Spec spec = Workloads.spec(workload);
        emulator.synthetic(spec.syntheticBytes);
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String json = "{\"model\":\"gpt-image-2\",\"prompt\":\"imagegen4j benchmark\",\"size\":\"" + spec.size
                    + "\",\"quality\":\"medium\",\"n\":" + spec.n + "}";
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v1/images/generations"))
                    .header("Authorization", "Bearer k").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException("emulator answered " + r.statusCode() + ": "
                        + new String(r.body(), 0, Math.min(500, r.body().length), StandardCharsets.UTF_8));
            }
            return r.body();
        } finally {
            emulator.synthetic(-1);
        }
    }

    private void acceptLoop() {
        while (true) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                pool.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] lines = head.split("\r\n");
                String[] requestLine = lines[0].split(" ");
                String path = requestLine[1];
                long contentLength = 0;
                boolean chunked = false;
                boolean expect = false;
                for (int i = 1; i < lines.length; i++) {
                    String l = lines[i].toLowerCase(Locale.ROOT);
                    if (l.startsWith("content-length:")) {
                        contentLength = Long.parseLong(l.substring(15).strip());
                    } else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
                        chunked = true;
                    } else if (l.startsWith("expect:") && l.contains("100-continue")) {
                        expect = true;
                    }
                }
                if (expect && (contentLength > 0 || chunked)) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                if (chunked) {
                    skipChunked(in);
                } else {
                    in.skipNBytes(contentLength);
                }
                long sleep = 0;
                if (path.startsWith("/lat/")) {
                    int slash = path.indexOf('/', 5);
                    sleep = Long.parseLong(path.substring(5, slash));
                    path = path.substring(slash);
                }
                String workload = null;
                if (path.startsWith("/w/")) {
                    workload = path.substring(3, path.indexOf('/', 3));
                } else if (path.startsWith("/body/")) {
                    workload = path.substring(6);
                } else if (path.startsWith("/meta/")) {
                    workload = path.substring(6);
                }
                byte[] body;
                int status = 200;
                try {
                    body = workload == null ? null : body(workload);
                    if (body != null && path.startsWith("/meta/")) {
                        body = meta.get(workload).getBytes(StandardCharsets.US_ASCII);
                    }
                } catch (RuntimeException e) {
                    body = null;
                }
                if (body == null) {
                    status = 404;
                    body = ("{\"error\":{\"message\":\"no such workload: " + path + "\",\"type\":\"invalid_request_error\"}}")
                            .getBytes(StandardCharsets.UTF_8);
                }
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
                String h = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found") + "\r\n"
                        + "content-type: application/json\r\n"
                        + "content-length: " + body.length + "\r\n"
                        + "x-request-id: req_bench\r\n"
                        + "connection: keep-alive\r\n\r\n";
                out.write(h.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            // client went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(512);
        int state = 0;
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            if (c == '\r' && (state == 0 || state == 2)) {
                state++;
            } else if (c == '\n' && (state == 1 || state == 3)) {
                state++;
                if (state == 4) {
                    return b.toString(StandardCharsets.ISO_8859_1).strip();
                }
            } else {
                state = 0;
            }
        }
        return null;
    }

    private static void skipChunked(InputStream in) throws IOException {
        while (true) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            int semi = line.indexOf(";");
            long n = Long.parseLong((semi >= 0 ? line.substring(0, semi) : line.toString()).strip(), 16);
            if (n == 0) {
                while ((c = in.read()) != -1) { // trailers until an empty line
                    if (c == '\n') {
                        break;
                    }
                }
                return;
            }
            in.skipNBytes(n + 2);
        }
    }
}
