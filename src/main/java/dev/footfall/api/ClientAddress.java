package dev.footfall.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The visitor's IP: the socket's peer, unless the peer is a trusted proxy, in which case the
 * right-most untrusted address of X-Forwarded-For (the left part of that header is whatever the
 * client wrote, so only the hops our proxies appended are believed).
 */
public final class ClientAddress {
    private final List<Cidr> trustedProxies;

    public ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(Cidr::parse).toList();
    }

    public String resolve(SocketAddress peer, Optional<String> forwardedFor) {
        InetAddress peerAddress = peer instanceof InetSocketAddress isa ? isa.getAddress() : null;
        String peerIp = peerAddress == null ? "" : peerAddress.getHostAddress();
        if (peerAddress == null || !trusted(peerAddress) || forwardedFor.isEmpty()) return peerIp;
        String[] hops = forwardedFor.get().split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            InetAddress address;
            try {
                address = InetAddress.ofLiteral(hop);
            } catch (IllegalArgumentException notAnIp) {
                return peerIp;
            }
            if (!trusted(address) || i == 0) return address.getHostAddress();
        }
        return peerIp;
    }

    /** Whether the peer is a proxy whose forwarded headers (address, protocol) are believed. */
    public boolean trustedProxy(SocketAddress peer) {
        return peer instanceof InetSocketAddress isa && isa.getAddress() != null && trusted(isa.getAddress());
    }

    private boolean trusted(InetAddress address) {
        for (Cidr cidr : trustedProxies) if (cidr.contains(address)) return true;
        return false;
    }

    /** An address block such as 10.0.0.0/8 or ::1/128; a bare address is a block of one. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            String[] parts = text.strip().split("/");
            byte[] address = InetAddress.ofLiteral(parts[0]).getAddress();
            int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : address.length * 8;
            if (prefix < 0 || prefix > address.length * 8) throw new IllegalArgumentException("bad prefix length in " + text);
            return new Cidr(address, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) return false;
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
            }
            return true;
        }
    }
}
