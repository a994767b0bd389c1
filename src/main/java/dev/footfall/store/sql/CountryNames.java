package dev.footfall.store.sql;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * English country names by ISO 3166-1 alpha-2 code, for visit:country_name. They come from the
 * JDK's locale data (CLDR): the GeoIP databases Footfall reads give the code only for
 * ip-location-db's country files, and the code is what is stored.
 */
final class CountryNames {
    /** Every code the JDK knows, with its English name ("US" → "United States"). */
    static final Map<String, String> ENGLISH = names();

    private CountryNames() {}

    private static Map<String, String> names() {
        Map<String, String> names = new TreeMap<>();
        for (String code : Locale.getISOCountries()) names.put(code, Locale.of("", code).getDisplayCountry(Locale.ENGLISH));
        // Kosovo has no ISO code of its own; GeoIP databases use the user-assigned XK.
        names.put("XK", Locale.of("", "XK").getDisplayCountry(Locale.ENGLISH));
        return Map.copyOf(names);
    }
}
