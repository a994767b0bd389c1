package dev.footfall.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows password guessing: after too many failed logins for one account, or from one client, in
 * a window, further attempts are refused until the window ends. Counts live in memory only (a
 * restart forgives them); client addresses are never written anywhere.
 */
public final class LoginThrottle {
    /** How long failures are remembered: a guesser gets a handful of tries per quarter hour. */
    static final Duration WINDOW = Duration.ofMinutes(15);
    /** Failures per account per window: a person who mistyped five times can wait or ask the owner. */
    static final int PER_ACCOUNT = 5;
    /** Failures per client per window: higher, since an office may share one address. */
    static final int PER_CLIENT = 20;
    /** Keys remembered at once; beyond it the oldest go, which favours the guesser only under a flood. */
    private static final int KEYS = 100_000;

    private final Clock clock;
    private final Cache<String, Failures> failures = Caffeine.newBuilder().expireAfterWrite(WINDOW).maximumSize(KEYS).build();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long to wait before trying again, if this account or client is over its limit. */
    public Optional<Duration> blocked(String email, String client) {
        Instant now = clock.instant();
        return wait("account:" + email, PER_ACCOUNT, now).or(() -> wait("client:" + client, PER_CLIENT, now));
    }

    public void failed(String email, String client) {
        Instant now = clock.instant();
        count("account:" + email, now);
        count("client:" + client, now);
    }

    /** A successful login clears the account's count (not the client's: it may be guessing other accounts). */
    public void succeeded(String email) {
        failures.invalidate("account:" + email);
    }

    private Optional<Duration> wait(String key, int limit, Instant now) {
        Failures f = failures.getIfPresent(key);
        if (f == null || f.count() < limit) return Optional.empty();
        Duration left = Duration.between(now, f.since().plus(WINDOW));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    private void count(String key, Instant now) {
        failures.asMap().compute(key, (k, f) -> f == null || !now.isBefore(f.since().plus(WINDOW))
                ? new Failures(now, 1) : new Failures(f.since(), f.count() + 1));
    }

    private record Failures(Instant since, int count) {}
}
