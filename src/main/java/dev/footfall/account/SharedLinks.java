package dev.footfall.account;

import dev.footfall.site.ApiKeys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Read-only links to one site's dashboard. Only the SHA-256 of a link's slug is stored; the slug
 * is shown once, at creation. A password-protected link, once its password is given, is
 * remembered by a cookie holding an expiry and an HMAC of the link and that expiry keyed by the
 * password's hash: nothing extra is stored, the proof stops working when it expires whatever the
 * browser does with the cookie, and changing or removing the link voids every such cookie.
 */
public final class SharedLinks {
    /** Names are labels in a list; this keeps the list readable. */
    private static final int MAX_NAME = 100;
    /** As for login passwords: Argon2 hashes any length alike, but a megabyte "password" is an attack. */
    private static final int MAX_PASSWORD = 200;
    /**
     * Characters of the slug kept in clear: enough to tell a site's links apart in a list (48 bits
     * of its 256), and to match a link someone holds to the row that revokes it.
     */
    public static final int PREFIX_LENGTH = 8;
    /** How long a given password is believed: a working day's dashboard visits. */
    public static final Duration UNLOCKED = Duration.ofHours(12);

    private final AccountStore store;
    private final PasswordHasher hasher;
    private final Clock clock;

    public SharedLinks(AccountStore store, PasswordHasher hasher, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** A new link and its slug: shown this once, since only its hash is stored. */
    public record Created(SharedLink link, String slug) {}

    public Created create(String domain, String name, Optional<String> password) {
        String label = name == null || name.isBlank() ? "Shared link" : name.strip();
        if (label.length() > MAX_NAME) throw new InvalidInputException("name", "must be at most " + MAX_NAME + " characters");
        Optional<String> hash = password.filter(p -> !p.isEmpty()).map(p -> {
            if (p.length() > MAX_PASSWORD) throw new InvalidInputException("password", "must be at most " + MAX_PASSWORD + " characters");
            return hasher.hash(p);
        });
        String slug = Tokens.newToken();
        SharedLink link = new SharedLink(ApiKeys.hash(slug), slug.substring(0, PREFIX_LENGTH), domain, label, hash);
        store.addSharedLink(link);
        return new Created(link, slug);
    }

    /** The link a visitor holds the slug of. */
    public Optional<SharedLink> find(String slug) {
        return slug == null || slug.isEmpty() ? Optional.empty() : store.sharedLink(ApiKeys.hash(slug));
    }

    public List<SharedLink> of(String domain) {
        return store.sharedLinks(domain);
    }

    /** Revokes the site's link by its prefix (as listed), or by its whole slug. */
    public boolean revoke(String domain, String prefixOrSlug) {
        if (prefixOrSlug == null) return false;
        if (prefixOrSlug.length() == PREFIX_LENGTH) return store.deleteSharedLink(domain, prefixOrSlug);
        return find(prefixOrSlug).filter(l -> l.domain().equals(domain)).map(l -> store.deleteSharedLink(domain, l.prefix())).orElse(false);
    }

    /** The cookie value that proves the password was given, if it is the link's password; "" for a link without one. */
    public Optional<String> unlock(SharedLink link, String password) {
        if (link.passwordHash().isEmpty()) return Optional.of("");
        if (!hasher.matches(password == null ? "" : password, link.passwordHash().get())) return Optional.empty();
        long expires = clock.instant().plus(UNLOCKED).getEpochSecond();
        return Optional.of(expires + "." + mac(link, expires));
    }

    /** Whether a visitor holding {@code cookie} may see the link's dashboard: a proof made for this link that has not expired. */
    public boolean open(SharedLink link, Optional<String> cookie) {
        if (link.passwordHash().isEmpty()) return true;
        if (cookie.isEmpty()) return false;
        String value = cookie.get();
        int dot = value.indexOf('.');
        if (dot <= 0) return false;
        long expires;
        try {
            expires = Long.parseLong(value.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(expires))) return false;
        return MessageDigest.isEqual(value.substring(dot + 1).getBytes(StandardCharsets.UTF_8),
                mac(link, expires).getBytes(StandardCharsets.UTF_8));
    }

    /** The cookie carrying the proof for one link (named by the slug's prefix, which the browser holds anyway). */
    public static String cookieName(SharedLink link) {
        return "footfall_share_" + link.prefix();
    }

    /** The expiry is signed with the link, so a visitor cannot lengthen it by editing the cookie. */
    private static String mac(SharedLink link, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(link.passwordHash().orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signed = "footfall-share-proof\n" + link.slugHash() + "\n" + expires;
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
