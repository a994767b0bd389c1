package dev.footfall.enrich;

import java.util.Locale;

/** Host name normalisation shared by the steps that compare hosts. */
final class Hosts {
    private Hosts() {}

    static String withoutWww(String host) {
        if (host == null) return "";
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("www.") ? h.substring(4) : h;
    }
}
