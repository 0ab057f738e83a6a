package dev.imagegen4j.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A purpose-built misbehaving HTTP/1.1 server on loopback for the faults the emulator does not script:
 * each connection is handed to a {@link Handler} that reads and writes raw bytes. It counts connections,
 * request heads and request bodies received, and records every head. Bounded: every connection's socket
 * has a read timeout and the server stops its threads when closed.
 */
final class HostileServer implements AutoCloseable {

    /** What to do with one connection. */
    interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    /** One request on a connection. */
    final class Exchange {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final Map<String, String> headers;
        final String requestLine;

        Exchange(Socket socket, String requestLine, Map<String, String> headers) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.requestLine = requestLine;
            this.headers = headers;
        }

        boolean expectsContinue() {
            return "100-continue".equalsIgnoreCase(headers.getOrDefault("expect", ""));
        }

        /** Answers {@code 100 Continue} if the client asked for it, then reads the body. */
        byte[] continueAndReadBody() throws IOException {
            if (expectsContinue()) {
                write("HTTP/1.1 100 Continue\r\n\r\n");
            }
            return readBody();
        }

        /** Reads the request body (Content-Length) and counts it. */
        byte[] readBody() throws IOException {
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            if (body.length == length) {
                bodies.incrementAndGet();
            }
            return body;
        }

        void write(String s) throws IOException {
            write(s.getBytes(StandardCharsets.UTF_8));
        }

        void write(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        /** A complete response with {@code Content-Length}. */
        void respond(int status, String contentType, byte[] body) throws IOException {
            write("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                    + "\r\nx-request-id: req_hostile\r\n\r\n");
            write(body);
        }

        /** Waits until the client closes the connection (or {@code maxMillis}); true if it closed. */
        boolean awaitClose(long maxMillis) throws IOException {
            socket.setSoTimeout((int) maxMillis);
            try {
                byte[] sink = new byte[8192];
                while (in.read(sink) >= 0) {
                    // discard; a body arriving here is counted by the caller if it cares
                }
                return true;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true;
            }
        }
    }

    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-server");
        t.setDaemon(true);
        return t;
    });
    private final Handler handler;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger heads = new AtomicInteger();
    final AtomicInteger bodies = new AtomicInteger();
    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    HostileServer(Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        pool.execute(this::acceptLoop);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                sockets.add(s);
                pool.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(60_000);
            InputStream in = s.getInputStream();
            while (!closed) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] lines = head.split("\r\n");
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon > 0) {
                        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                                lines[i].substring(colon + 1).strip());
                    }
                }
                heads.incrementAndGet();
                requests.add(headers);
                handler.handle(new Exchange(s, lines[0], headers));
            }
        } catch (Exception e) {
            // the client went away or the handler gave up: the connection ends
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        int c;
        while ((c = in.read()) != -1) {
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
            if (state == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
