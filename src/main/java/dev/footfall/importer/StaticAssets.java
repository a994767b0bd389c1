package dev.footfall.importer;

import java.util.Locale;
import java.util.Set;

/** Tells requests for pages from requests for the files around them, by the path's extension. */
final class StaticAssets {
    /**
     * Extensions of what is not a page: styles, scripts and source maps; images and icons; fonts;
     * audio and video; data and machine-read text (robots.txt, sitemaps, feeds, manifests); downloads.
     * The tracker script never runs on any of these, so live traffic never counts them either.
     */
    private static final Set<String> EXTENSIONS = Set.of(
            "css", "js", "mjs", "map",
            "png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "avif", "bmp", "tif", "tiff",
            "woff", "woff2", "ttf", "otf", "eot",
            "mp3", "mp4", "m4a", "webm", "ogg", "wav", "mov",
            "json", "txt", "xml", "rss", "atom", "webmanifest",
            "pdf", "zip", "gz", "tgz", "tar", "7z", "rar", "dmg", "exe", "msi", "apk", "deb", "rpm");

    private StaticAssets() {}

    static boolean isAsset(String target) {
        int end = target.length();
        int query = target.indexOf('?');
        if (query >= 0) end = query;
        int slash = target.lastIndexOf('/', end - 1);
        int dot = target.lastIndexOf('.', end - 1);
        if (dot <= slash || end - dot - 1 > 11) return false; // no extension, or too long to be one of ours
        return EXTENSIONS.contains(target.substring(dot + 1, end).toLowerCase(Locale.ROOT));
    }
}
