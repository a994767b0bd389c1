package dev.footfall.account;

import java.util.Locale;

/** What a member may do with one site: a viewer reads its dashboard; an admin also changes its settings. */
public enum Role {
    VIEWER, ADMIN;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role r : values()) if (r.apiName().equals(text)) return r;
        throw new IllegalArgumentException("must be 'viewer' or 'admin'");
    }
}
