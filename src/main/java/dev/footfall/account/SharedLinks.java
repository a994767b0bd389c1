package dev.footfall.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Read-only links to one site's dashboard. A password-protected link, once its password is
 * given, is remembered by a cookie holding an HMAC of the slug keyed by the password's hash:
 * nothing extra is stored, and changing or removing the link voids every such cookie.
 */
public final class SharedLinks {
    /** Names are labels in a list; this keeps the list readable. */
    private static final int MAX_NAME = 100;

    private final AccountStore store;
    private final PasswordHasher hasher;

    public SharedLinks(AccountStore store, PasswordHasher hasher) {
        this.store = store;
        this.hasher = hasher;
    }

    public SharedLink create(String domain, String name, Optional<String> password) {
        String label = name == null || name.isBlank() ? "Shared link" : name.strip();
        if (label.length() > MAX_NAME) throw new InvalidInputException("name", "must be at most " + MAX_NAME + " characters");
        Optional<String> hash = password.filter(p -> !p.isEmpty()).map(p -> {
            if (p.length() > 200) throw new InvalidInputException("password", "must be at most 200 characters");
            return hasher.hash(p);
        });
        SharedLink link = new SharedLink(Tokens.newToken(), domain, label, hash);
        store.addSharedLink(link);
        return link;
    }

    public Optional<SharedLink> find(String slug) {
        return slug == null || slug.isEmpty() ? Optional.empty() : store.sharedLink(slug);
    }

    public List<SharedLink> of(String domain) {
        return store.sharedLinks(domain);
    }

    public boolean revoke(String domain, String slug) {
        return store.deleteSharedLink(domain, slug);
    }

    /** The cookie value that proves the password was given, if it is the link's password. */
    public Optional<String> unlock(SharedLink link, String password) {
        if (link.passwordHash().isEmpty()) return Optional.of("");
        if (!hasher.matches(password == null ? "" : password, link.passwordHash().get())) return Optional.empty();
        return Optional.of(proof(link));
    }

    /** Whether a visitor holding {@code cookie} may see the link's dashboard. */
    public boolean open(SharedLink link, Optional<String> cookie) {
        if (link.passwordHash().isEmpty()) return true;
        return cookie.map(c -> MessageDigest.isEqual(c.getBytes(StandardCharsets.UTF_8), proof(link).getBytes(StandardCharsets.UTF_8))).orElse(false);
    }

    /** The cookie carrying the proof for one link. */
    public static String cookieName(SharedLink link) {
        return "footfall_share_" + link.slug();
    }

    private static String proof(SharedLink link) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(link.passwordHash().orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(link.slug().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
