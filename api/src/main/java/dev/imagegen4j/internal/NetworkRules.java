package dev.imagegen4j.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which hosts are loopback and which addresses imagegen4j never fetches from, decided by the parsed address,
 * never by how the host name is spelled ({@code 127.evil.test} is a name like any other).
 *
 * <p><b>Loopback</b> ({@link #isLoopbackHost(String)}): an IP literal in {@code 127.0.0.0/8}, {@code ::1} or
 * {@code ::ffff:127.0.0.0/104}; or the name {@code localhost} when every address it resolves to is loopback. No
 * other name is loopback, whatever it resolves to.
 *
 * <p><b>Forbidden addresses</b> ({@link #forbidden(InetAddress, boolean)}), IPv4: {@code 0.0.0.0/8},
 * {@code 10/8}, {@code 100.64/10}, {@code 127/8} (unless loopback is allowed), {@code 169.254/16},
 * {@code 172.16/12}, {@code 192.0.0/24}, {@code 192.0.2/24}, {@code 192.88.99/24}, {@code 192.168/16},
 * {@code 198.18/15}, {@code 198.51.100/24}, {@code 203.0.113/24}, {@code 224/4}, {@code 240/4}. IPv6: {@code ::},
 * {@code ::1} (unless loopback is allowed), IPv4-mapped {@code ::ffff:0:0/96} (by the embedded IPv4 address),
 * IPv4-compatible {@code ::/96} (deprecated, always), the rest of {@code ::/8}, NAT64 {@code 64:ff9b::/96} (by
 * the embedded address), local NAT64 {@code 64:ff9b:1::/48}, discard {@code 100::/64}, Teredo {@code 2001::/32}
 * (by the server and the de-obfuscated client address), documentation {@code 2001:db8::/32}, 6to4
 * {@code 2002::/16} (by the embedded address), unique local {@code fc00::/7}, link-local {@code fe80::/10},
 * site-local {@code fec0::/10}, multicast {@code ff00::/8}. An IPv4 address embedded in IPv6 is judged with
 * loopback forbidden: through a translator, 127.0.0.1 is the translator's loopback, not this machine's.
 */
public final class NetworkRules {

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})"
            + "\\.(0|[1-9]\\d{0,2})");

    private NetworkRules() {
    }

    /**
     * Whether {@code host} (as in a URL: an IPv6 literal may be in brackets) is this machine's loopback, by its
     * parsed address; {@code localhost} is resolved with the system resolver.
     */
    public static boolean isLoopbackHost(String host) {
        return isLoopbackHost(host, HostResolver.SYSTEM);
    }

    /** As {@link #isLoopbackHost(String)}, resolving {@code localhost} with {@code resolver}. */
    public static boolean isLoopbackHost(String host, HostResolver resolver) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = unbracket(host).toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.equals("localhost")) {
            try {
                InetAddress[] all = resolver.resolve(h);
                if (all == null || all.length == 0) {
                    return false;
                }
                for (InetAddress a : all) {
                    if (!isLoopback(a)) {
                        return false;
                    }
                }
                return true;
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return literal(h).map(NetworkRules::isLoopback).orElse(false);
    }

    /**
     * The address of an IP literal, parsed without any name lookup: a dotted-quad IPv4 address (four decimal
     * parts without leading zeros) or an IPv6 address (with or without brackets). Empty for anything else,
     * including the shorthand forms some resolvers accept ({@code 127.1}, {@code 2130706433}, {@code 0x7f.1}).
     */
    public static Optional<InetAddress> literal(String host) {
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        String h = unbracket(host);
        Matcher m = IPV4.matcher(h);
        if (m.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(m.group(i + 1));
                if (part > 255) {
                    return Optional.empty();
                }
                b[i] = (byte) part;
            }
            try {
                return Optional.of(InetAddress.getByAddress(b));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        if (h.indexOf(':') >= 0) {
            try {
                // in brackets, the JDK parses an IPv6 literal or fails; it never asks a resolver
                return Optional.of(InetAddress.getByName("[" + h + "]"));
            } catch (UnknownHostException | SecurityException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether {@code a} is this machine's loopback: {@code 127.0.0.0/8}, {@code ::1}, or IPv4-mapped 127/8. */
    public static boolean isLoopback(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) == 127;
        }
        if (isMapped(b)) {
            return (b[12] & 0xff) == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[15] == 1;
    }

    /**
     * Why {@code a} must not be fetched from, e.g. {@code a private address 10.0.0.5} or {@code a private address
     * 10.0.0.5 inside the NAT64 address 64:ff9b:0:0:0:0:a00:5}; null when it may be.
     *
     * @param allowLoopback whether this machine's loopback is allowed (tests and local emulators)
     */
    public static String forbidden(InetAddress a, boolean allowLoopback) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            String why = v4(b, allowLoopback);
            return why == null ? null : why + " address " + a.getHostAddress();
        }
        return v6(b, allowLoopback, a.getHostAddress());
    }

    private static String v4(byte[] b, boolean allowLoopback) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 127) {
            return allowLoopback ? null : "a loopback";
        }
        if (a0 == 0) {
            return (b[1] | b[2] | b[3]) == 0 ? "an unspecified" : "a reserved (\"this network\")";
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return "a private";
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return "a carrier-grade NAT (shared)";
        }
        if (a0 == 169 && a1 == 254) {
            return "a link-local (metadata)";
        }
        if (a0 == 192 && a1 == 0 && a2 == 0) {
            return "a reserved (IETF protocol)";
        }
        if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0
                && a2 == 113)) {
            return "a documentation (TEST-NET)";
        }
        if (a0 == 192 && a1 == 88 && a2 == 99) {
            return "a reserved (6to4 relay)";
        }
        if (a0 == 198 && (a1 == 18 || a1 == 19)) {
            return "a reserved (benchmarking)";
        }
        if (a0 >= 224 && a0 <= 239) {
            return "a multicast";
        }
        if (a0 >= 240) {
            return a0 == 255 && (b[1] & b[2] & b[3]) == -1 ? "a broadcast" : "a reserved";
        }
        return null;
    }

    private static String v6(byte[] b, boolean allowLoopback, String shown) {
        int w0 = word(b, 0);
        int w1 = word(b, 2);
        if (isMapped(b)) {
            return embedded(b, 12, allowLoopback, "IPv4-mapped", shown);
        }
        if (firstZero(b, 12)) {
            if (firstZero(b, 15) && (b[15] == 0 || b[15] == 1)) {
                if (b[15] == 0) {
                    return "an unspecified address " + shown;
                }
                return allowLoopback ? null : "a loopback address " + shown;
            }
            return "a deprecated IPv4-compatible address " + shown;
        }
        if (w0 == 0x0064 && w1 == 0xff9b) {
            if (firstZero(b, 4, 8)) {
                return embedded(b, 12, false, "NAT64", shown);
            }
            if (word(b, 4) == 0x0001) {
                return "a local-use NAT64 (private) address " + shown;
            }
        }
        if (w0 == 0x0100 && firstZero(b, 8, 2)) {
            return "a reserved (discard-only) address " + shown;
        }
        if (w0 == 0x2001 && w1 == 0x0000) {
            String server = v4(new byte[] {b[4], b[5], b[6], b[7]}, false);
            if (server != null) {
                return server + " address " + v4Text(b[4], b[5], b[6], b[7]) + " as the server of the Teredo address "
                        + shown;
            }
            byte[] client = {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
            String why = v4(client, false);
            return why == null ? null : why + " address " + v4Text(client[0], client[1], client[2], client[3])
                    + " as the client of the Teredo address " + shown;
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return "a documentation address " + shown;
        }
        if (w0 == 0x2002) {
            return embedded(b, 2, false, "6to4", shown);
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return "a private (unique local) address " + shown;
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return "a link-local (metadata) address " + shown;
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return "a private (site-local) address " + shown;
        }
        if ((b[0] & 0xff) == 0xff) {
            return "a multicast address " + shown;
        }
        if (b[0] == 0) {
            return "a reserved address " + shown;
        }
        return null;
    }

    private static String embedded(byte[] b, int at, boolean allowLoopback, String form, String shown) {
        byte[] v4 = {b[at], b[at + 1], b[at + 2], b[at + 3]};
        String why = v4(v4, allowLoopback);
        if (why == null) {
            return null;
        }
        return why + " address " + v4Text(v4[0], v4[1], v4[2], v4[3]) + " inside the " + form + " address " + shown;
    }

    private static boolean isMapped(byte[] b) {
        return b.length == 16 && firstZero(b, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static boolean firstZero(byte[] b, int n) {
        return firstZero(b, 0, n);
    }

    private static boolean firstZero(byte[] b, int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int word(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static String v4Text(byte a, byte b, byte c, byte d) {
        return (a & 0xff) + "." + (b & 0xff) + "." + (c & 0xff) + "." + (d & 0xff);
    }

    private static String unbracket(String host) {
        return host.length() > 1 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']'
                ? host.substring(1, host.length() - 1) : host;
    }
}
