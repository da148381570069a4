package dev.casefile.console;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses, {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a
 * block of one. Written here rather than taken from Jetty's {@code InetAddressSet}, which also
 * accepts ranges, short forms like {@code 10.0.0/8} and host names (looked up in DNS): an allow-list
 * of proxies should mean exactly what it says. Only literals are parsed, so nothing here ever asks
 * DNS.
 */
final class Cidr {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * The block {@code spec} names; bits past the prefix are ignored ({@code 10.1.2.3/8} is
     * {@code 10.0.0.0/8}).
     *
     * @throws IllegalArgumentException naming {@code spec} when it is not an address or a block
     */
    static Cidr parse(String spec) {
        String s = spec == null ? "" : spec.strip();
        int slash = s.indexOf('/');
        InetAddress address = literal(slash < 0 ? s : s.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR block: '" + spec + "'");
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
                throw new IllegalArgumentException("bad prefix length in CIDR block: '" + spec + "'");
            }
            prefix = Integer.parseInt(p);
        }
        byte[] network = address.getAddress();
        for (int bit = prefix; bit < bits; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new Cidr(network, prefix);
    }

    /** Whether {@code address} is in this block; an IPv4 address is never in an IPv6 block, nor the reverse. */
    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit += 8) {
            int mask = prefix - bit >= 8 ? 0xff : (0xff << (8 - (prefix - bit))) & 0xff;
            if ((a[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The address an IP literal names, or null when {@code text} is not one. Accepts what Jetty
     * reports as a peer: {@code 127.0.0.1}, {@code [::1]}, {@code 0:0:0:0:0:0:0:1}, with or without
     * a zone ({@code %eth0}). An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) comes back as
     * its IPv4 address, so a dual-stack socket's peers match IPv4 blocks.
     */
    static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.length() > 2 && s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        try {
            if (IPV4.matcher(s).matches()) {
                return InetAddress.getByName(s);
            }
            if (s.indexOf(':') >= 0 && IPV6.matcher(s).matches()) {
                // In brackets the JDK takes the text as an IPv6 literal or fails; it never asks DNS.
                return InetAddress.getByName("[" + s + "]");
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
