package dev.footfall.store.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Region names by ISO 3166-2 code ("US-CA" → "California"), for visit:region_name. GeoIP
 * databases give the subdivision's code, which is what is stored; its name comes from Debian's
 * iso-codes package, read from disk rather than bundled so that names follow the distribution's
 * updates. The JDK has no subdivision names. Without the file every region's name is its code.
 */
public final class RegionNames {
    /** The store's table of names, one row per code. */
    public static final String TABLE = "region_names";
    /** Debian's iso-codes package (a dependency of apt's Python tools, so present on most systems). */
    public static final Path DEBIAN_ISO_CODES = Path.of("/usr/share/iso-codes/json/iso_3166-2.json");

    private RegionNames() {}

    /** The names in an iso-codes {@code iso_3166-2.json}; empty when the file is missing or unreadable. */
    public static Map<String, String> read(Path file) {
        if (!Files.isReadable(file)) return Map.of();
        try {
            Map<String, String> names = new TreeMap<>();
            for (JsonNode region : new ObjectMapper().readTree(file.toFile()).path("3166-2")) {
                String code = region.path("code").asText(""), name = region.path("name").asText("");
                if (!code.isEmpty() && !name.isEmpty()) names.put(code, name);
            }
            return Map.copyOf(names);
        } catch (IOException e) {
            return Map.of();
        }
    }
}
