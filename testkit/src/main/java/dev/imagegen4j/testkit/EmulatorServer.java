package dev.imagegen4j.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server over {@link ServerSocket}: one pooled daemon thread per connection, keep-alive,
 * Content-Length and chunked request bodies, {@code Expect: 100-continue}. Raw socket access is what lets
 * it reset connections and cut bodies on purpose.
 */
final class EmulatorServer implements Closeable {

    private static final int IDLE_TIMEOUT_MS = 120_000;
    private static final AtomicInteger SERVER_IDS = new AtomicInteger();

    private final ServerSocket serverSocket;
    private final ExecutorService pool;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Router router;
    private final EmulatorContext ctx;
    private final FaultPlan faults;
    private final Journal journal;
    private final long maxBodyBytes;
    private volatile boolean closed;

    EmulatorServer(InetAddress address, int port, EmulatorContext ctx, Router router, FaultPlan faults,
            Journal journal, long maxBodyBytes) throws IOException {
        this.ctx = ctx;
        this.router = router;
        this.faults = faults;
        this.journal = journal;
        this.maxBodyBytes = maxBodyBytes;
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(address, port), 1024);
        int id = SERVER_IDS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "image-api-emulator-" + id + "-conn-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Thread acceptor = new Thread(this::acceptLoop, "image-api-emulator-" + id + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    InetAddress address() {
        return serverSocket.getInetAddress();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            open.add(socket);
            try {
                pool.execute(() -> serve(socket));
            } catch (RuntimeException rejected) {
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(IDLE_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            while (!closed) {
                if (!serveOne(socket, in, out)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The peer went away or a fault closed the connection: nothing more to say on it.
        } finally {
            open.remove(socket);
        }
    }

    /** Serves one request; returns whether the connection may carry another. */
    private boolean serveOne(Socket socket, InputStream in, OutputStream out) throws IOException {
        HttpParsing.Head head;
        try {
            head = HttpParsing.readHead(in);
        } catch (HttpParsing.BadRequest e) {
            writePlain(out, e.status, e.getMessage());
            return false;
        }
        if (head == null) {
            return false;
        }
        DialectHandler handler = router.handlerFor(head.path);
        Exchange ex = new Exchange(head, router.newRequestId(handler), Instant.now(),
                handler == null ? null : handler.dialect());
        Fault fault = faults.next(head.path);

        if (fault.kind() == Fault.Kind.RESET_BEFORE_BODY) {
            journal.add(ex.record(0, "fault RESET_BEFORE_BODY"));
            reset(socket);
            return false;
        }
        String expect = head.header("expect");
        if (expect != null && expect.equalsIgnoreCase("100-continue") && HttpParsing.hasBody(head)) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        try {
            ex.body = HttpParsing.readBody(in, head, maxBodyBytes);
        } catch (HttpParsing.BadRequest e) {
            journal.add(ex.record(e.status, e.status + " " + e.getMessage()));
            writePlain(out, e.status, e.getMessage());
            return false;
        }
        if (fault.kind() == Fault.Kind.RESET_AFTER_BODY) {
            ex.parseBodyQuietly();
            journal.add(ex.record(0, "fault RESET_AFTER_BODY"));
            reset(socket);
            return false;
        }
        BodyStreams.sleep(ctx.latency.plus(fault.latency()));

        Response response;
        try {
            response = router.handle(ex, handler, fault);
        } catch (RuntimeException bug) {
            // An emulator defect must not look like a network fault to the client under test.
            com.fasterxml.jackson.databind.node.ObjectNode body = Errors.JSON.createObjectNode();
            body.putObject("error").put("message", "imagegen4j emulator internal error: " + bug)
                    .put("type", "server_error").putNull("param").put("code", "emulator_error");
            response = Response.json(500, body.toString(), "500 emulator error " + bug);
        }
        response.header("x-request-id", ex.requestId);
        if (handler != null) {
            handler.decorate(response, ex);
        }
        for (Map.Entry<String, String> h : fault.headers().entrySet()) {
            if (Fault.REMOVED.equals(h.getValue())) {
                response.headers.remove(h.getKey());
            } else {
                response.header(h.getKey(), h.getValue());
            }
        }
        boolean keepAlive = head.keepAlive() && !closed;
        String outcome = response.outcome;
        if (fault.kind() == Fault.Kind.TRUNCATE_BODY || fault.kind() == Fault.Kind.STALL_MID_BODY
                || fault.kind() == Fault.Kind.DROP_ANSWER) {
            outcome = outcome + " + fault " + fault.kind();
        }
        journal.add(ex.record(response.status, outcome));
        if (fault.kind() == Fault.Kind.DROP_ANSWER) {
            reset(socket);
            return false;
        }
        BodyStreams.sleep(fault.firstByteDelay());
        return write(socket, out, head, response, fault, keepAlive);
    }

    private boolean write(Socket socket, OutputStream out, HttpParsing.Head head, Response response, Fault fault,
            boolean keepAlive) throws IOException {
        boolean chunked = response.length < 0;
        StringBuilder sb = new StringBuilder(256);
        sb.append("HTTP/1.1 ").append(response.status).append(' ').append(Response.reason(response.status))
                .append("\r\n");
        for (Map.Entry<String, String> h : response.headers.entrySet()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (chunked) {
            sb.append("transfer-encoding: chunked\r\n");
        } else {
            sb.append("content-length: ").append(response.length).append("\r\n");
        }
        sb.append("date: ").append(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC))).append("\r\n");
        sb.append("connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        if (head.method.equals("HEAD")) {
            out.flush();
            return keepAlive;
        }
        long half = chunked ? 1024 : response.length / 2;
        long cutAt = fault.kind() == Fault.Kind.TRUNCATE_BODY ? half : -1;
        long stallAt = fault.kind() == Fault.Kind.STALL_MID_BODY ? half : -1;
        OutputStream body = cutAt >= 0 || stallAt >= 0 ? new BodyStreams.Faulting(out, cutAt, stallAt, fault.duration())
                : out;
        try {
            if (chunked) {
                BodyStreams.Chunked c = new BodyStreams.Chunked(body);
                response.writeBody(c);
                c.finish();
            } else {
                response.writeBody(body);
            }
            out.flush();
        } catch (BodyStreams.Truncated t) {
            socket.shutdownOutput();
            return false;
        }
        return keepAlive;
    }

    private static void writePlain(OutputStream out, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + Response.reason(status) + "\r\ncontent-type: text/plain\r\n"
                + "content-length: " + body.length + "\r\nconnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Closes with SO_LINGER 0 so the peer sees a TCP RST rather than an orderly FIN. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        pool.shutdownNow();
    }
}
