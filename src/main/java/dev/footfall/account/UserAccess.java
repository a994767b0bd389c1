package dev.footfall.account;

import dev.footfall.site.Access;

import java.util.Map;
import java.util.Optional;

/** A logged-in user: the owner may do everything; anyone else what their role on each site allows. */
public record UserAccess(User person, Map<String, Role> roles) implements Access {
    public UserAccess {
        roles = Map.copyOf(roles);
    }

    @Override
    public boolean canSee(String domain) {
        return person.owner() || roles.containsKey(domain);
    }

    /**
     * Raw events carry visitor and session ids, one row per pageview: more than the dashboard's
     * aggregates a viewer is given. They are for the site's admins (and the owner).
     */
    @Override
    public boolean canReadEvents(String domain) {
        return canAdmin(domain);
    }

    @Override
    public boolean canAdmin(String domain) {
        return person.owner() || roles.get(domain) == Role.ADMIN;
    }

    /** Any account may add a site and becomes its admin, as on Plausible. */
    @Override
    public boolean canAddSites() {
        return true;
    }

    /** The role shown in lists: "owner" for the instance owner. */
    public String roleName(String domain) {
        if (person.owner()) return "owner";
        Role role = roles.get(domain);
        return role == null ? null : role.apiName();
    }
}
