package dev.footfall.enrich;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small city-level GeoIP database in the MaxMind DB format (GeoLite2-City's layout:
 * country, first subdivision, city), for tests that need regions: the default database the tests
 * fetch knows countries only, MaxMind's writer is not on Maven Central, and their test databases
 * are in no package. The file is read by the same reader as any other database; this writes IPv4
 * trees of /24 networks, which is all the tests need.
 *
 * <p>The format (https://maxmind.github.io/MaxMind-DB/): a binary search tree of 24-bit records,
 * 16 zero bytes, a data section, and a metadata map after a marker.
 */
public final class CityDatabaseFile {
    /** One /24 network's location; {@code subdivision} is the ISO 3166-2 code's second part ("BE"), or empty for none. */
    public record Network(String prefix24, String country, String subdivision, String city) {}

    private static final int RECORD_BITS = 24;
    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
            'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};

    private CityDatabaseFile() {}

    /** Writes the networks' database to {@code file}. */
    public static Path write(Path file, List<Network> networks) throws IOException {
        Node root = new Node();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Network n : networks) {
            int offset = data.size();
            data.writeBytes(encode(record(n)));
            String[] octets = n.prefix24().split("\\.");
            int bits = (Integer.parseInt(octets[0]) << 16) | (Integer.parseInt(octets[1]) << 8) | Integer.parseInt(octets[2]);
            Node node = root;
            for (int i = 23; i > 0; i--) node = node.child((bits >> i) & 1);
            node.data[bits & 1] = offset;
        }
        List<Node> nodes = new ArrayList<>();
        root.number(nodes);
        int count = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node node : nodes) {
            for (int side = 0; side < 2; side++) {
                // A record is a node's number, the node count for "no data", or past it for data
                // at (value - node count - 16) in the data section.
                long value = node.children[side] != null ? node.children[side].number
                        : node.data[side] >= 0 ? count + 16L + node.data[side] : count;
                out.write((int) (value >> 16) & 0xff);
                out.write((int) (value >> 8) & 0xff);
                out.write((int) value & 0xff);
            }
        }
        out.write(new byte[16]);
        out.writeBytes(data.toByteArray());
        out.writeBytes(METADATA_MARKER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", new Uint(2, 2));
        metadata.put("binary_format_minor_version", new Uint(0, 2));
        metadata.put("build_epoch", new Uint(1_700_000_000L, 8));
        metadata.put("database_type", "Footfall-Test-City");
        metadata.put("description", Map.of("en", "Footfall test cities"));
        metadata.put("ip_version", new Uint(4, 2));
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", new Uint(count, 4));
        metadata.put("record_size", new Uint(RECORD_BITS, 2));
        out.writeBytes(encode(metadata));
        Files.write(file, out.toByteArray());
        return file;
    }

    private static Map<String, Object> record(Network n) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("country", Map.of("iso_code", n.country()));
        if (!n.subdivision().isEmpty()) r.put("subdivisions", List.of(Map.of("iso_code", n.subdivision())));
        if (!n.city().isEmpty()) r.put("city", Map.of("names", Map.of("en", n.city())));
        return r;
    }

    /** An unsigned integer of a given width: 2 → uint16, 4 → uint32, 8 → uint64. */
    private record Uint(long value, int width) {}

    private static final class Node {
        final Node[] children = new Node[2];
        final int[] data = {-1, -1};
        int number;

        Node child(int side) {
            if (children[side] == null) children[side] = new Node();
            return children[side];
        }

        void number(List<Node> into) {
            number = into.size();
            into.add(this);
            for (Node c : children) if (c != null) c.number(into);
        }
    }

    private static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (value) {
            case String s -> {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                control(out, 2, bytes.length);
                out.writeBytes(bytes);
            }
            case Map<?, ?> map -> {
                control(out, 7, map.size());
                map.forEach((k, v) -> {
                    out.writeBytes(encode(k));
                    out.writeBytes(encode(v));
                });
            }
            case List<?> list -> {
                control(out, 11, list.size());
                list.forEach(v -> out.writeBytes(encode(v)));
            }
            case Uint u -> {
                control(out, switch (u.width()) { case 2 -> 5; case 4 -> 6; default -> 9; }, u.width());
                for (int i = u.width() - 1; i >= 0; i--) out.write((int) (u.value() >> (8 * i)) & 0xff);
            }
            default -> throw new IllegalArgumentException("cannot encode " + value);
        }
        return out.toByteArray();
    }

    /** A field's control byte: types above 7 are "extended" (0 in the control byte, type - 7 after it). */
    private static void control(ByteArrayOutputStream out, int type, int size) {
        if (size >= 29) throw new IllegalArgumentException("fields of the test database stay under 29 bytes: " + size);
        if (type <= 7) {
            out.write((type << 5) | size);
        } else {
            out.write(size);
            out.write(type - 7);
        }
    }
}
