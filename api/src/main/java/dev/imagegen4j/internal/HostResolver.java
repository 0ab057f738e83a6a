package dev.imagegen4j.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name to its addresses: the system resolver, or a test's. Implementations must be thread-safe. */
@FunctionalInterface
public interface HostResolver {

    /** The JVM's resolver ({@link InetAddress#getAllByName(String)}). */
    HostResolver SYSTEM = InetAddress::getAllByName;

    /**
     * Every address of {@code host} (a name or an IP literal without brackets).
     *
     * @throws UnknownHostException if it has none
     */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
