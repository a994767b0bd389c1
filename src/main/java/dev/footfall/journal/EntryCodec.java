package dev.footfall.journal;

import dev.footfall.store.Event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The journal's record payload: a compact binary form of a {@link JournalEntry}, written by
 * request threads (encoding costs about a microsecond and is spread over them) and read by the
 * loader. Strings are UTF-8 with a varint length, numbers fixed or varint. The format is private
 * to one data directory and short-lived (a segment lives until loaded), so it carries a version
 * byte for a future change rather than a schema.
 */
final class EntryCodec {
    private static final byte VERSION = 1;
    private static final byte ACCEPTED = 1;
    private static final byte IMPORT_PROGRESS = 2;

    private EntryCodec() {}

    static byte[] encode(JournalEntry entry) {
        Out out = new Out();
        out.b(VERSION);
        switch (entry) {
            case JournalEntry.Accepted(Event e, long previousVisitorId) -> {
                out.b(ACCEPTED);
                out.s(e.site()).varLong(e.timestamp().getEpochSecond()).s(e.name())
                        .fixed(e.visitorId()).fixed(previousVisitorId)
                        .s(e.hostname()).s(e.pathname()).s(e.referrer()).s(e.referrerSource())
                        .s(e.utm().medium()).s(e.utm().source()).s(e.utm().campaign()).s(e.utm().content()).s(e.utm().term())
                        .s(e.location().country()).s(e.location().region()).s(e.location().city())
                        .s(e.client().device()).s(e.client().browser()).s(e.client().browserVersion())
                        .s(e.client().os()).s(e.client().osVersion());
                out.varLong(e.props().size());
                e.props().forEach((k, v) -> out.s(k).s(v));
                out.b((byte) ((e.interactive() ? 1 : 0) | (e.scrollDepth() != null ? 2 : 0) | (e.engagementMs() != null ? 4 : 0)));
                if (e.scrollDepth() != null) out.varLong(e.scrollDepth());
                if (e.engagementMs() != null) out.varLong(e.engagementMs());
            }
            case JournalEntry.ImportProgress(String fingerprint, String site, String fileName, long linesDone) ->
                    out.b(IMPORT_PROGRESS).s(fingerprint).s(site).s(fileName).varLong(linesDone);
        }
        return out.bytes();
    }

    /** @throws IllegalArgumentException when the payload is not one this version wrote */
    static JournalEntry decode(ByteBuffer in) {
        In r = new In(in);
        if (r.b() != VERSION) throw new IllegalArgumentException("unknown journal record version");
        return switch (r.b()) {
            case ACCEPTED -> {
                String site = r.s();
                Instant timestamp = Instant.ofEpochSecond(r.varLong());
                String name = r.s();
                long visitorId = r.fixed();
                long previousVisitorId = r.fixed();
                String hostname = r.s(), pathname = r.s(), referrer = r.s(), referrerSource = r.s();
                Event.Utm utm = new Event.Utm(r.s(), r.s(), r.s(), r.s(), r.s());
                Event.Location location = new Event.Location(r.s(), r.s(), r.s());
                Event.Client client = new Event.Client(r.s(), r.s(), r.s(), r.s(), r.s());
                int props = (int) r.varLong();
                Map<String, String> map = props == 0 ? Map.of() : new LinkedHashMap<>();
                for (int i = 0; i < props; i++) map.put(r.s(), r.s());
                int flags = r.b();
                Integer scrollDepth = (flags & 2) != 0 ? (int) r.varLong() : null;
                Integer engagementMs = (flags & 4) != 0 ? (int) r.varLong() : null;
                Event event = new Event(site, timestamp, name, visitorId, 0, hostname, pathname, referrer, referrerSource,
                        utm, location, client, map, (flags & 1) != 0, scrollDepth, engagementMs);
                yield new JournalEntry.Accepted(event, previousVisitorId);
            }
            case IMPORT_PROGRESS -> new JournalEntry.ImportProgress(r.s(), r.s(), r.s(), r.varLong());
            default -> throw new IllegalArgumentException("unknown journal record type");
        };
    }

    private static final class Out {
        private byte[] buf = new byte[256];
        private int n;

        Out b(byte v) {
            ensure(1);
            buf[n++] = v;
            return this;
        }

        Out fixed(long v) {
            ensure(8);
            for (int i = 7; i >= 0; i--) buf[n++] = (byte) (v >>> (i * 8));
            return this;
        }

        Out varLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[n++] = (byte) v;
            return this;
        }

        Out s(String v) {
            byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
            varLong(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, n, utf8.length);
            n += utf8.length;
            return this;
        }

        private void ensure(int more) {
            if (n + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, n);
        }
    }

    private record In(ByteBuffer buf) {
        byte b() {
            return buf.get();
        }

        long fixed() {
            return buf.getLong();
        }

        long varLong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = buf.get();
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) return v;
            }
            throw new IllegalArgumentException("malformed varint");
        }

        String s() {
            int len = (int) varLong();
            if (len < 0 || len > buf.remaining()) throw new IllegalArgumentException("string longer than its record");
            String v = new String(buf.array(), buf.arrayOffset() + buf.position(), len, StandardCharsets.UTF_8);
            buf.position(buf.position() + len);
            return v;
        }
    }
}
