package dev.footfall.enrich;

import com.maxmind.db.Reader;
import dev.footfall.store.Event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Country, region and city of an IP address from a MaxMind-format database. Reads both layouts in
 * use: ip-location-db's country-only files ({@code country_code}) and GeoLite2/DB-IP city files
 * ({@code country.iso_code}, {@code subdivisions[0].iso_code}, {@code city.names.en}).
 */
public final class GeoDatabase implements AutoCloseable {
    private final Reader reader;
    private final Path file;

    public GeoDatabase(Path file) {
        try {
            this.reader = new Reader(file.toFile());
            this.file = file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the GeoIP database " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @SuppressWarnings("unchecked")
    public Event.Location locate(InetAddress address) {
        if (!isPublic(address)) return Event.Location.UNKNOWN; // some free databases wrongly place private ranges
        try {
            Map<String, Object> record = reader.get(address, Map.class);
            if (record == null) return Event.Location.UNKNOWN;
            String country = string(record.get("country_code"));
            if (country.isEmpty() && record.get("country") instanceof Map<?, ?> c) country = string(c.get("iso_code"));
            String region = "";
            if (record.get("subdivisions") instanceof List<?> subs && !subs.isEmpty() && subs.getFirst() instanceof Map<?, ?> sub) {
                String code = string(sub.get("iso_code"));
                region = code.isEmpty() || country.isEmpty() ? "" : country + "-" + code;
            }
            String city = "";
            if (record.get("city") instanceof Map<?, ?> c && c.get("names") instanceof Map<?, ?> names) city = string(names.get("en"));
            return new Event.Location(country.toUpperCase(), region, city);
        } catch (IOException e) {
            return Event.Location.UNKNOWN; // a corrupt record loses the location, not the event
        }
    }

    private static boolean isPublic(InetAddress a) {
        boolean uniqueLocalV6 = a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc;
        return !(a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocalV6);
    }

    private static String string(Object o) {
        return o == null ? "" : o.toString();
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
