package org.standstill.bench;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The addresses at which a phone on the same network reaches this machine's query-service: one per network address
 * of an interface that is up and not the loopback, IPv4 first (what people type), then global IPv6. Link-local
 * addresses are left out: a browser cannot use them without naming the interface.
 */
final class PhoneAddresses {

    /** A network address of this machine and the interface it belongs to. */
    record Local(String interfaceName, InetAddress address) {
    }

    private PhoneAddresses() {
    }

    /** This machine's addresses as phones would use them, e.g. {@code http://192.168.1.20:8080/}. */
    static List<String> of(int port) {
        List<Local> locals = new ArrayList<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    locals.add(new Local(network.getName(), address));
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        return urls(locals, port);
    }

    /** The URLs of {@code locals} at {@code port}, each followed by its interface's name, best first. */
    static List<String> urls(List<Local> locals, int port) {
        return locals.stream()
                .filter(local -> !local.address().isLoopbackAddress() && !local.address().isLinkLocalAddress()
                        && !local.address().isAnyLocalAddress() && !local.address().isMulticastAddress())
                .sorted(Comparator.comparing((Local local) -> local.address() instanceof Inet4Address ? 0 : 1)
                        .thenComparing(local -> isPrivate(local.address()) ? 0 : 1))
                .map(local -> url(local.address(), port) + "   (" + local.interfaceName() + ")")
                .distinct()
                .toList();
    }

    static String url(InetAddress address, int port) {
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int zone = host.indexOf('%');
            host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
        }
        return URI.create("http://" + host + ":" + port + "/").toString();
    }

    /** Home and office networks (RFC 1918, and IPv6 unique local addresses): where phones usually are. */
    private static boolean isPrivate(InetAddress address) {
        if (address.isSiteLocalAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        return address instanceof Inet6Address && (bytes[0] & 0xFE) == 0xFC;
    }
}
