package dev.footfall.importer;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * The page URL of a logged request, {@code https://<site domain><path>}, as the tracker would have
 * sent it. Logs hold request targets as clients sent them, so a few need repair before they are a URL:
 * absolute-form targets ({@code GET http://host/path}), nginx's {@code \xHH} escapes of non-ASCII bytes,
 * and characters browsers would have percent-encoded (spaces, quotes, braces, non-ASCII).
 */
final class PageAddress {
    private static final String URI_CHARACTERS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?[]@!$&'()*+,;=";

    private PageAddress() {}

    /** The page URL, or null when the target is not a path (e.g. "*", or an authority for CONNECT). */
    static URI of(String domain, String target) {
        String path = target;
        if (path.startsWith("http://") || path.startsWith("https://")) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        if (!path.startsWith("/")) return null;
        try {
            return new URI("https://" + domain + path); // the common case: the target is already a valid URI path
        } catch (URISyntaxException notYet) {
            try {
                return new URI("https://" + domain + repaired(path));
            } catch (URISyntaxException stillNot) {
                return null;
            }
        }
    }

    private static String repaired(String path) {
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 3 < path.length() && path.charAt(i + 1) == 'x' && isHex(path.charAt(i + 2)) && isHex(path.charAt(i + 3))) {
                out.append('%').append(path, i + 2, i + 4);
                i += 3;
            } else if (c == '%' && i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2))) {
                out.append(c);
            } else if (c < 128 && URI_CHARACTERS.indexOf(c) >= 0) {
                out.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < path.length() ? i + 2 : i + 1;
                for (byte b : path.substring(i, end).getBytes(StandardCharsets.UTF_8)) out.append('%').append(String.format("%02X", b & 0xff));
                i = end - 1;
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
