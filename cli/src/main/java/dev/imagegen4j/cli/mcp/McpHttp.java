package dev.imagegen4j.cli.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The MCP server over Streamable HTTP: the SDK's servlet transport in an embedded Jetty, at {@code /mcp}.
 *
 * <ul>
 *   <li>Loopback ({@code 127.0.0.1}) unless told otherwise; any other address needs a bearer token.</li>
 *   <li>With a token, every request must carry {@code Authorization: Bearer TOKEN} (compared in constant time,
 *       never logged); others get 401 before the MCP transport sees them.</li>
 *   <li>On loopback, the {@code Host} header must name a loopback host (DNS-rebinding protection); a request with an
 *       {@code Origin} header (a web page) is refused unless that origin was allowed.</li>
 * </ul>
 */
public final class McpHttp implements AutoCloseable {

    /** The endpoint path. */
    public static final String PATH = "/mcp";

    private final Server jetty;
    private final McpSyncServer server;
    private final URI uri;

    private McpHttp(Server jetty, McpSyncServer server, URI uri) {
        this.jetty = jetty;
        this.server = server;
        this.uri = uri;
    }

    /**
     * Where and how to listen.
     *
     * @param host           the address to bind; loopback unless a token is given
     * @param port           the port, 0 for any free one
     * @param token          the bearer token clients must send, or null (loopback only)
     * @param allowedOrigins web origins allowed to call (e.g. {@code http://localhost:6274}); default none
     */
    public record Options(String host, int port, BearerToken token, List<String> allowedOrigins) {

        /** Checks the options. @throws IllegalArgumentException naming the problem (never the token) */
        public Options {
            Objects.requireNonNull(host, "host");
            allowedOrigins = List.copyOf(allowedOrigins);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port " + port + ": must be from 0 to 65535");
            }
            if (token == null && !isLoopback(host)) {
                throw new IllegalArgumentException("--host " + host + " is not a loopback address, so clients must "
                        + "authenticate: set " + TOKEN_VARIABLE + " to a secret of at least " + BearerToken.MIN_LENGTH
                        + " characters (clients send it as 'Authorization: Bearer <token>')");
            }
        }

        /** A token from its text; see {@link BearerToken#of}. */
        public static BearerToken token(String text) {
            return text == null ? null : BearerToken.of(text);
        }
    }

    /** The environment variable holding the bearer token. */
    public static final String TOKEN_VARIABLE = "IMAGEGEN4J_MCP_TOKEN";

    /** Whether every address {@code host} names is a loopback address. */
    static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static McpHttp start(Options o, McpJsonMapper json,
            Function<HttpServletStreamableServerTransportProvider, McpSyncServer> serverFor, PrintStream log)
            throws IOException {
        boolean loopback = isLoopback(o.host());
        ServerTransportSecurityValidator validator;
        if (loopback) {
            DefaultServerTransportSecurityValidator.Builder v = DefaultServerTransportSecurityValidator.builder()
                    .allowedHosts(List.of("localhost", "localhost:*", "127.0.0.1", "127.0.0.1:*", "[::1]", "[::1]:*"));
            v.allowedOrigins(o.allowedOrigins());
            validator = v.build();
        } else {
            validator = DefaultServerTransportSecurityValidator.builder().allowedOrigins(o.allowedOrigins()).build();
        }
        HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json).mcpEndpoint(PATH).securityValidator(validator).build();
        McpSyncServer server = serverFor.apply(provider);
        Server jetty = new Server(new QueuedThreadPool(64, 2, 60_000));
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(o.host());
        connector.setPort(o.port());
        for (ConnectionFactory f : connector.getConnectionFactories()) {
            if (f instanceof HttpConnectionFactory) {
                ((HttpConnectionFactory) f).getHttpConfiguration().setSendServerVersion(false);
            }
        }
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(new Guard(provider, o.token()));
        holder.setAsyncSupported(true);
        context.addServlet(holder, PATH);
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            stop(jetty, server);
            throw new IOException("cannot listen on " + o.host() + ":" + o.port() + ": " + rootMessage(e), e);
        }
        int port = connector.getLocalPort();
        String host = o.host().contains(":") ? "[" + o.host() + "]" : o.host();
        return new McpHttp(jetty, server, URI.create("http://" + host + ":" + port + PATH));
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return String.valueOf(c.getMessage());
    }

    /** The endpoint clients connect to, e.g. {@code http://127.0.0.1:8765/mcp}. */
    public URI uri() {
        return uri;
    }

    @Override
    public void close() {
        stop(jetty, server);
    }

    private static void stop(Server jetty, McpSyncServer server) {
        try {
            server.close();
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    /** Refuses requests without the bearer token before the MCP transport sees them. */
    private static final class Guard extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient HttpServlet delegate;
        private final transient BearerToken token;

        Guard(HttpServlet delegate, BearerToken token) {
            this.delegate = delegate;
            this.token = token;
        }

        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            delegate.init(config);
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            if (token != null && !token.accepts(req.getHeader("Authorization"))) {
                resp.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"imagegen mcp\"");
                resp.setContentType("application/json");
                resp.getOutputStream().write(("{\"error\":\"unauthorized\",\"message\":\"send Authorization: Bearer "
                        + "<token>\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            delegate.service(req, resp);
        }

        @Override
        public void destroy() {
            delegate.destroy();
        }
    }
}
